"""Sample inputs for every document kind (no database needed)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from desktop_app.documents.approval import ApprovalData, ApprovedItemRow
from desktop_app.documents.archive_list import ArchiveEntry, ArchiveListData
from desktop_app.documents.assessment_report import AssessmentReportData, AssessmentRow
from desktop_app.documents.blocks import SignatureMark
from desktop_app.documents.case_header import CaseHeader, identity_pairs
from desktop_app.documents.claim_cover import ClaimCoverData, Total
from desktop_app.documents.execution_sheet import ExecutionSheetData, SessionRow
from desktop_app.documents.fee_list import FeeListData, FeeRow
from desktop_app.documents.identity import AuditAnchor, Institution
from desktop_app.documents.notice import NoticeData
from desktop_app.documents.pdfa import EmbeddedFile
from desktop_app.documents.plan import PlanData, PlanItemRow
from desktop_app.documents.prescription import PrescriptionData, PrescriptionRow
from desktop_app.documents.transfer_summary import AssessmentLine, ItemCount, TransferSummaryData
from desktop_app.documents.value_assessment import ValueAssessmentData
from desktop_app.domain.strokes import render_png, synthetic_strokes

INSTITUTION = Institution(
    "泸州市工伤康复协议医院（示例）", "四川省泸州市江阳区康复路 1 号", "0830-0000000", "12510500000000000X"
)
ANCHOR = AuditAnchor(1842, "9f2c" * 16)
ISSUED = datetime(2026, 11, 20, 2, 30, tzinfo=UTC)
CASE = CaseHeader(
    "GS2026-0007",
    "李春华",
    "女",
    "1979-04-12",
    "510502********4526",
    "泸州长江机械有限公司",
    "2026-06-03",
    "S82.201 胫骨骨干骨折",
    "泸人社工伤康复核〔2026〕118号，2026-09-01 至 2026-11-30",
    "2026-09-02",
    recognition_number="泸人社工认〔2026〕0457号",
    disability_grade="未鉴定",
    discharge_date="2026-11-28",
    agreement_number="LZGS-KF-2026-003",
    approved_items="运动疗法 40 次；作业疗法 18 次",
)
IDENTITY = tuple(identity_pairs(CASE))
PATIENT_PNG = render_png(synthetic_strokes(7), fit=True)
PATIENT = SignatureMark(
    "患者确认", "李春华", "2026-11-20 10:30", "handwritten", PATIENT_PNG, content_sha256="a1" * 32
)
PHYSICIAN = SignatureMark("医师签名", "王建国", "2026-11-20 10:05", "password", content_sha256="b2" * 32)


def plan() -> PlanData:
    items = [
        PlanItemRow("340200001", "运动疗法", "次", "每日 1 次", 40, Decimal("35.00"), Decimal("1400.00")),
        PlanItemRow("340200018", "作业疗法", "次", "每周 3 次", 18, Decimal("30.00"), Decimal("540.00")),
        PlanItemRow("340100004", "关节松动训练", "次", "每日 1 次", 40, Decimal("25.50"), Decimal("1020.00")),
    ]
    return PlanData(
        CASE,
        12,
        2,
        "2026-09-02",
        "2026-11-30",
        "恢复右下肢负重及步行能力，膝关节屈曲达到 120°，独立上下楼梯。",
        "出院时可独立步行 500 米以上，Barthel 指数提高至 90 分以上，具备重返工作岗位的条件。",
        "训练中注意疼痛反应；骨折部位避免暴力被动牵伸；如有肿胀加重及时告知治疗师。",
        Decimal("2960.00"),
        items,
        ISSUED,
        "核准延期后调整作业疗法频次。",
        (PATIENT, PHYSICIAN),
    )


def execution_sheet(rows: int = 24) -> ExecutionSheetData:
    marks = [PATIENT, SignatureMark("治疗师签名", "张敏", "2026-11-20 09:45", "password")]
    start = date(2026, 11, 2)
    session_rows = [
        SessionRow(
            100 + i,
            (start + timedelta(days=i // 2)).isoformat(),
            "09:00–09:40" if i % 2 == 0 else "14:00–14:30",
            "340200001" if i % 2 == 0 else "340200018",
            "运动疗法" if i % 2 == 0 else "作业疗法",
            1,
            "张敏",
            "康复大厅",
            patient_signature=0,
            staff_signature=1,
            over_approved_count=i == rows - 1,
        )
        for i in range(rows)
    ]
    return ExecutionSheetData(CASE, "2026-11-02 至 2026-11-13", session_rows, ISSUED, marks)


def assessment() -> AssessmentReportData:
    rows = [
        AssessmentRow(
            31,
            "pre",
            "2026-09-03",
            "王建国",
            45,
            "中度功能缺陷",
            "需大量帮助",
            {"进食": 5, "洗澡": 0, "修饰": 5, "穿衣": 5, "如厕": 5, "上下楼梯": 0},
        ),
        AssessmentRow(
            37,
            "mid",
            "2026-10-15",
            "王建国",
            70,
            "轻度功能缺陷",
            "部分帮助",
            {"进食": 10, "洗澡": 0, "修饰": 5, "穿衣": 5, "如厕": 10, "上下楼梯": 5},
        ),
        AssessmentRow(
            44,
            "post",
            "2026-11-19",
            "王建国",
            90,
            "基本自理",
            "可独立完成大部分日常活动",
            {"进食": 10, "洗澡": 5, "修饰": 5, "穿衣": 10, "如厕": 10, "上下楼梯": 10},
        ),
    ]
    return AssessmentReportData(
        CASE,
        "BI",
        "改良 Barthel 指数",
        100,
        rows,
        "经 3 次评估，日常生活活动能力由 45 分提高至 90 分，康复效果显著，建议出院并逐步恢复工作。",
        ISSUED,
        (PHYSICIAN,),
    )


def claim_files() -> list[EmbeddedFile]:
    return [
        EmbeddedFile(
            "claim.json",
            '{"claim_id":5,"total":"1935.50","name":"李春华"}'.encode(),
            "application/json",
            "结算数据（JSON）",
        ),
        EmbeddedFile(
            "fee_detail.csv",
            "\ufefffeedetl_sn,med_list_codg,cnt,pric\n1,340200001,1,35.00\n".encode(),
            "text/csv",
            "费用明细（CSV）",
        ),
    ]


def claim_cover() -> ClaimCoverData:
    return ClaimCoverData(
        5,
        1,
        "2026-11",
        CASE,
        "按服务项目付费",
        [Total("rehab", Decimal("1780.50"), 54), Total("drug", Decimal("155.00"), 3)],
        [
            Total("fund", Decimal("1840.50"), 55),
            Total("self_paid", Decimal("60.00"), 1),
            Total("institution", Decimal("35.00"), 1),
        ],
        Decimal("1935.50"),
        ISSUED,
        "c3" * 32,
        "",
        (SignatureMark("经办人签名", "孙丽", "2026-11-20 10:30", "password"),),
    )


def fee_list(lines: int = 60) -> FeeListData:
    start = date(2026, 11, 1)
    rows = []
    for i in range(lines):
        price = Decimal("35.00") if i % 3 else Decimal("25.50")
        rows.append(
            FeeRow(
                i + 1,
                (start + timedelta(days=i % 28)).isoformat(),
                "340200001" if i % 3 else "340100004",
                "运动疗法" if i % 3 else "关节松动训练",
                "次",
                price,
                Decimal(1),
                price,
                "fund" if i % 17 else "self_paid",
                category="rehab" if i % 5 else "drug",
            )
        )
    rows.append(
        FeeRow(
            lines + 1,
            "2026-11-28",
            "340200001",
            "运动疗法",
            "次",
            Decimal("35.00"),
            Decimal(-1),
            Decimal("-35.00"),
            "fund",
            reverses_line_no=2,
            category="rehab",
        )
    )
    total = sum((r.amount for r in rows), Decimal(0))
    return FeeListData(5, 1, CASE.case_number, CASE.patient_name, "2026-11", rows, total, ISSUED, IDENTITY)


def archive_list() -> ArchiveListData:
    entries = [
        ArchiveEntry(
            "康复治疗方案", "康复治疗方案（第 2 版）", "treatment_plan #12", "2026-09-02", "signed", "d4" * 32
        ),
        ArchiveEntry(
            "申请材料与核准", "工伤康复核准结论", "APPR-GS2026-0007-3", "2026-09-01", "archived", "e5" * 32
        ),
        ArchiveEntry(
            "康复评估", "康复前评估（改良 Barthel 指数）", "assessment #31", "2026-09-03", "signed", "f6" * 32
        ),
        ArchiveEntry(
            "康复执行记录",
            "康复执行单 2026-11",
            "EXEC-GS2026-0007-100-123-24",
            "2026-11-13",
            "signed",
            "07" * 32,
        ),
        ArchiveEntry(
            "费用与结算", "费用清单 2026-11", "FEES-GS2026-0007-5-V1", "2026-11-20", "signed", "18" * 32
        ),
    ]
    return ArchiveListData(CASE, entries, ISSUED, "保管期限：自出院之日起不少于 30 年（保管至 2056-11-20）")


def prescription() -> PrescriptionData:
    rows = (
        PrescriptionRow(21, "2026-09-02", "340200001", "运动疗法", 40, "每日 1 次", "下肢肌力训练，30 分钟",
                        "王建国", "张敏", "signed"),
        PrescriptionRow(22, "2026-09-02", "340200018", "作业疗法", 18, "每周 3 次", "", "王建国", "",
                        "draft"),
    )
    return PrescriptionData(CASE, rows, ISSUED, (PHYSICIAN,))


def approval() -> ApprovalData:
    items = (ApprovedItemRow("340200001", "运动疗法", 40), ApprovedItemRow("340200018", "作业疗法", 18),
             ApprovedItemRow("340100004", "关节松动训练", None))
    return ApprovalData(CASE, 3, "approval", "医疗康复", "泸人社工伤康复核〔2026〕118号", "2026-08-28",
                        "泸州市劳动能力鉴定委员会", "2026-09-01", "2026-11-30", items, "signed", ISSUED,
                        "伤情稳定，具有康复价值。", "泸州市工伤康复管理暂行办法第十二条",
                        (SignatureMark("经办人签名", "孙丽", "2026-08-29 09:10", "password"),))


def value_assessment() -> ValueAssessmentData:
    return ValueAssessmentData(CASE, 7, "2026-08-20", "STABLE", "inpatient",
                               ("early_intervention", "vocational"), "骨折", ("右小腿",),
                               ("S82.201 胫骨骨干骨折",), "经评估具有康复价值，预计下肢功能可明显改善。",
                               "建议住院康复治疗，以运动疗法、作业疗法为主。", ISSUED,
                               "泸州市工伤康复管理暂行办法第十三条第（四）项")


def value_report() -> ValueAssessmentData:
    """A signed version of the value report (issue 19): version, conclusion, physician."""
    from dataclasses import replace

    return replace(value_assessment(), version_no=2, conclusion="has_value", intended_days=60,
                   goals="独立步行，恢复原岗位工作", physician="王建国", state="signed",
                   carried_from="GS2025-000031 第 1 版", signatures=(PHYSICIAN,))


def notice() -> NoticeData:
    return NoticeData(CASE, 5, "2026-09-15", "refused_to_leave", "康复计划已完成，经多次告知仍拒绝办理出院。",
                      "康复计划完成或终止康复治疗后，工伤职工拒不出院发生的相关费用，由工伤职工承担。",
                      "北京市工伤康复管理暂行办法第十四条第一款", "王建国", "in_person", "refused",
                      "拒绝签收，护士长在场见证", "signed", ISSUED, (PHYSICIAN,))
def transfer_summary() -> TransferSummaryData:
    return TransferSummaryData(
        CASE, 7, 12, "成都市第二康复医院", "2026-10-15", "需要脊髓损伤专科康复条件",
        "泸人社康转〔2026〕8号（2026-10-12）", ("S82.201 胫骨骨干骨折", "S82.401 腓骨骨折"),
        "泸人社工伤康复核〔2026〕118号：2026-09-01 至 2026-11-30",
        (ItemCount("003402000200000", "运动疗法", 40, 25, 12),
         ItemCount("003402000310000", "作业疗法", 18, 0, 9),
         ItemCount("003402000100004", "关节松动训练", None, 0, 6)),
        (AssessmentLine("改良Barthel指数", "康复中", "2026-10-08", "65", "中度依赖", "较康复前提高 20 分"),
         AssessmentLine("Berg平衡量表", "康复前", "2026-09-03", "31", "", "")),
        "改善步行能力，独立步行 100 米", "王建国", ISSUED, "泸州市工伤康复管理暂行办法第二十四条",
        "泸县人民医院康复科（2026-09-01）")
