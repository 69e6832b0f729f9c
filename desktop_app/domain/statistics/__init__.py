"""The institution's own statistics: indicators over plain rows (docs/statistics.md)."""
