"""Administration: first run, institution settings, users, outcome settings."""
