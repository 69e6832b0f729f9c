"""Administration: accounts, signing in, institution settings, first run, certificates."""
