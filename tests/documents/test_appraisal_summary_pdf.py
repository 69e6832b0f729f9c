"""The 先康复后鉴定 summary (``documents/appraisal_summary``) like every document kind: PDF/A-3b,
fonts embedded (WenQuanYi), no PDF/A preflight errors beyond the known ones, a byte-identical
rebuild, page furniture, and the sections the appraisal committee reads."""

from __future__ import annotations

import subprocess
from pathlib import Path

from desktop_app.documents.appraisal_summary import (
    AppraisalSummaryData,
    InstrumentLine,
    TreatmentLine,
    appraisal_summary_doc_id,
    build_appraisal_summary,
)
from tests.documents import samples
from tests.documents.pdf_checks import font_rows, pdfa_3b_report, unexpected_preflight_errors

KW = {"institution": samples.INSTITUTION, "anchor": samples.ANCHOR}


def summary() -> AppraisalSummaryData:
    treatment = (TreatmentLine("运动疗法", "340200001", 36, "2026-09-02", "2026-11-18"),
                 TreatmentLine("作业疗法", "340200018", 18, "2026-09-03", "2026-11-17"),
                 TreatmentLine("职业康复评定与训练", "340200030", 10, "2026-10-08", "2026-11-14"))
    instruments = (
        InstrumentLine("BI", "Barthel指数（日常生活活动能力）", "", 45, 65, 85, 40, "中度依赖 → 轻度依赖",
                       "较上次提高 20 分，仍有改善"),
        InstrumentLine("PHQ9", "患者健康问卷（抑郁筛查）", "psychological", 16, 11, 6, -10,
                       "中重度抑郁 → 轻度抑郁", "较上次降低 5 分，仍有改善", lower_is_better=True),
        InstrumentLine("WAI", "工作能力指数（职业康复）", "vocational", 21, 29, 35, 14,
                       "差（恢复工作能力） → 中（改善工作能力）", "较上次提高 6 分，仍有改善"))
    return AppraisalSummaryData(
        samples.CASE, 7, "2026-09-01 至 2026-11-20", "STABLE", "inpatient", ("vocational", "rehab_first"),
        ("S82.201 胫骨骨干骨折",), treatment, instruments, "重返原岗位", "2026-09-05", "原单位其他岗位",
        "2026-11-18", "原单位仓储管理岗，减轻负重", "未达成", "伤情相对稳定，可以申请劳动能力鉴定",
        "右下肢肌力4级，独立步行，伤情相对稳定。", "王建国", "2026-11-20 10:05",
        "《泸州市工伤康复管理暂行办法》（泸市人社规〔2025〕1号）第二条、第五条", samples.ISSUED,
        (samples.PHYSICIAN,))


def test_pdfa_fonts_identical_rebuild_furniture_and_sections(tmp_path: Path) -> None:
    doc = build_appraisal_summary(summary(), **KW)
    report = pdfa_3b_report(doc.pdf)
    assert report.passed, [str(f) for f in report.findings]
    path = tmp_path / "summary.pdf"
    path.write_bytes(doc.pdf)
    fonts = font_rows(path)
    assert fonts and all(row["emb"] == "yes" for row in fonts), [row["line"] for row in fonts]
    assert all("WenQuanYi" in row["name"] for row in fonts)
    assert unexpected_preflight_errors(path) == []
    assert build_appraisal_summary(summary(), **KW).pdf == doc.pdf  # byte-identical rebuild
    assert doc.meta.doc_id == appraisal_summary_doc_id(summary()) == f"APPRAISAL-{samples.CASE.case_number}-7"
    pages = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                           check=True).stdout.split("\f")[:-1]
    for number, text in enumerate(pages, start=1):
        flat = text.replace(" ", "")
        assert f"第{number}页共{len(pages)}页" in flat and doc.meta.doc_id in text
    flat = "".join(pages).replace(" ", "")
    for heading in ("先康复后鉴定工伤康复总结", "报送：劳动能力鉴定委员会", "已实施的康复治疗",
                    "康复前、中、后评估结果", "职业康复与心理评估", "医师结论", "第二条、第五条",
                    "PHQ9患者健康问卷", "分数越低越好", "职业康复评定与训练", "重返原岗位",
                    "伤情相对稳定，可以申请劳动能力鉴定", "王建国"):
        assert heading in flat, heading
