"""The same case judged in an archive of each pack region: each region's own answer, and
citations from that region's text or the national baseline only."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from desktop_app.clock import FixedClock
from desktop_app.domain.rules.packs import NATIONAL
from desktop_app.domain.rules.policy import (
    BAOTOU,
    BEIJING,
    INSTITUTION,
    LUZHOU,
    NINGXIA,
    RECORDS_SPEC,
    REGULATION,
    SHANDONG,
    SHORT,
    SPEC_2013,
)
from desktop_app.services.core.uow import UnitOfWork
from tests.region_fixture import (
    CONSENTED_DRUG,
    NURSING_DAY,
    PACK_REGIONS,
    RegionalClaim,
    regional_claim,
)

DOCUMENTS = {"luzhou": LUZHOU, "beijing": BEIJING, "baotou": BAOTOU, "shandong": SHANDONG,
             "ningxia": NINGXIA, NATIONAL: None}
NATIONAL_TEXTS = (REGULATION, SPEC_2013, RECORDS_SPEC, INSTITUTION)


@pytest.fixture(params=PACK_REGIONS)
def judged(request: pytest.FixtureRequest, uow: Callable[..., UnitOfWork],
           clock: FixedClock) -> RegionalClaim:
    return regional_claim(uow, clock, request.param)


def test_each_region_judges_by_its_own_pack(judged: RegionalClaim) -> None:
    region, lines = judged.region, judged.claim.lines
    assert judged.pack.region == region  # every date of the case is in the pack's force
    assert judged.recorded_pack == judged.pack.code

    (nursing,) = [ln for ln in lines if ln.charge_kind == "nursing"]
    assert nursing.occurred_on == NURSING_DAY
    if region == "beijing":
        assert (nursing.coverage, nursing.coverage_rule) == ("excluded", "nursing_during_inpatient_rehab")
        assert "第十五条第（四）项" in (nursing.coverage_reason or "")
    else:
        assert nursing.coverage == "fund"

    (drug,) = [ln for ln in lines if ln.national_code == CONSENTED_DRUG]
    if region == "luzhou":
        assert (drug.coverage, drug.coverage_rule) == ("self_paid", "out_of_scope_with_consent")
        assert "第三十一条" in (drug.coverage_reason or "")
    else:
        assert (drug.coverage, drug.coverage_rule) == ("excluded", "out_of_catalogue")

    (necessity,) = [ln for ln in lines if ln.charge_kind == "daily_necessity"]
    assert necessity.coverage == "excluded"

    own = DOCUMENTS[region]
    others = [d for d in DOCUMENTS.values() if d not in (None, own)]
    other_names = [SHORT[d] for d in others]
    for line in lines:
        reason = line.coverage_reason or ""
        assert not [d for d in others if d in reason], reason
        assert not [n for n in other_names if n in reason], reason
        assert any(doc in reason for doc in (*NATIONAL_TEXTS, *([own] if own else []))), reason
    cited = "".join(ln.coverage_reason or "" for ln in lines)
    assert (own in cited) if own else all(d not in cited for d in DOCUMENTS.values() if d)
