"""The same scenario under two regions' packs gets the two texts' answers, each citing only
its own region (DOMAIN.md "Each text binds only its own region")."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from desktop_app.db.models import AuditEvent, Institution, RehabCase
from desktop_app.errors import FieldError, ValidationFailed
from desktop_app.services.core.commands import DiagnosisInput, EligibilityFacts
from desktop_app.services.core.permissions import PermissionDenied
from desktop_app.services.intake import intake
from desktop_app.services.rules import region
from tests.archive_fixture import APPROVAL, Archive

REGIONS = ("luzhou", "beijing")
SILICOSIS = {"diagnoses": (DiagnosisInput("J62.8", "其他含硅粉尘引起的尘肺（矽肺）"),),
             "disease_category": "OD", "injured_body_parts": ("双肺",)}
VOCATIONAL_800 = {"rehab_type": "vocational", "period_to": APPROVAL + timedelta(days=799)}


def under(archive: Archive, code: str) -> None:
    """The fixture's institution (泸州) moved to ``code``'s rules by the administrator."""
    if code != "luzhou":
        with archive.uow(archive.admin) as u:
            region.set_policy_region(u, code, "测试：机构迁址")


def refusal(archive: Archive, **changes: object) -> list[FieldError]:
    with pytest.raises(ValidationFailed) as caught:
        archive.register(**changes)
    return caught.value.errors


def texts(errors: list[FieldError] | tuple[FieldError, ...]) -> str:
    return " ".join(f"{e.zh} {e.en}" for e in errors)


@pytest.mark.parametrize(("code", "facts", "refused_citing"), [
    ("beijing", EligibilityFacts(employment_ended=True), "Beijing Art. 6"),
    ("luzhou", EligibilityFacts(employment_ended=True), None),
    ("luzhou", EligibilityFacts(insurance_relation_ended=True), "Luzhou Art. 4"),
    ("beijing", EligibilityFacts(insurance_relation_ended=True), None),
    ("beijing", EligibilityFacts(employment_ended=True, insurance_transferred=True), None),
])
def test_eligibility_is_the_region_texts(archive: Archive, code: str, facts: EligibilityFacts,
                                         refused_citing: str | None) -> None:
    under(archive, code)
    if refused_citing is None:
        archive.register(eligibility=facts)
        return
    errors = refusal(archive, eligibility=facts)
    assert refused_citing in texts(errors)
    other = "Luzhou" if code == "beijing" else "Beijing"
    assert other not in texts(errors) and ("泸州" if code == "beijing" else "北京") not in texts(errors)
    with archive.uow() as u:
        assert u.session.scalars(select(RehabCase)).first() is None


def test_maintenance_stage_grades_are_luzhou_only(archive: Archive) -> None:
    assert "Luzhou Art. 6(3)" in texts(refusal(archive, stage="MAINT", disability_grade=7))
    under(archive, "beijing")
    archive.register(stage="MAINT", disability_grade=7)  # Beijing Art. 20: no grade limit


def test_silicosis_is_accepted_in_beijing_and_warned_in_luzhou(archive: Archive) -> None:
    with archive.uow(archive.officer) as u:
        luzhou = intake.register_case(u, archive.registration(**SILICOSIS))
    [warning] = luzhou.warnings  # no ICD warning: OD implies an occupational disease
    assert warning.warning and warning.key == "disease_category" and "Luzhou Art. 7" in warning.en
    assert "劳动能力鉴定委员会" in warning.zh
    with archive.uow() as u:
        injury = u.session.get(RehabCase, luzhou.case_id).injury  # type: ignore[union-attr]
        assert injury.occupational_disease
    under(archive, "beijing")
    with archive.uow(archive.officer) as u:
        beijing = intake.register_case(u, archive.registration(
            recognition_number="京人社工认〔2026〕7号", **SILICOSIS))
    assert beijing.warnings == ()


def test_an_unknown_category_is_refused_everywhere(archive: Archive) -> None:
    assert "Unknown disease category" in texts(refusal(archive, disease_category="XX"))


@pytest.mark.parametrize(("code", "changes", "outcome"), [
    ("beijing", VOCATIONAL_800, "Beijing Art. 8(2)"),
    ("luzhou", VOCATIONAL_800, None),
    ("beijing", {"rehab_type": "vocational", "period_to": APPROVAL + timedelta(days=89)},
     "warning"),
    ("beijing", {"rehab_type": "medical", "period_to": date(2027, 4, 1)}, "Beijing Art. 8(1)"),
    ("beijing", {"rehab_type": "medical", "period_to": date(2027, 3, 31)}, None),
    ("beijing", {"rehab_type": "surgical"}, "Invalid rehab type"),
])
def test_period_caps_are_beijing_art_8(archive: Archive, code: str, changes: dict[str, object],
                                       outcome: str | None) -> None:
    under(archive, code)
    case_id = archive.register()
    if outcome in (None, "warning"):
        with archive.uow(archive.officer) as u:
            recorded = intake.enter_approval(u, case_id, archive.approval(**changes))
        if outcome is None:
            assert recorded.warnings == ()
        else:
            [warning] = recorded.warnings
            assert warning.warning and "Beijing Art. 8(2)" in warning.en
            assert "90 天" in warning.zh and "一般为60日，最长不超过180日" in warning.zh  # the CSV's text
        return
    with pytest.raises(ValidationFailed) as caught, archive.uow(archive.officer) as u:
        intake.record_approval(u, case_id, archive.approval(**changes))
    assert outcome in texts(caught.value.errors)
    with archive.uow() as u:
        assert u.session.get(RehabCase, case_id).status == "registered"  # type: ignore[union-attr]


def test_extensions_count_toward_the_cap(archive: Archive) -> None:
    under(archive, "beijing")
    case_id = archive.register()
    first = {"rehab_type": "vocational", "period_to": APPROVAL + timedelta(days=119)}
    with archive.uow(archive.officer) as u:
        assert intake.enter_approval(u, case_id, archive.approval(**first)).warnings
    start = APPROVAL + timedelta(days=120)
    extension = archive.approval(kind="extension", decision_number="京康核〔2026〕2号",
                                 rehab_type="vocational", period_from=start,
                                 period_to=start + timedelta(days=60))
    with pytest.raises(ValidationFailed) as caught, archive.uow(archive.officer) as u:
        intake.record_approval(u, case_id, extension)
    assert "181" in texts(caught.value.errors) and "Beijing Art. 8(2)" in texts(caught.value.errors)
    medical = archive.approval(kind="extension", decision_number="京康核〔2026〕3号",
                               period_from=start, period_to=start + timedelta(days=60))
    with archive.uow(archive.officer) as u:  # another rehab type: its own cap
        assert intake.enter_approval(u, case_id, medical).warnings == ()


@pytest.mark.parametrize(("code", "kind", "cites", "never"), [
    ("luzhou", "extension", "Luzhou Art. 8", ("Beijing", "Baotou")),
    ("beijing", "extension", None, ("Luzhou", "Baotou")),
    ("baotou", "early_filing", "Baotou Art. 8", ("Luzhou", "Beijing")),
    ("luzhou", "early_filing", "institution's rule", ("Baotou", "Beijing")),
])
def test_extension_and_filing_cite_the_pack_or_nothing(
        archive: Archive, code: str, kind: str, cites: str | None,
        never: tuple[str, ...]) -> None:
    under(archive, code)
    case_id = archive.register()
    with pytest.raises(ValidationFailed) as caught, archive.uow(archive.officer) as u:
        intake.record_approval(u, case_id, archive.approval(kind=kind))
    [error] = [e for e in caught.value.errors if e.key == "approval_kind"]
    assert (cites is None and "(" not in error.en) or (cites is not None and cites in error.en)
    assert not any(name in error.en for name in never)


def test_a_case_approved_before_a_region_change_keeps_its_pack(archive: Archive) -> None:
    old = archive.register()
    with archive.uow(archive.officer) as u:
        assert intake.enter_approval(u, old, archive.approval()).pack_code == "luzhou/2025-1"
    under(archive, "beijing")
    new = archive.register(recognition_number="京人社工认〔2026〕9号")
    with archive.uow(archive.officer) as u:
        intake.record_approval(u, new, archive.approval())
    with archive.uow() as u:
        packs = {c.id: c.policy_pack for c in u.session.scalars(select(RehabCase))}
        assert region.case_pack(u.session, u.session.get(RehabCase, old)).code == "luzhou/2025-1"
    assert packs == {old: "luzhou/2025-1", new: "beijing/2026-1"}
    start = date(2026, 7, 1)  # 800 vocational days: Luzhou sets no cap, so the old case may
    with archive.uow(archive.officer) as u:
        intake.record_approval(u, old, archive.approval(
            kind="extension", decision_number="泸工康核〔2026〕5号", rehab_type="vocational",
            period_from=start, period_to=start + timedelta(days=799)))


def test_changing_the_region_needs_an_administrator_and_a_reason(archive: Archive) -> None:
    with pytest.raises(PermissionDenied), archive.uow(archive.officer) as u:
        region.set_policy_region(u, "beijing", "迁址")
    with pytest.raises(ValidationFailed) as caught, archive.uow(archive.admin) as u:
        region.set_policy_region(u, "beijing", "  ")
    assert [e.key for e in caught.value.errors] == ["reason"]
    with pytest.raises(ValidationFailed), archive.uow(archive.admin) as u:
        region.set_policy_region(u, "shenzhen", "迁址")
    with archive.uow(archive.admin) as u:
        region.set_policy_region(u, "beijing", "机构迁至北京市朝阳区")
    with archive.uow() as u:
        assert u.session.scalars(select(Institution.policy_region)).one() == "beijing"
        event = u.session.scalars(select(AuditEvent).where(
            AuditEvent.action == "policy_region_changed")).one()
        assert event.details == {"from": "luzhou", "to": "beijing", "reason": "机构迁至北京市朝阳区"}
        assert event.actor_id == archive.admin
