"""The typed vocabulary (``domain.vocabulary``) is exactly the text archives already hold.

* every enum's values are the values the database stores: the models' defaults and
  column widths, the ranks the triggers of migrations 0002/0004 give the states, and the
  distinct values a claim's whole course writes (both engines);
* a record, a claim, a signature and an audit entry hash to the same bytes whether their
  states and kinds are enum members or plain strings, and to the digests computed from
  plain strings *before the enums existed* (so an archive signed before verifies after);
* the claim state machine (``domain.claim_states``).
"""

from __future__ import annotations

import importlib.util
import json
import re
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import String, select

from desktop_app.db import models
from desktop_app.domain import claim_states, permissions
from desktop_app.domain.canonical import canonical_bytes, content_hash
from desktop_app.domain.claim_states import ClaimMove
from desktop_app.domain.vocabulary import (
    CASE_STATUSES,
    COVERAGE,
    COVERAGE_CLASSES,
    FEE_CATEGORIES,
    PATIENT_SIDE,
    RECORD_STATES,
    ROLES,
    SIGNER_KINDS,
    Action,
    CaseStatus,
    ClaimStatus,
    ConsentSigner,
    CoverageClass,
    FeeCategory,
    Meaning,
    Role,
    SignerKind,
    State,
)
from tests.archive_fixture import Archive

MIGRATIONS = Path(__file__).resolve().parents[2] / "desktop_app" / "db" / "migrations" / "versions"

# The values archives hold, as the models and services wrote them before the enums
# (commit 48726cf): never to change, whatever the enums become.
STORED: dict[type[StrEnum], tuple[str, ...]] = {
    State: ("draft", "signed", "archived", "sealed"),
    CaseStatus: ("registered", "approved", "admitted", "discharged"),
    ClaimStatus: ("draft", "final", "exported"),
    FeeCategory: ("rehab", "medical", "drug", "bed", "other"),
    CoverageClass: ("fund", "self_paid", "institution", "worker", "excluded", "pending"),
    SignerKind: ("staff", "patient", "legal_rep", "authorised", "relative", "employer"),
    ConsentSigner: ("employer", "worker", "relative"),
    Meaning: ("patient_confirms_plan", "patient_confirms_sessions", "patient_consents",
              "physician_signs", "therapist_signs", "assessor_signs", "reviewer_cosigns",
              "officer_signs", "disposal_approves", "disposal_witness", "amender_signs",
              "amendment_approves", "summary_prepares", "summary_reviews"),
    Role: ("admin", "physician", "therapist", "assistant", "records_officer"),
}
# Which columns hold which vocabulary.
COLUMNS: dict[type[StrEnum], list[Any]] = {
    State: [models.RehabCase.record_state, models.Approval.record_state,
            models.TreatmentPlan.record_state, models.Prescription.record_state,
            models.TreatmentSession.record_state, models.Assessment.record_state,
            models.OutOfScopeConsent.record_state, models.Claim.record_state,
            models.FeeLine.record_state, models.DisposalRequest.record_state],
    CaseStatus: [models.RehabCase.status],
    ClaimStatus: [models.Claim.status],
    FeeCategory: [models.CatalogueItem.category, models.FeeLine.category],
    CoverageClass: [models.FeeLine.coverage],
    SignerKind: [models.Signature.signer_kind],
    ConsentSigner: [models.OutOfScopeConsent.signer_kind],
    Meaning: [models.Signature.meaning],
    Role: [models.StaffUser.role],
}


def test_the_values_are_those_archives_hold() -> None:
    for enum, values in STORED.items():
        assert tuple(enum) == values, enum
        assert all(member == value and str(member) == value and f"{member}" == value
                   for member, value in zip(enum, values, strict=True))
    assert tuple(permissions.PERMISSIONS) == tuple(Action)  # the table rules on every action
    assert tuple(State) == RECORD_STATES and tuple(CaseStatus) == CASE_STATUSES
    assert tuple(FeeCategory) == FEE_CATEGORIES and tuple(Role) == ROLES
    assert tuple(CoverageClass) == COVERAGE
    assert COVERAGE_CLASSES == ("fund", "self_paid", "institution", "worker", "excluded")
    assert ("staff", *PATIENT_SIDE, "employer") == SIGNER_KINDS


def test_the_columns_fit_the_values_and_default_to_members() -> None:
    for enum, columns in COLUMNS.items():
        for attribute in columns:
            column = attribute.property.columns[0]
            assert isinstance(column.type, String), attribute
            width = column.type.length
            assert width is not None and max(len(v) for v in enum) <= width, attribute
            default = column.default.arg if column.default is not None else None
            assert default is None or default in enum.__members__.values(), attribute
    assert models.RehabCase.__table__.c.status.default.arg == CaseStatus.REGISTERED
    assert models.Claim.__table__.c.status.default.arg == ClaimStatus.DRAFT
    assert models.FeeLine.__table__.c.coverage.default.arg == CoverageClass.PENDING
    assert models.FeeLine.__table__.c.record_state.default.arg == State.DRAFT
    assert max(len(a) for a in Action) <= models.AuditEvent.__table__.c.action.type.length


def _migration(name: str) -> Any:  # noqa: ANN401 - a module
    spec = importlib.util.spec_from_file_location(name, MIGRATIONS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_triggers_rank_the_states_in_the_enums_order() -> None:
    claims = _migration("0004_claims")
    ranked = re.findall(r"WHEN '(\w+)' THEN (\d)", claims.STATE_RANK)
    assert [s for s, _ in sorted(ranked, key=lambda r: r[1])] == list(State)
    ranked = re.findall(r"WHEN '(\w+)' THEN (\d)", claims.STATUS_RANK)
    assert [s for s, _ in sorted(ranked, key=lambda r: r[1])] == list(ClaimStatus)
    disposal = _migration("0003_retention_and_disposal")
    assert {Meaning.DISPOSAL_APPROVES, Meaning.DISPOSAL_WITNESS} <= set(
        re.findall(r"s\.meaning = '(\w+)'", disposal.AUTHORISED))


# ----------------------------------------------------------------------------- hashes


def samples(v: dict[str, str]) -> dict[str, Any]:
    """A fee line's signed content, a frozen claim, a signature, a case and an audit
    entry, with the states and kinds ``v`` gives (plain strings or enum members)."""
    cats = [v["rehab"], v["medical"], v["drug"], v["bed"], v["other"]]
    payers = [v["fund"], v["self_paid"], v["institution"], v["worker"], v["excluded"]]
    fee_line = {"record_type": "fee_line", "id": 41, "content": {
        "id": 41, "case_id": 3, "session_id": 17, "catalogue_item_id": 5,
        "price_version": "luzhou/2026.1", "national_code": "340200001", "local_code": None,
        "name": "运动疗法", "unit": "次", "unit_price": Decimal("45.0000"),
        "quantity": Decimal("1.00"), "amount": Decimal("45.00"), "category": v["rehab"],
        "occurred_on": date(2026, 4, 10), "coverage": v["fund"],
        "coverage_reason": "目录内 / in catalogue", "coverage_rule": "in_scope",
        "claim_id": 9, "reverses_id": None, "consent_id": None, "charge_kind": None,
        "body_part": "右髋", "created_at": datetime(2026, 4, 10, 2, 30, tzinfo=UTC),
        "created_by_id": 4}}
    claim = {"v": 1, "claim": {
        "id": 9, "case_id": 3, "period": "2026-04", "version_no": 1, "supersedes_id": None,
        "status": v["final"], "correction_reason": None,
        "frozen_at": datetime(2026, 5, 2, 1, 0, tzinfo=UTC),
        "totals": {"by_category": {c: Decimal("10.50") for c in cats},
                   "by_payer": {p: Decimal("0.00") for p in payers},
                   "by_category_payer": {c: {p: Decimal("1") for p in payers} for c in cats}}},
        "lines": [fee_line], "states": [v["draft"], v["signed"], v["archived"], v["sealed"]],
        "statuses": [v["draft"], v["final"], v["exported"], v["pending"]]}
    signature = {"v": 1, "meaning": v["patient_confirms_sessions"],
                 "signer_kind": v["relative"], "staff_user_id": None, "signer_name": "张四",
                 "relationship": "兄弟", "proof": "户口簿", "method": "handwritten",
                 "signed_at": datetime(2026, 4, 10, 3, 0, tzinfo=UTC),
                 "image_sha256": "ab" * 32, "attachment_id": None, "strokes_sha256": None,
                 "device": "pad", "items": [["treatment_session", 17, "cd" * 32]],
                 "kinds": [v["staff"], v["patient"], v["legal_rep"], v["authorised"],
                           v["employer"]],
                 "meanings": [v["physician_signs"], v["reviewer_cosigns"],
                              v["disposal_witness"]]}
    case = {"record_type": "rehab_case", "id": 3, "content": {
        "status": v["admitted"], "record_state": v["archived"],
        "history": [v["registered"], v["approved"], v["admitted"], v["discharged"]],
        "consent_signer": [v["c_employer"], v["c_worker"], v["c_relative"]]}}
    audit = {"action": v["claim.finalize"], "role": v["records_officer"],
             "roles": [v["admin"], v["physician"], v["therapist"], v["assistant"]],
             "state": v["sealed"], "by_state": {v["draft"]: 1, v["signed"]: 2}}
    return {"fee_line": fee_line, "claim": claim, "signature": signature, "case": case,
            "audit": audit}


MEMBERS: dict[str, str] = {
    **{c.value: c for c in FeeCategory}, **{c.value: c for c in CoverageClass},
    **{s.value: s for s in State}, "final": ClaimStatus.FINAL, "exported": ClaimStatus.EXPORTED,
    **{m.value: m for m in Meaning}, **{k.value: k for k in SignerKind},
    **{s.value: s for s in CaseStatus}, "claim.finalize": Action.CLAIM_FINALIZE,
    **{r.value: r for r in Role}, "c_employer": ConsentSigner.EMPLOYER,
    "c_worker": ConsentSigner.WORKER, "c_relative": ConsentSigner.RELATIVE,
}
PLAIN: dict[str, str] = {key: str.__str__(member) for key, member in MEMBERS.items()}
# The digests of ``samples(PLAIN)``, computed with the code of commit 48726cf (before the
# vocabulary existed) by running ``content_hash`` over this very ``samples`` function with
# plain strings; recorded here so that no later change of the enums or of ``canonical``
# can pass unnoticed.
BEFORE = {
    "fee_line": "39365e3ae4d4ff78515bd51c37e2dda197215d1ad04e259ee62b15b51e99ba09",
    "claim": "fffe49d99d563d2d23fcf800ea16a089acc34845f48ee1bb2ac62a0fa11a07c5",
    "signature": "f7b18a131d59cb852fa1697430efc3c1d0031e321f404337f933339fdc9f9196",
    "case": "d87670a562d86b5f86261b999d031e37e3291c6b0e7d402a367228f4b40396e5",
    "audit": "fba97ca308c2abcb8b1af4fd27897715a688d6d0b8ff5fc5ff78625655657f54",
}


def test_enum_members_hash_exactly_as_the_plain_strings_did() -> None:
    assert all(type(v) is str for v in PLAIN.values())
    assert all(isinstance(v, StrEnum) for v in MEMBERS.values())
    typed, plain = samples(MEMBERS), samples(PLAIN)
    for name in BEFORE:
        assert canonical_bytes(typed[name]) == canonical_bytes(plain[name]), name
        assert content_hash(typed[name]) == content_hash(plain[name]) == BEFORE[name], name


def test_json_columns_store_the_values() -> None:
    """The JSON columns (claim totals, audit details) go through ``json.dumps``."""
    assert json.dumps({FeeCategory.REHAB: CoverageClass.FUND, "a": [State.SEALED]}) == \
        '{"rehab": "fund", "a": ["sealed"]}'


# ----------------------------------------------------------------------------- claims


def test_the_claim_state_machine() -> None:
    draft, final, exported = ClaimStatus
    assert claim_states.after(ClaimMove.FINALIZE, draft) is final
    assert claim_states.after(ClaimMove.EXPORT, final) is exported
    assert claim_states.after(ClaimMove.EXPORT, "exported") is exported  # again: harmless
    assert claim_states.after(ClaimMove.CORRECT, final) is draft  # the new version
    for move, status in ((ClaimMove.FINALIZE, final), (ClaimMove.FINALIZE, exported),
                         (ClaimMove.EXPORT, draft), (ClaimMove.CORRECT, draft)):
        assert not claim_states.allowed(move, status)
        with pytest.raises(ValueError):
            claim_states.after(move, status)
    assert [claim_states.is_frozen(s) for s in ("draft", "final", "exported")] == [False, True, True]
    assert claim_states.may_build(["draft"]) and claim_states.may_build([])
    assert not claim_states.may_build(["final", "draft"])


def test_a_claims_course_stores_only_vocabulary(archive: Archive) -> None:
    """Build, freeze and export a claim on the engine, sign as staff and patient: every
    state and kind the rows hold is a member, read back as a plain ``str``."""
    from desktop_app.services.claims import claims
    from tests.services.test_claims import make_course

    course = make_course(archive)
    claim_id = course.build("2026-04")
    course.finalize(claim_id)
    with archive.uow(archive.officer) as u:
        claims.mark_exported(u, claim_id)
    with archive.uow() as u:
        seen: dict[type[StrEnum], set[str]] = {}
        for enum, columns in COLUMNS.items():
            for column in columns:
                for value in u.session.scalars(select(column).distinct()):
                    assert type(value) is str and value in enum.__members__.values(), (column, value)
                    seen.setdefault(enum, set()).add(value)
        assert seen[ClaimStatus] == {ClaimStatus.EXPORTED}
        assert {State.DRAFT, State.SIGNED} <= seen[State]
        assert {SignerKind.STAFF, SignerKind.PATIENT} <= seen[SignerKind]
        assert CoverageClass.FUND in seen[CoverageClass] and seen[Role] == set(Role)
        assert claims.check_frozen(u.session, claim_id)


# ----------------------------------------------------------------------------- field keys

KEY = re.compile(r"[a-z][a-z0-9_]*(\.[A-Za-z0-9_]+)*")


def test_every_field_error_names_a_stable_key() -> None:
    """Every ``FieldError`` written in the app passes a key; a literal key is ASCII, lower
    case, dotted for a part (``diagnosis.2.code``): forms and tests find fields by it."""
    import ast

    package = Path(__file__).resolve().parents[2] / "desktop_app"
    missing, malformed = [], []
    for path in sorted(package.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        for node in ast.walk(ast.parse(source)):
            if not (isinstance(node, ast.Call) and "FieldError" in (
                    getattr(node.func, "id", None), getattr(node.func, "attr", None))):
                continue
            key = next((k.value for k in node.keywords if k.arg == "key"), None)
            where = f"{path.relative_to(package)}:{node.lineno}"
            if key is None:
                missing.append(where)
            elif isinstance(key, ast.Constant) and not KEY.fullmatch(str(key.value)):
                malformed.append(f"{where} {key.value!r}")
    assert missing == [] and malformed == []


def test_an_error_concerns_its_key_and_the_keys_above_it() -> None:
    from desktop_app.errors import FieldError

    error = FieldError("诊断2编码", "诊断编码不能为空", "The diagnosis code is required",
                       key="diagnosis.2.code")
    assert error.concerns("diagnosis.2.code") and error.concerns("diagnosis")
    assert error.concerns("diagnosis.2") and not error.concerns("diagnosis.20")
    assert not error.concerns("diag")
    assert str(error) == "诊断2编码: 诊断编码不能为空 / The diagnosis code is required"
    with pytest.raises(TypeError):
        FieldError("密码", "密码不正确", "wrong password")  # type: ignore[call-arg]
