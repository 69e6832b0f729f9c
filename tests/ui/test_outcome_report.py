"""The outcome report: the pre / mid / post comparison with the change per instrument,
the chart of totals over time (its points where the dates and totals put them), and a
visible, non-blocking suggestion to end the course when the latest assessments show no
further benefit (Luzhou Art. 23)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from desktop_app.services.admin.sign_in import SignedIn
from desktop_app.ui.clinical.outcome_report import OutcomeReportPage
from desktop_app.ui.clinical.score_chart import COLOURS, EMPTY_TEXT, ScoreChart
from tests.archive_fixture import ADMISSION
from tests.services.test_assessment_view import assess, bi_values, stalled_case
from tests.ui.test_i18n import english
from tests.ui.ward import Ward, keep_screenshot, loaded, ward

__all__ = ["english", "ward"]  # the fixtures


def report_page(ward: Ward, qtbot: QtBot) -> OutcomeReportPage:
    user = SignedIn(ward.archive.physician, "doc", "王医生", "physician")
    page = OutcomeReportPage(ward.runner.as_actor(ward.archive.physician), user)
    qtbot.addWidget(page)
    page.resize(1100, 720)
    page.show()
    qtbot.waitExposed(page)
    return page


def row(page: OutcomeReportPage, index: int) -> list[str]:
    return [page.table.item(index, c).text() for c in range(page.table.columnCount())]


def painted(chart: ScoreChart) -> list[QColor]:
    """The colour painted at the centre of every point of every series."""
    image = chart.grab().toImage()
    assert not image.isNull() and image.width() >= chart.width()
    ratio = image.devicePixelRatio()
    return [image.pixelColor(round(p.x() * ratio), round(p.y() * ratio))
            for points in chart.plot_points().values() for p in points]


def test_improving_course_compares_and_charts_without_a_suggestion(ward: Ward, qtbot: QtBot) -> None:
    case_id = ward.archive.admitted_case()
    assess(ward.archive, case_id, "pre", ADMISSION, "BI", bi_values(40))
    assess(ward.archive, case_id, "mid", ADMISSION + timedelta(days=20), "BI", bi_values(60))
    page = report_page(ward, qtbot)
    page.load(case_id)
    loaded(qtbot)
    assert page.table.rowCount() == 1
    assert row(page, 0)[:7] == ["BI Barthel指数（日常生活活动能力）", "40", "60", "—", "+20",
                                "重度依赖 → 中度依赖", "较上次提高 20 分，仍有改善"]
    assert not page.notice.isVisible() and not page.empty.isVisible()
    points = page.chart.plot_points()["BI"]
    assert len(points) == 2
    first, second = points
    assert second.x() > first.x() and second.y() < first.y()  # later and higher
    plot = page.chart.frame()
    assert plot is not None
    assert abs(first.x() - plot.x_start) < 0.5  # the first assessment starts the axis
    assert plot.plot.left() < plot.x_start < plot.x_end < plot.plot.right()
    assert abs(first.y() - (plot.plot.bottom() - plot.plot.height() * 40 / plot.y_axis.high)) < 0.5
    assert painted(page.chart) == [QColor(COLOURS[0])] * 2


def test_no_further_benefit_suggests_ending_the_course(ward: Ward, qtbot: QtBot, tmp_path: Path) -> None:
    case_id, _ = stalled_case(ward.archive)
    page = report_page(ward, qtbot)
    page.load(case_id)
    loaded(qtbot)
    assert [row(page, r)[:6] for r in range(2)] == [
        ["BI Barthel指数（日常生活活动能力）", "40", "60", "60", "+20", "重度依赖 → 中度依赖"],
        ["BBS Berg平衡量表", "30", "—", "31", "+1", "中跌倒风险(辅助步行)"]]
    assert "无进一步改善" in row(page, 0)[6] and row(page, 0)[7] == "日常生活中度依赖，较前无明显变化"
    assert page.notice.isVisible()
    assert "建议按程序结束康复治疗" in page.notice.text() and "泸州" in page.notice.text()
    assert "Luzhou Art. 23" not in page.notice.text()  # one language
    assert {code: len(p) for code, p in page.chart.plot_points().items()} == {"BI": 3, "BBS": 2}
    assert painted(page.chart) == [QColor(COLOURS[0])] * 3 + [QColor(COLOURS[1])] * 2
    keep_screenshot(page, "outcome_report.png", tmp_path)


def test_the_report_in_english(ward: Ward, qtbot: QtBot, tmp_path: Path, english: None) -> None:
    case_id, _ = stalled_case(ward.archive)
    page = report_page(ward, qtbot)
    page.load(case_id)
    loaded(qtbot)
    headings = [page.table.horizontalHeaderItem(c).text() for c in range(page.table.columnCount())]
    assert headings == ["Instrument", "Pre", "Mid", "Post", "Change", "Grade change", "Verdict",
                        "Conclusion"]
    assert row(page, 0)[0] == "BI Barthel指数（日常生活活动能力）"  # data names stay as defined
    assert "改善" not in row(page, 0)[6] and row(page, 0)[6]  # the service's English verdict
    assert "Luzhou Art. 23" in page.notice.text() and "泸州" not in page.notice.text()
    keep_screenshot(page, "outcome_report_en.png", tmp_path)


def test_no_assessments_yet(ward: Ward, qtbot: QtBot) -> None:
    page = report_page(ward, qtbot)
    page.load(ward.archive.admitted_case())
    loaded(qtbot)
    assert page.table.rowCount() == 0 and page.empty.isVisible() and not page.notice.isVisible()
    assert page.chart.plot_points() == {} and page.chart.frame() is None
    assert not page.chart.grab().isNull()
    assert EMPTY_TEXT.startswith("尚无")


def test_the_chart_grows_with_the_font_and_keeps_its_points_inside(qtbot: QtBot) -> None:
    """At 200 % the font doubles: the chart asks for more room and every point, tick and
    label stays inside the widget."""
    from datetime import date

    from desktop_app.services.clinical.assessment_view import ScoreSeries

    series = [ScoreSeries("BI", "BI Barthel指数", ((date(2026, 4, 3), 40), (date(2026, 5, 20), 95))),
              ScoreSeries("GCS", "GCS 格拉斯哥昏迷评分", ((date(2026, 4, 10), 9),))]
    normal, large = ScoreChart(), ScoreChart()
    font = large.font()
    font.setPointSizeF(font.pointSizeF() * 2)
    large.setFont(font)
    for chart in (normal, large):
        qtbot.addWidget(chart)
        chart.set_series(series)
        chart.resize(chart.sizeHint())
    assert large.sizeHint().width() > 1.8 * normal.sizeHint().width()
    assert large.sizeHint().height() > 1.8 * normal.sizeHint().height()
    for chart in (normal, large):
        frame = chart.frame()
        assert frame is not None and frame.plot.width() > 0 and frame.plot.height() > 0
        assert chart.rect().toRectF().contains(frame.plot)
        points = [p for ps in chart.plot_points().values() for p in ps]
        assert len(points) == 3 and all(frame.plot.adjusted(-1, -1, 1, 1).contains(p) for p in points)
        assert painted(chart) == [QColor(COLOURS[0])] * 2 + [QColor(COLOURS[1])]
