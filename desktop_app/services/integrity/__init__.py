"""Evidence that holds: signatures bound to content, amendments, what a signer is shown, the
audit history as people read it, and verify."""
