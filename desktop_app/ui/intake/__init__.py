"""Intake: the new-case form, the approval page and the admission with its identity check."""
