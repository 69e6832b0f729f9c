"""Statistics for the annual evaluation and cost monitoring (issue 18)."""
