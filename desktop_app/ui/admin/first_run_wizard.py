"""首次使用向导 First-run wizard: the pages of ``services.admin.first_run``.

Database (embedded, or a PostgreSQL server whose connection is tested when going on) →
institution → first administrator (both skipped when the server already holds an
archive) → demo archive and summary → 完成 (Finish), which creates everything in a thread
of its own. 取消 (Cancel) on any page writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QThread, Signal, Slot
from PySide6.QtGui import QCursor, QGuiApplication
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from desktop_app.domain.rules.packs import region_from_text
from desktop_app.errors import AppError
from desktop_app.services.admin.first_run import Finished, FirstRun
from desktop_app.services.core.reads import as_app_error
from desktop_app.ui.admin.first_run_dialog import password_field
from desktop_app.ui.admin.institution_dialog import rules_combo
from desktop_app.ui.kit.forms import inline_error
from desktop_app.ui.kit.i18n import pick, tr
from desktop_app.ui.kit.messages import error_label, set_error

DATABASE, INSTITUTION, ADMINISTRATOR, FINISH = range(4)
DEFAULT_PORT = 5432


def _intro(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


def _attempt(label: QLabel, action: Callable[[], object]) -> bool:
    """Run a page's check with a wait cursor; show its error inline. True when it passed."""
    QGuiApplication.setOverrideCursor(QCursor(Qt.CursorShape.WaitCursor))
    try:
        action()
    except Exception as error:
        problem = as_app_error(error)
        if problem is None:
            raise
        set_error(label, inline_error(problem))
        return False
    finally:
        QGuiApplication.restoreOverrideCursor()
    set_error(label, "")
    return True


class DatabasePage(QWizardPage):
    def __init__(self, flow: FirstRun) -> None:
        super().__init__()
        self.flow = flow
        self.setTitle(tr("数据库"))
        self.embedded = QRadioButton(tr("本机档案（一台电脑使用）"))
        self.server = QRadioButton(tr("PostgreSQL 服务器（多台电脑共用一个档案）"))
        self.embedded.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.embedded)
        group.addButton(self.server)
        self.host = QLineEdit()
        self.host.setPlaceholderText(tr("例如 {example}").format(example="192.168.1.10"))
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(DEFAULT_PORT)
        self.database = QLineEdit("rehab_archive")
        self.user = QLineEdit()
        self.password = password_field(tr("服务器用户的密码"))
        self.server_form = QWidget()
        form = QFormLayout(self.server_form)
        form.addRow(tr("服务器"), self.host)
        form.addRow(tr("端口"), self.port)
        form.addRow(tr("数据库"), self.database)
        form.addRow(tr("用户名"), self.user)
        form.addRow(tr("密码"), self.password)
        self.error = error_label()
        layout = QVBoxLayout(self)
        layout.addWidget(_intro(tr("档案保存在哪里？单机使用选“本机档案”；病区多台电脑共用一个档案时选 "
                                   "PostgreSQL 服务器，点“下一步”时会测试连接。")))
        layout.addWidget(self.embedded)
        layout.addWidget(self.server)
        layout.addWidget(self.server_form)
        layout.addWidget(self.error)
        self.server.toggled.connect(self._server_toggled)
        self._server_toggled(False)

    @Slot(bool)
    def _server_toggled(self, on: bool) -> None:
        self.server_form.setEnabled(on)

    def validatePage(self) -> bool:  # noqa: N802 (Qt's name)
        if self.embedded.isChecked():
            return _attempt(self.error, self.flow.use_embedded)
        return _attempt(self.error, lambda: self.flow.use_server(
            self.host.text(), self.port.value(), self.database.text(), self.user.text(),
            self.password.text()))

    def nextId(self) -> int:  # noqa: N802
        if self.flow.database is not None and not self.flow.needs_setup:
            return FINISH
        return INSTITUTION


class InstitutionPage(QWizardPage):
    def __init__(self, flow: FirstRun) -> None:
        super().__init__()
        self.flow = flow
        self.setTitle(tr("机构"))
        self.name = QLineEdit()
        self.name.setMaxLength(200)
        self.agreement = QLineEdit()
        self.agreement.setPlaceholderText(tr("工伤康复服务协议编号"))
        self.region = QLineEdit()
        self.region.setPlaceholderText(tr("统筹地区，如 泸州市"))
        self.rules = rules_combo()
        self.rules.setToolTip(tr("本机构适用哪个地区的工伤康复办法（另加全国基线）；以后只能由管理员说明原因后更改"))
        self._rules_chosen = False  # follows the 统筹地区 until the user picks one
        self.region.textChanged.connect(self._region_changed)
        self.rules.activated.connect(self._rules_picked)
        form = QFormLayout()
        form.addRow(tr("机构名称"), self.name)
        form.addRow(tr("协议编号"), self.agreement)
        form.addRow(tr("统筹地区"), self.region)
        form.addRow(tr("适用地区规则"), self.rules)
        self.error = error_label()
        layout = QVBoxLayout(self)
        layout.addWidget(_intro(tr("工伤康复协议机构的名称、协议编号和统筹地区（以后可在“管理 → 机构设置”中"
                                   "修改）。")))
        layout.addLayout(form)
        layout.addWidget(self.error)

    @Slot(str)
    def _region_changed(self, text: str) -> None:
        if not self._rules_chosen:
            self.rules.setCurrentIndex(self.rules.findData(region_from_text(text)))

    @Slot()
    def _rules_picked(self) -> None:
        self._rules_chosen = True

    def validatePage(self) -> bool:  # noqa: N802
        return _attempt(self.error, lambda: self.flow.set_institution(
            self.name.text(), self.agreement.text(), self.region.text(),
            str(self.rules.currentData())))


class AdministratorPage(QWizardPage):
    def __init__(self, flow: FirstRun) -> None:
        super().__init__()
        self.flow = flow
        self.setTitle(tr("系统管理员"))
        self.username = QLineEdit()
        self.username.setMaxLength(50)
        self.display_name = QLineEdit()
        self.display_name.setMaxLength(100)
        self.password = password_field()
        self.again = password_field(tr("再次输入"))
        form = QFormLayout()
        form.addRow(tr("用户名"), self.username)
        form.addRow(tr("姓名"), self.display_name)
        form.addRow(tr("密码"), self.password)
        form.addRow(tr("确认密码"), self.again)
        self.error = error_label()
        layout = QVBoxLayout(self)
        layout.addWidget(_intro(tr("系统管理员添加其他工作人员的账户。")))
        layout.addLayout(form)
        layout.addWidget(self.error)

    def validatePage(self) -> bool:  # noqa: N802
        return _attempt(self.error, lambda: self.flow.set_administrator(
            self.username.text(), self.display_name.text(), self.password.text(), self.again.text()))


class _FinishJob(QThread):
    """``flow.finish()`` off the UI thread (the demo archive takes a while)."""

    done = Signal(object)  # Finished or AppError

    def __init__(self, flow: FirstRun) -> None:
        super().__init__()
        self.flow = flow

    def run(self) -> None:
        try:
            result: object = self.flow.finish()
        except Exception as error:
            result = as_app_error(error) or AppError("程序遇到意外错误，已记录到日志。",
                                                  "An unexpected error occurred; it was logged.")
            if not isinstance(error, AppError):
                import logging

                logging.getLogger(__name__).exception("first run failed")
        self.done.emit(result)


def summary(flow: FirstRun) -> list[str]:
    """What ``finish`` will do, one line each, in the interface's language."""
    lines = []
    if flow.database:
        lines.append(tr("数据库：{label}").format(label=flow.database.label))
        if not flow.needs_setup:
            lines.append(tr("使用已有档案：{institution}").format(
                institution=flow.database.institution or ""))
    if flow.needs_setup and flow.institution:
        lines.append(tr("机构：{name}（{region}） {agreement}").format(
            name=flow.institution.name, region=flow.institution.region,
            agreement=flow.institution.agreement_number or ""))
    rules = flow.rules_label()
    if flow.needs_setup and rules:
        lines.append(tr("适用规则：{rules}").format(rules=pick(*rules)))
    if flow.needs_setup and flow.administrator:
        lines.append(tr("系统管理员：{username} {name}").format(
            username=flow.administrator.username, name=flow.administrator.display_name))
    lines.append(tr("演示档案：生成（培训用，独立文件）") if flow.load_demo else tr("演示档案：不生成"))
    return lines


class FinishPage(QWizardPage):
    def __init__(self, flow: FirstRun) -> None:
        super().__init__()
        self.flow = flow
        self.finished: Finished | None = None
        self.job: _FinishJob | None = None
        self.setTitle(tr("完成"))
        self.demo = QCheckBox(tr("同时生成演示档案，供培训使用（独立文件，不影响正式档案；用 "
                                 "rehab-desktop --demo 打开）"))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.status = QLabel()
        self.error = error_label()
        layout = QVBoxLayout(self)
        layout.addWidget(self.demo)
        layout.addWidget(_intro(tr("点“完成”后创建：")))
        layout.addWidget(self.summary)
        layout.addWidget(self.status)
        layout.addWidget(self.error)
        self.demo.toggled.connect(self._demo_toggled)

    def initializePage(self) -> None:  # noqa: N802
        self._show_summary()

    @Slot(bool)
    def _demo_toggled(self, on: bool) -> None:
        self.flow.load_demo = on
        self._show_summary()

    def _show_summary(self) -> None:
        self.summary.setText("\n".join(summary(self.flow)))

    def isComplete(self) -> bool:  # noqa: N802
        return self.job is None

    def validatePage(self) -> bool:  # noqa: N802
        if self.finished is not None:
            return True
        if self.job is None:
            set_error(self.error, "")
            self.status.setText(tr("正在创建档案…"))
            self.job = _FinishJob(self.flow)
            self.job.done.connect(self._done)
            self.completeChanged.emit()
            self.wizard().button(QWizard.WizardButton.CancelButton).setEnabled(False)
            self.job.start()
        return False

    @Slot(object)
    def _done(self, result: object) -> None:
        assert self.job is not None
        self.job.wait()
        self.job = None
        self.wizard().button(QWizard.WizardButton.CancelButton).setEnabled(True)
        self.completeChanged.emit()
        if isinstance(result, Finished):
            self.finished = result
            self.status.setText(tr("已完成"))
            self.wizard().accept()
            return
        self.status.setText("")
        set_error(self.error, inline_error(result))  # type: ignore[arg-type]


class FirstRunWizard(QWizard):
    """The first run of a PC. ``finished_run`` is set once everything was created."""

    def __init__(self, flow: FirstRun | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.flow = flow or FirstRun()
        self.setWindowTitle(tr("工伤康复档案 — 首次使用"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setMinimumWidth(620)
        self.database_page = DatabasePage(self.flow)
        self.institution_page = InstitutionPage(self.flow)
        self.administrator_page = AdministratorPage(self.flow)
        self.finish_page = FinishPage(self.flow)
        for page_id, page in ((DATABASE, self.database_page), (INSTITUTION, self.institution_page),
                              (ADMINISTRATOR, self.administrator_page), (FINISH, self.finish_page)):
            self.setPage(page_id, page)
        for button, text in ((QWizard.WizardButton.BackButton, tr("< 上一步")),
                             (QWizard.WizardButton.NextButton, tr("下一步 >")),
                             (QWizard.WizardButton.FinishButton, tr("完成")),
                             (QWizard.WizardButton.CancelButton, tr("取消"))):
            self.setButtonText(button, text)

    @property
    def finished_run(self) -> Finished | None:
        return self.finish_page.finished

    def reject(self) -> None:
        if self.finish_page.job is None:  # never while the archive is being created
            super().reject()
