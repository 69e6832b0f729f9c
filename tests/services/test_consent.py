"""Out-of-scope consents: items priced at the catalogue price in force (or as given for an
item outside the catalogue), who consents, the draft signed on the pad by the worker, a
relative or the employer's representative; bad input writes nothing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from desktop_app.db.models import OutOfScopeConsent, Signature
from desktop_app.domain.strokes import render_png, synthetic_strokes
from desktop_app.errors import ValidationFailed
from desktop_app.services.clinical import consent
from desktop_app.services.clinical.consent import ConsentInput, ConsentItemInput
from desktop_app.services.integrity import signing
from tests.archive_fixture import ADMISSION, Archive


def handwriting() -> signing.Handwriting:
    strokes = synthetic_strokes(5)
    return signing.Handwriting(strokes, render_png(strokes))


def consents(archive: Archive) -> list[tuple[Decimal, str, str, list[dict[str, object]], str]]:
    with archive.uow() as u:
        return [(c.amount, c.signer_kind, c.signer_name, c.items, c.record_state)
                for c in u.session.scalars(select(OutOfScopeConsent).order_by(OutOfScopeConsent.id))]


def test_amount_from_the_catalogue_and_an_item_outside_it(archive: Archive) -> None:
    case_id = archive.admitted_case()
    balance = archive.codes["徒手平衡功能检查"]  # 65.50, not approved
    inp = ConsentInput((ConsentItemInput(balance, 3),
                        ConsentItemInput("X-DRUG-1", 2, "目录外营养药", "盒", Decimal("28.35"))),
                       "employer", "李经理", ADMISSION, relationship="人事经办人")
    with archive.uow(archive.physician) as u:
        consent_id = consent.record_consent(u, case_id, inp).id
    ((amount, kind, name, items, state),) = consents(archive)
    # 65.50 × 3 + 28.35 × 2 = 196.50 + 56.70
    assert (amount, kind, name, state) == (Decimal("253.20"), "employer", "李经理", "draft")
    assert [(i["national_code"], i["name"], i["count"], i["amount"], i["in_catalogue"]) for i in items] == [
        (balance, "徒手平衡功能检查", 3, "196.50", True), ("X-DRUG-1", "目录外营养药", 2, "56.70", False)]

    signer = consent.pad_signer("employer", "李经理", "人事经办人")
    with archive.uow(archive.physician) as u:
        signing.sign(u, [("out_of_scope_consent", consent_id)], "patient_consents", signer,
                     handwriting=handwriting())
    assert consents(archive)[0][-1] == "signed"
    with archive.uow() as u:
        page = consent.consent_page(u.session, case_id)
        signature = u.session.scalars(select(Signature)).one()
        assert (signature.signer_kind, signature.relationship_to_patient) == ("employer", "人事经办人")
    (row,) = page.rows
    assert row.signed_by == "李经理（手写）" and not row.awaiting_signature
    assert row.relationship == "人事经办人"
    assert page.employer_name == "泸州市江阳建筑工程有限公司"


def test_the_employer_signs_consents_only(archive: Archive) -> None:
    case_id = archive.admitted_case()
    session_id = archive.record_session(case_id, date(2026, 4, 5))
    with pytest.raises(ValidationFailed) as caught, archive.uow(archive.therapist) as u:
        signing.sign(u, [("treatment_session", session_id)], "patient_confirms_sessions",
                     consent.pad_signer("employer", "李经理", "人事经办人"), handwriting=handwriting())
    assert "只签署目录外项目知情同意" in caught.value.zh
    with pytest.raises(ValidationFailed) as caught, archive.uow(archive.therapist) as u:
        signing.sign(u, [("treatment_session", session_id)], "patient_confirms_sessions",
                     consent.pad_signer("employer", "", ""), handwriting=handwriting())
    assert "签名人姓名" in caught.value.zh and "单位代表身份" in caught.value.zh


@pytest.mark.parametrize(("inp", "expected"), [
    (ConsentInput((), "worker", "张三", ADMISSION), "请至少选择一个"),
    (ConsentInput((ConsentItemInput("@balance", 0),), "worker", "张三", ADMISSION), "数量须为正整数"),
    (ConsentInput((ConsentItemInput("@balance", 1),), "relative", "", ADMISSION), "请填写签署人姓名"),
    (ConsentInput((ConsentItemInput("@balance", 1),), "relative", "李四", ADMISSION), "与职工的关系"),
    (ConsentInput((ConsentItemInput("@balance", 1),), "relative", "李四", ADMISSION, "配偶"), "代签须写明"),
    (ConsentInput((ConsentItemInput("@approved", 1),), "worker", "张三", ADMISSION), "在核准项目内"),
    (ConsentInput((ConsentItemInput("X-1", 1),), "worker", "张三", ADMISSION), "须填写编码、名称"),
    (ConsentInput((ConsentItemInput("@balance", 1),), "boss", "张三", ADMISSION), "无效的签署人"),
    (ConsentInput((ConsentItemInput("@balance", 1),), "worker", "张三", date(2026, 7, 1)), "不能晚于今天"),
])
def test_bad_consents_write_nothing(archive: Archive, inp: ConsentInput, expected: str) -> None:
    case_id = archive.admitted_case()
    codes = {"@balance": archive.codes["徒手平衡功能检查"], "@approved": archive.codes["运动疗法"]}
    items = tuple(ConsentItemInput(codes.get(i.national_code, i.national_code), i.count, i.name,
                                   i.unit, i.unit_price) for i in inp.items)
    with pytest.raises(ValidationFailed) as caught, archive.uow(archive.physician) as u:
        consent.record_consent(u, case_id, ConsentInput(items, inp.signer_kind, inp.signer_name,
                                                        inp.signed_on, inp.relationship))
    assert not inp.proof  # the cases above give none
    assert expected in caught.value.zh
    assert consents(archive) == []
