"""The earlier courses of the same injury (前次疗程), a compact list a case page shows above its
own records: case number, why the later course was opened, dates, how it ended, the return to
work at discharge and the sessions used per item against the approved count. Hidden for a
first course. Reads ``services.intake.earlier_courses_view`` in the background."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QSizePolicy, QTableWidgetItem, QVBoxLayout, QWidget

from desktop_app.services.intake.earlier_courses_view import Course, ItemUse, earlier_courses
from desktop_app.ui.clinical.follow_up_dialog import WORK_STATUS, label
from desktop_app.ui.kit.forms import fit_columns, record_table
from desktop_app.ui.kit.i18n import QT_TR_NOOP, headers, pick, tr
from desktop_app.ui.kit.labels import END_REASON, STAGE
from desktop_app.ui.kit.runner import PageReads, Runner

COURSE_HEADERS = (QT_TR_NOOP("病例号"), QT_TR_NOOP("阶段"), QT_TR_NOOP("入院 – 出院"),
                  QT_TR_NOOP("结束原因"), QT_TR_NOOP("重返工作"), QT_TR_NOOP("已用/核准次数"))
COURSE_REASON = {"relapse": QT_TR_NOOP("旧伤复发"), "repeat_application": QT_TR_NOOP("再次申请康复"),
                 "other": QT_TR_NOOP("其他")}
VISIBLE_ROWS = 3  # more scroll: the list stays compact on a 1280-px screen


def dates_text(course: Course) -> str:
    if course.admission_date is None:
        return tr("未入院（登记于 {day}）").format(day=course.registered_on)
    until = str(course.discharge_date) if course.discharge_date else tr("在治")
    return f"{course.admission_date} – {until}"


def items_text(items: tuple[ItemUse, ...]) -> str:
    """运动疗法 12/20；作业疗法 8/—"""
    shown = [f"{i.name or i.national_code} {i.used}/{'—' if i.approved is None else i.approved}"
             for i in items]
    return pick("；", "; ").join(shown) or "—"


class EarlierCourses(QWidget):
    """``load(case_id)`` reads the case's earlier courses and shows them, or hides itself."""

    def __init__(self, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("earlierCourses")
        self.courses: list[Course] = []
        self.reads = PageReads(runner, self)
        self.title = QLabel()
        self.title.setObjectName("earlierCoursesTitle")
        self.table = record_table(tuple(headers(COURSE_HEADERS)), (110, 70, 170, 110, 110))
        self.table.setObjectName("earlierCoursesTable")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.table)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.hide()

    def load(self, case_id: int) -> None:
        self.reads.read(self.show_courses, earlier_courses, case_id)

    def show_courses(self, courses: list[Course]) -> None:
        self.courses = courses
        self.setVisible(bool(courses))
        self.title.setText(tr("本工伤的前次疗程（{count} 次）").format(count=len(courses)))
        self.table.setRowCount(len(courses))
        for row, c in enumerate(courses):
            number = c.case_number
            if c.course_reason in COURSE_REASON:
                number += tr("（{reason}）").format(reason=tr(COURSE_REASON[c.course_reason]))
            values = (number, tr(STAGE.get(c.stage, c.stage)), dates_text(c),
                      tr(END_REASON[c.end_reason]) if c.end_reason in END_REASON else "—",
                      label(WORK_STATUS, c.return_to_work), items_text(c.items))
            for column, value in enumerate(values):
                cell = QTableWidgetItem(value)
                cell.setToolTip(value)
                self.table.setItem(row, column, cell)
        fit_columns(self.table, range(5))
        # as tall as its rows, up to VISIBLE_ROWS (more scroll)
        shown = max(1, min(len(courses), VISIBLE_ROWS))
        self.table.setFixedHeight(self.table.horizontalHeader().sizeHint().height()
                                  + self.table.verticalHeader().defaultSectionSize() * shown
                                  + self.table.horizontalScrollBar().sizeHint().height()
                                  + 2 * self.table.frameWidth())
