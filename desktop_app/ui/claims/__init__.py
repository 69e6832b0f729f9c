"""The records officer's claim pages, payment terms and the catalogue."""
