"""Vocational rehabilitation: whether its outcome reached its goal (the statistics' goal
attainment, the appraisal summary)."""

from __future__ import annotations

from desktop_app.domain.vocabulary import RETURNED_TO_WORK


def goal_met(goal: str | None, outcome: str | None) -> bool | None:
    """The outcome (``RETURN_TO_WORK``) reached the goal (``VOCATIONAL_GOALS``): the same
    status, or — for the goal of vocational training — any return to work. None without both
    or with an unknown outcome."""
    if goal is None or outcome is None or outcome == "unknown":
        return None
    return outcome == goal or (goal == "vocational_training" and outcome in RETURNED_TO_WORK)
