"""Staff signatures, amendments, the audit history and verify."""
