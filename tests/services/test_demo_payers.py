"""The demo's claims exercise every payer class, cite only Luzhou and the national
baseline, and their totals by payer reconcile across the exported files and PDFs.

One small demo (8 patients) is generated once for the module, on each engine."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
from collections import defaultdict
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pikepdf
import pytest
from openpyxl import load_workbook
from sqlalchemy import Engine, select

from desktop_app.db.engine import make_engine
from desktop_app.db.models import Claim, FeeLine, RehabCase, StaffUser
from desktop_app.documents.claim_cover import PAYER_LABELS
from desktop_app.documents.fee_list import COVERAGE_SHORT
from desktop_app.documents.money import yuan
from desktop_app.documents.pdfa import SUMS_NAME
from desktop_app.domain.rules.policy import LUZHOU, RECORDS_SPEC, REGULATION, SPEC_2013
from desktop_app.services.claims import claim_export
from desktop_app.services.claims.claim_view import claim_view
from desktop_app.services.core.uow import UnitOfWork
from desktop_app.services.demo import CONSENTED_CASE, CORRECTED_CASE, generate_demo
from tests.conftest import fresh_database

AS_OF = date(2026, 11, 20)
OTHER_REGIONS = ("北京", "包头", "山东", "宁夏", "Beijing", "Baotou", "Shandong", "Ningxia")
PAYERS = ("fund", "self_paid", "institution", "worker", "excluded")


@pytest.fixture(scope="module")
def demo(migrated_template: str, db_kind: str,
         tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """An 8-patient demo archive, generated once for the module."""
    url = fresh_database(migrated_template, db_kind, tmp_path_factory.mktemp("demo"))
    engine = make_engine(url)
    generate_demo(engine, 8, seed=4, as_of=AS_OF)
    yield engine
    engine.dispose()


def claimed_lines(engine: Engine) -> list[FeeLine]:
    with UnitOfWork(engine) as uow:
        lines = list(uow.session.scalars(select(FeeLine).where(FeeLine.claim_id.is_not(None))))
        uow.session.expunge_all()
    return lines


def case_ids(engine: Engine) -> list[int]:
    with UnitOfWork(engine) as uow:
        return list(uow.session.scalars(select(RehabCase.id).order_by(RehabCase.id)))


def test_claims_hold_every_payer_class_and_a_reversal(demo: Engine) -> None:
    lines = claimed_lines(demo)
    by_payer: dict[str, set[str | None]] = defaultdict(set)
    for line in lines:
        by_payer[line.coverage].add(line.coverage_rule)
    assert set(by_payer) == set(PAYERS)
    assert by_payer["self_paid"] == {"out_of_scope_with_consent"}
    assert "out_of_scope_without_consent" in by_payer["institution"]
    assert by_payer["worker"] == {"refused_to_leave"}
    assert {"daily_necessities", "beyond_plan", "beyond_approved_period"} <= by_payer["excluded"]
    # one session, deliberately beyond the plan's count, is kept off the fund
    beyond = [ln for ln in lines if ln.coverage_rule == "beyond_plan"]
    assert len(beyond) == 1 and beyond[0].session_id is not None
    with UnitOfWork(demo) as uow:
        # every claim is final: the demo's claims are the ones an agency would receive
        statuses = {c.status for c in uow.session.scalars(select(Claim))}
    assert statuses == {"final"}

    reversals = [ln for ln in lines if ln.reverses_id is not None]
    assert len(reversals) == 1
    (reversal,) = reversals
    original = next(ln for ln in lines if ln.id == reversal.reverses_id)
    assert reversal.quantity == -original.quantity < 0 and reversal.amount == -original.amount < 0
    assert (original.coverage, reversal.coverage) == ("institution", "institution")
    with UnitOfWork(demo) as uow:
        view = claim_view(uow.session, reversal.claim_id)  # type: ignore[arg-type]
    assert view.version_no == 2 and view.supersedes_id == original.claim_id
    assert view.totals.by_payer["institution"] == -original.amount
    assert view.totals.by_payer["self_paid"] == original.amount
    assert view.totals.total == Decimal("0.00")


def test_every_reason_cites_only_luzhou_or_the_national_texts(demo: Engine) -> None:
    lines = claimed_lines(demo)
    assert lines
    for line in lines:
        reason = line.coverage_reason or ""
        assert not [name for name in OTHER_REGIONS if name in reason], reason
        assert any(doc in reason for doc in (LUZHOU, REGULATION, SPEC_2013, RECORDS_SPEC)), reason
    with UnitOfWork(demo) as uow:
        packs = set(uow.session.scalars(select(RehabCase.policy_pack)))
    assert packs <= {"luzhou/2025-1", None}


def _money(value: object) -> Decimal:
    return Decimal(str(value))


def _sum_by(rows: list[dict[str, str]], key: str = "wi_coverage") -> dict[str, Decimal]:
    totals = {p: Decimal("0.00") for p in PAYERS}
    for row in rows:
        totals[row[key]] += _money(row["det_item_fee_sumamt"])
    return totals


def _pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


@pytest.mark.parametrize("which", [CONSENTED_CASE, CORRECTED_CASE])
def test_exported_totals_by_payer_reconcile(demo: Engine, tmp_path: Path, which: int) -> None:
    case_id = case_ids(demo)[which]
    with UnitOfWork(demo) as uow:
        claim_id = uow.session.scalars(select(Claim.id).where(Claim.case_id == case_id)
                                       .order_by(Claim.version_no.desc())).first()
        officer = uow.session.scalars(select(StaffUser.id).where(
            StaffUser.username == "ro_sun")).one()
        assert claim_id is not None
        expected = claim_view(uow.session, claim_id).totals.by_payer
    with UnitOfWork(demo, actor_id=officer) as uow:
        result = claim_export.export_claim(uow, claim_id, tmp_path)
    files = {p.name: p.read_bytes() for p in (result.folder / "data" / "data_files").iterdir()}
    expected = {p: expected[p] for p in PAYERS}
    assert len([p for p in PAYERS if expected[p]]) >= 2  # more than the fund

    document = json.loads(files["claim.json"])
    assert {p: _money(document["totals"]["by_payer"][p]) for p in PAYERS} == expected
    assert _sum_by(document["feedetail"]) == expected
    detail = list(csv.DictReader(io.StringIO(files["fee_detail.csv"].decode("utf-8-sig"))))
    assert _sum_by(detail) == expected
    settlement = next(csv.DictReader(io.StringIO(files["settlement.csv"].decode("utf-8-sig"))))
    assert {p: _money(settlement[f"wi_payer_{p}"]) for p in PAYERS} == expected
    assert _money(settlement["fulamt_ownpay_amt"]) == expected["self_paid"]
    assert _money(settlement["hosp_part_amt"]) == expected["institution"]
    book = load_workbook(io.BytesIO(files["claim.xlsx"]))
    setl = book["setlinfo"]
    # Row 1: the Chinese header for people; row 2: the field names for systems; then data.
    xlsx = dict(zip([c.value for c in setl[2]], [c.value for c in setl[3]], strict=True))
    assert {p: _money(xlsx[f"wi_payer_{p}"]) for p in PAYERS} == expected
    sheet = book["feedetail"]
    header = [c.value for c in sheet[2]]
    rows = [dict(zip(header, [c.value for c in row], strict=True)) for row in sheet.iter_rows(min_row=3)]
    assert _sum_by(rows) == expected  # type: ignore[arg-type]
    if which == CORRECTED_CASE:
        negative = [r for r in detail if _money(r["det_item_fee_sumamt"]) < 0]
        assert len(negative) == 1 and negative[0]["wi_coverage"] == "institution"

    documents = {d.kind: result.folder / "data" / "documents" / d.filename for d in result.documents}
    cover = _pdf_text(documents["claim_cover"])
    for payer in PAYERS:
        if expected[payer]:
            row = next(ln for ln in cover.splitlines() if PAYER_LABELS[payer] in ln)
            assert row.split()[-1] == yuan(expected[payer]), row
    fee_list = _pdf_text(documents["fee_list"])
    printed = {p: Decimal("0.00") for p in PAYERS}
    short = {label: payer for payer, label in COVERAGE_SHORT.items()}
    for line in fee_list.splitlines():
        found = re.search(r"(-?[\d,]+\.\d\d)\s+(\S+)\s*$", line)
        if found and found[2] in short:
            printed[short[found[2]]] += Decimal(found[1].replace(",", ""))
    assert printed == expected
    for kind in ("claim_cover", "fee_list"):
        with pikepdf.open(documents[kind]) as pdf:
            embedded = {n: s.get_file().read_bytes() for n, s in pdf.attachments.items()}
        embedded.pop(SUMS_NAME)  # their SHA-256 list
        assert embedded == files
    for name in ("claim.json", "fee_detail.csv"):  # the memo column carries the reasons
        content = files[name].decode("utf-8-sig")
        assert not [r for r in OTHER_REGIONS if r in content], name


def test_every_demo_session_is_signed_by_its_therapist_and_the_patient_when_it_happens(
        demo: Engine) -> None:
    """The therapist signs each session as it ends; the patient signs the same day, right
    after the day's last session (not weeks later); and the signatures count at the gate."""
    from desktop_app.clock import CHINA
    from desktop_app.db.models import Signature, SignatureItem, TreatmentSession
    from desktop_app.domain.vocabulary import PATIENT_SIDE, Meaning
    from desktop_app.services.clinical.session_signing import performer_signatures

    with UnitOfWork(demo) as uow:
        s = uow.session
        sessions = {r.id: r for r in s.scalars(select(TreatmentSession))}
        signed = list(s.execute(select(SignatureItem.record_id, Signature).join(
            Signature, Signature.id == SignatureItem.signature_id).where(
            SignatureItem.record_type == "treatment_session")))
        counted = performer_signatures(s, list(sessions))
        assert len(sessions) > 100
        by_therapist = {i: sig for i, sig in signed if sig.meaning == Meaning.THERAPIST_SIGNS}
        assert set(by_therapist) == set(sessions) == set(counted)
        for session_id, signature in by_therapist.items():
            row = sessions[session_id]
            assert signature.staff_user_id == row.therapist_id
            assert signature.signed_at == row.ended_at
        by_patient = [(i, sig) for i, sig in signed if sig.signer_kind in PATIENT_SIDE]
        assert len(by_patient) > 100
        for session_id, signature in by_patient:
            row = sessions[session_id]
            assert signature.signed_at.astimezone(CHINA).date() == row.session_date
            assert row.ended_at <= signature.signed_at <= row.ended_at + timedelta(hours=10)


def test_the_demo_discharges_with_outcomes_and_follows_up(demo: Engine) -> None:
    """Issue 18: every discharged demo case has a destination and a work status (varied: some
    back at work, some not); those discharged 3 months or more before ``as_of`` are followed
    up, a few are missing and the alerts ask for them."""
    from desktop_app.db.models import FollowUp
    from desktop_app.domain.alerts import follow_up_due
    from desktop_app.domain.vocabulary import RETURNED_TO_WORK
    from desktop_app.services.clinical import worklist_view
    from desktop_app.services.clinical.follow_up_view import latest_return_to_work

    with UnitOfWork(demo) as uow:
        cases = list(uow.session.scalars(select(RehabCase).where(RehabCase.status == "discharged")))
        assert len(cases) >= 5 and all(c.discharge_destination and c.return_to_work for c in cases)
        statuses = {c.return_to_work for c in cases}
        assert statuses & RETURNED_TO_WORK and statuses - RETURNED_TO_WORK
        rows = list(uow.session.scalars(select(FollowUp)))
        discharged = {c.id: c.discharge_date for c in cases}
        assert len(rows) >= 3
        for row in rows:
            assert follow_up_due(discharged[row.case_id], row.months) <= row.contacted_on < AS_OF
        latest = latest_return_to_work(uow.session, discharged)
        assert set(latest) == set(discharged)
        asked = [a for a in worklist_view.alerts(uow.session, AS_OF) if a.kind.startswith("follow_up")]
        assert asked and {a.case_id for a in asked} <= set(discharged)
