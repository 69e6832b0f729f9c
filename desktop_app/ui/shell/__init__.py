"""The main window and what frames the work: sign-in, lock screen, workstation, home, case workspace."""
