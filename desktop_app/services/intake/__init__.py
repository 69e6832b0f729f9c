"""Intake: registering the worker, employer, injury and case; approvals; admission; finding cases."""
