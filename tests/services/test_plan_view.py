"""The plan page's data: versions with their patient signer, the catalogue to pick from,
search by name, pinyin initials or code, and the estimate to the fen."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from desktop_app.services.clinical.plan_view import (
    PlanDraft,
    PlanLine,
    catalogue_choices,
    estimate,
    plan_page,
    preview_lines,
    search,
)
from desktop_app.services.core.lookup import current_plan
from tests.archive_fixture import Archive


def test_estimate_rounds_each_line_to_the_fen_half_up_then_sums() -> None:
    lines = [PlanLine("1", "甲", "次", "每日1次", 3, Decimal("33.335")),  # 100.005 → 100.01
             PlanLine("2", "乙", "次", "每日1次", 7, Decimal("40.50")),  # 283.50
             PlanLine("3", "丙", "次", "每日1次", 0, Decimal("85.00"))]
    assert estimate(lines) == Decimal("383.51")
    assert estimate([]) == Decimal("0.00")
    draft = PlanDraft(date(2026, 6, 1), date(2026, 6, 30), "目标", "效果", "注意", tuple(lines[:2]))
    text = preview_lines(draft, "张三", "GS2026-000001", 2)
    assert text[0].startswith("康复治疗方案（第2版）") and "费用估算：¥383.51" in text[-3]


def test_catalogue_search_by_name_initials_and_code(archive: Archive) -> None:
    case_id = archive.admitted_case()
    with archive.uow() as u:
        data = plan_page(u.session, case_id)
        choices = catalogue_choices(u.session, date(2026, 6, 1), data.approved)
        plan = current_plan(u.session, case_id)
        assert plan is not None
        plan_id = plan.id
    assert [c.name for c in choices[:2]] == ["运动疗法", "作业疗法"]  # approved first
    assert choices[0].approved_count == 10 and not choices[2].approved
    assert [c.name for c in search(choices, "ydlf")] == ["运动疗法"]
    assert [c.name for c in search(choices, "YDLF")] == ["运动疗法"]
    assert [c.name for c in search(choices, "340200031")] == ["作业疗法"]
    assert [c.name for c in search(choices, "003402000200000")] == ["运动疗法"]
    assert "作业疗法" in [c.name for c in search(choices, "疗法")]
    assert search(choices, "不存在的项目") == []
    assert len(search(choices, "  ")) == len(choices)
    assert data.current is not None and data.current.plan_id == plan_id
    assert (data.current.version_no, data.current.state, data.current.patient_signer) == (1, "draft", None)
    archive.sign_as_patient([("treatment_plan", plan_id)])
    with archive.uow() as u:
        signed = plan_page(u.session, case_id).current
    assert signed is not None and (signed.state, signed.patient_signer) == ("signed", "张三")
    assert signed.cost_estimate == estimate(signed.draft.lines) == Decimal("850.00")
