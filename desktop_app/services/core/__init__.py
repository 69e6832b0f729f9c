"""Shared infrastructure of the use cases: the unit of work and the audit it writes (with its
hash chain), the guards on signed records, authorisation, plain inputs, shared reads,
counters and progress. It imports no other context."""
