"""Benchmark: judging a long case's sessions (domain.rules.limits.judge), as recording a session
and building a claim do, against a floor measured in the same run (sorting the same rows).

    .venv/bin/python bench/session_limits.py [--sessions 5000] [--others 20000]

The case has ``--sessions`` sessions over a year (a therapist's several a day), the
neighbours ``--others`` sessions of the same therapists' other patients in those hours.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from desktop_app.domain.rules.limits import CaseLimits, ItemLimits, SessionRow, judge  # noqa: E402

START = datetime(2026, 1, 5, 8, 0)


def rows(count: int, first_id: int, first_therapist: int, per_day: int) -> list[SessionRow]:
    """``count`` 25-minute sessions, ``per_day`` a day in half-hour slots, four therapists."""
    out = []
    for n in range(count):
        day, slot = divmod(n, per_day)
        start = START + timedelta(days=day, minutes=30 * slot)
        out.append(SessionRow(first_id + n, "RUN", start, start + timedelta(minutes=25), 1,
                              first_therapist + n % 4))
    return out


def naive_overlaps(case: list[SessionRow], others: list[SessionRow]) -> int:
    """Every session against every other: what recording did before the day index."""
    everyone = case + others
    return sum(1 for a in case if any(
        a.id != b.id and a.started_at < b.ended_at and b.started_at < a.ended_at for b in everyone))


def best(work, repeat: int = 5) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=5000)
    parser.add_argument("--others", type=int, default=20000)
    args = parser.parse_args()
    case = rows(args.sessions, 1, 1, 14)  # about a year of a busy inpatient
    others = rows(args.others, 10_000_000, 5, 56)  # other therapists' patients, same hours
    limits = CaseLimits({"RUN": ItemLimits(approved=4000, planned=4000, max_per_day=20,
                                           max_per_course=4500)})
    floor = best(lambda: sorted(case + others, key=lambda r: (r.started_at, r.id)))
    judged = best(lambda: judge(case, limits, other_cases=others))
    broken = judge(case, limits, other_cases=others)
    print(f"{args.sessions} sessions, {args.others} neighbours: judge {judged * 1000:.1f} ms, "
          f"floor (sort) {floor * 1000:.1f} ms, ratio {judged / floor:.1f}")
    print(f"sessions with a broken limit: {sum(1 for j in broken.values() if j.broken)} "
          f"(therapist overlaps: {sum(1 for j in broken.values() if 'therapist_overlap' in j.broken)})")
    small = case[:1000], others[:4000]
    naive = best(lambda: naive_overlaps(*small), repeat=1)
    indexed = best(lambda: judge(small[0], limits, other_cases=small[1]))
    print(f"1000 sessions, 4000 neighbours: all-pairs overlap check {naive * 1000:.0f} ms, "
          f"judge with the day index {indexed * 1000:.1f} ms")


if __name__ == "__main__":
    main()
