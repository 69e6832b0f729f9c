"""Which region's pack applies to a case, and the session limits read from the archive."""
