"""One archive per pack region with the same case, for tests that judge a scenario under
every region's pack (tests/services/test_multi_region.py).

``regional_archive`` sets the institution's ``policy_region`` when it is first saved,
before any approval, so the case is judged by that region's pack.
``regional_claim`` builds the same inpatient course in it (tests/services/test_claims.py
``make_course``: approved, admitted, a signed plan, five signed sessions, assessments, a
daily necessity, an out-of-catalogue drug, bed days, discharged), adds a nursing charge
and the worker's signed consent to the out-of-catalogue drug, and builds the discharge
claim.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from desktop_app.clock import FixedClock
from desktop_app.db.models import RehabCase
from desktop_app.domain.claim_data import ClaimView
from desktop_app.domain.rules.packs import PACKS, PolicyPack, pack_for
from desktop_app.services.clinical import consent
from desktop_app.services.core.uow import UnitOfWork
from desktop_app.services.rules import region
from tests.archive_fixture import APPROVAL, Archive, build_archive
from tests.services.test_claims import make_course

PACK_REGIONS = tuple(p.region for p in PACKS)  # national, luzhou, beijing, baotou, ...
REGION_TEXT = {"national": "演示市", "luzhou": "泸州市", "beijing": "北京市", "baotou": "包头市",
               "shandong": "山东省淄博市", "ningxia": "宁夏回族自治区银川市"}
# The demo catalogue has no nursing item: a catalogue line recorded as a nursing charge.
NURSING_ITEM = "演示诊察费（康复医师诊察）"
NURSING_DAY = date(2026, 4, 15)
CONSENTED_DRUG = "X-DRUG-1"  # make_course charges it out of the catalogue on 2026-05-08


@dataclass(frozen=True)
class RegionalClaim:
    region: str
    pack: PolicyPack
    case_id: int
    claim: ClaimView
    recorded_pack: str | None


def regional_archive(uow: Callable[..., UnitOfWork], clock: FixedClock, region_code: str) -> Archive:
    """The test archive (tests/archive_fixture.py) with its institution in ``region_code``."""
    return build_archive(uow, clock, REGION_TEXT[region_code], policy_region=region_code)


def regional_claim(uow: Callable[..., UnitOfWork], clock: FixedClock, region_code: str) -> RegionalClaim:
    archive = regional_archive(uow, clock, region_code)
    course = make_course(archive)
    with uow(archive.officer) as u:
        case = u.session.get(RehabCase, course.case_id)
        assert case is not None
        # services.rules.region.fix_case_pack records the pack at the first approval; until
        # intake.record_approval calls it, the fixture does (a no-op once it does).
        region.fix_case_pack(u.session, case)
        u.commit()
    course.charge(NURSING_ITEM, NURSING_DAY, "1", "medical", charge_kind="nursing")
    with uow(archive.physician) as u:
        recorded = consent.record_consent(u, course.case_id, consent.ConsentInput(
            (consent.ConsentItemInput(CONSENTED_DRUG, 2, "目录外营养药", "盒", Decimal("28.35")),),
            "worker", "张三", date(2026, 5, 8)))
    archive.sign_as_patient([("out_of_scope_consent", recorded.id)])
    claim_id = course.build("discharge")
    with uow() as u:
        recorded_pack = u.session.get(RehabCase, course.case_id).policy_pack  # type: ignore[union-attr]
    return RegionalClaim(region_code, pack_for(region_code, APPROVAL), course.case_id,
                         course.view(claim_id), recorded_pack)
