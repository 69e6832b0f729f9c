"""Outcome of a course by instrument (康复效果评定), and when it shows no further benefit.

Luzhou Art. 23: the institution assesses the effect during treatment and, when the
assessment concludes that further treatment has no effect (无进一步康复治疗效果), ends
the course by procedure. Elsewhere it is the institution's own rule; the article cited is
the case's pack's (topic ``end_no_benefit``). The app only *suggests* ending; the
physician decides.

The rule (a product choice, written down in docs/decisions.md):

* Only instruments with a total are judged; the summed instruments (BI, MBI, FIM, FMA,
  GCS, BBS, MMSE, WAI) score better when higher, the screening scales PHQ-9 and GAD-7
  better when lower (``Instrument.higher_is_better``): for those a fall is the
  benefit. Per-item instruments (MMT, MAS,
  Brunnstrom, VAS/NRS) are shown but not judged.
* An instrument shows **no further benefit** when its last two totals differ by less
  than its *minimal difference* in the better direction (a fall counts as no benefit)
  **and** the grade did not move to a better band. A better grade is a benefit even
  when the step is small.
* The minimal difference defaults to 5 % of the instrument's total range, rounded up,
  at least 1 (BI and MBI 5 — one item step —, FIM 6, FMA 12, BBS 3, MMSE 2, GCS 1).
  Published minimal clinically important differences depend on the population and
  are not in the reference file, so an institution may set its own per instrument
  (``institution.settings["minimal_difference"]``, e.g. ``{"FIM": 22}``).
* The course is suggested to end when at least one instrument is judged and every
  judged instrument shows no further benefit at its latest assessment.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from desktop_app.domain.instruments import Instrument

SHARE_OF_RANGE = 0.05


@dataclass(frozen=True)
class Measure:
    """One assessment's result with an instrument (superseded versions left out)."""

    assessed_on: date
    phase: str
    total: int | None
    grade: str | None
    scheme: str | None = None


@dataclass(frozen=True)
class Trend:
    """An instrument over the course: baseline, latest, change and the verdict."""

    instrument_code: str
    baseline: Measure
    latest: Measure
    change: int | None  # latest − baseline, None without two totals
    minimal_difference: int | None
    judged: bool  # two totals to compare
    no_further_benefit: bool
    verdict_zh: str
    verdict_en: str


def minimal_difference(instrument: Instrument, overrides: Mapping[str, int] | None = None) -> int | None:
    """The smallest change that counts as a benefit; None for instruments without a total."""
    if not instrument.summed or instrument.total_range is None:
        return None
    if overrides and isinstance(overrides.get(instrument.code), int) and overrides[instrument.code] > 0:
        return overrides[instrument.code]
    low, high = instrument.total_range
    return max(1, math.ceil((high - low) * SHARE_OF_RANGE - 1e-9))


def _grade_rank(instrument: Instrument, measure: Measure) -> int | None:
    """Position of the measure's band in its scheme by lower bound (higher is better)."""
    if measure.total is None or measure.grade is None:
        return None
    schemes = ([instrument.schemes[measure.scheme]]
               if measure.scheme is not None and measure.scheme in instrument.schemes
               else list(instrument.schemes.values()))
    for bands in schemes:
        for band in bands:
            if band.zh == measure.grade and band.low <= measure.total <= band.high:
                return band.low
    return None


def grade_improved(instrument: Instrument, earlier: Measure, later: Measure) -> bool:
    before, after = _grade_rank(instrument, earlier), _grade_rank(instrument, later)
    if before is None or after is None:
        return False
    return after > before if instrument.higher_is_better else after < before


def trend(instrument: Instrument, history: Sequence[Measure],
          overrides: Mapping[str, int] | None = None) -> Trend:
    """``history`` in the order assessed (at least one)."""
    if not history:
        raise ValueError("an instrument's trend needs at least one assessment")
    baseline = next((m for m in history if m.phase == "pre"), history[0])
    latest = history[-1]
    minimal = minimal_difference(instrument, overrides)
    totals = [m for m in history if m.total is not None]
    change = (latest.total - baseline.total
              if latest.total is not None and baseline.total is not None else None)
    if minimal is None or len(totals) < 2 or latest.total is None:
        why = "无总分，不作判断" if minimal is None else "仅一次评估，尚不能判断"
        why_en = "no total, not judged" if minimal is None else "one assessment only, not judged yet"
        return Trend(instrument.code, baseline, latest, change, minimal, False, False, why, why_en)
    previous = totals[-2]
    assert previous.total is not None  # totals holds the measures with one
    step = latest.total - previous.total
    gain = step if instrument.higher_is_better else -step  # the change in the better direction
    benefit = gain >= minimal or grade_improved(instrument, previous, latest)
    if benefit and step < 0:
        zh, en = f"较上次降低 {-step} 分，仍有改善", f"down {-step} since the last one, still improving"
    elif benefit:
        zh, en = f"较上次提高 {step} 分，仍有改善", f"up {step} since the last one, still improving"
    elif gain < 0 and step > 0:
        zh = f"较上次升高 {step} 分，无进一步改善"
        en = f"up {step} since the last one (lower is better): no further benefit"
    elif step < 0:
        zh = f"较上次下降 {-step} 分，无进一步改善"
        en = f"down {-step} since the last one: no further benefit"
    else:
        zh = f"较上次变化 {step} 分（小于最小差值 {minimal} 分），无进一步改善"
        en = f"changed {step} since the last one (below the minimal difference {minimal}): no further benefit"
    return Trend(instrument.code, baseline, latest, change, minimal, True, not benefit, zh, en)


def suggests_ending(trends: Sequence[Trend]) -> bool:
    """Every judged instrument (at least one) shows no further benefit."""
    judged = [t for t in trends if t.judged]
    return bool(judged) and all(t.no_further_benefit for t in judged)


def grade_change_text(earlier: Measure, later: Measure) -> str:
    if earlier is later or earlier.grade == later.grade:
        return later.grade or "—"
    return f"{earlier.grade or '—'} → {later.grade or '—'}"
