"""The institution's statistics: rows read with set-based queries (``stats_rows``), the report
(``stats_view``) the screen, the XLSX and the PDF show (docs/statistics.md)."""
