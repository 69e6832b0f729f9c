"""首次使用向导 First-run wizard: the pages of ``services.first_run``.

Database (embedded, or a PostgreSQL server whose connection is tested when going on) →
institution → first administrator (both skipped when the server already holds an
archive) → demo archive and summary → 完成 Finish, which creates everything in a thread
of its own. 取消 Cancel on any page writes nothing.
"""

from __future__ import annotations

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

from desktop_app.errors import AppError
from desktop_app.services.first_run import Finished, FirstRun
from desktop_app.ui.first_run_dialog import password_field
from desktop_app.ui.messages import bilingual, error_label, set_error
from desktop_app.ui.runner import app_error

DATABASE, INSTITUTION, ADMINISTRATOR, FINISH = range(4)
DEFAULT_PORT = 5432


def _intro(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


def _attempt(label: QLabel, action) -> bool:  # type: ignore[no-untyped-def]
    """Run a page's check with a wait cursor; show its error inline. True when it passed."""
    QGuiApplication.setOverrideCursor(QCursor(Qt.CursorShape.WaitCursor))
    try:
        action()
    except Exception as error:
        problem = app_error(error)
        if problem is None:
            raise
        set_error(label, bilingual(problem))
        return False
    finally:
        QGuiApplication.restoreOverrideCursor()
    set_error(label, "")
    return True


class DatabasePage(QWizardPage):
    def __init__(self, flow: FirstRun) -> None:
        super().__init__()
        self.flow = flow
        self.setTitle("数据库 Database")
        self.embedded = QRadioButton("本机档案（一台电脑使用）Embedded archive on this PC")
        self.server = QRadioButton("PostgreSQL 服务器（多台电脑共用一个档案）PostgreSQL server "
                                   "(several PCs share one archive)")
        self.embedded.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.embedded)
        group.addButton(self.server)
        self.host = QLineEdit()
        self.host.setPlaceholderText("例如 192.168.1.10")
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(DEFAULT_PORT)
        self.database = QLineEdit("rehab_archive")
        self.user = QLineEdit()
        self.password = password_field("服务器用户的密码 · the server user's password")
        self.server_form = QWidget()
        form = QFormLayout(self.server_form)
        form.addRow("服务器 Server", self.host)
        form.addRow("端口 Port", self.port)
        form.addRow("数据库 Database", self.database)
        form.addRow("用户名 User", self.user)
        form.addRow("密码 Password", self.password)
        self.error = error_label()
        layout = QVBoxLayout(self)
        layout.addWidget(_intro("档案保存在哪里？单机使用选“本机档案”；病区多台电脑共用一个档案时选 "
                                "PostgreSQL 服务器，点“下一步”时会测试连接。\nWhere is the archive kept? The "
                                "connection to a server is tested when you go on."))
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
        self.setTitle("机构 Institution")
        self.name = QLineEdit()
        self.name.setMaxLength(200)
        self.agreement = QLineEdit()
        self.agreement.setPlaceholderText("工伤康复服务协议编号 · agreement number")
        self.region = QLineEdit()
        self.region.setPlaceholderText("统筹地区，如 泸州市 · region")
        form = QFormLayout()
        form.addRow("机构名称 Name", self.name)
        form.addRow("协议编号 Agreement", self.agreement)
        form.addRow("统筹地区 Region", self.region)
        self.error = error_label()
        layout = QVBoxLayout(self)
        layout.addWidget(_intro("工伤康复协议机构的名称、协议编号和统筹地区（以后可在“管理 → 机构设置”中"
                                "修改）。\nThe institution as its agreement names it (editable later)."))
        layout.addLayout(form)
        layout.addWidget(self.error)

    def validatePage(self) -> bool:  # noqa: N802
        return _attempt(self.error, lambda: self.flow.set_institution(
            self.name.text(), self.agreement.text(), self.region.text()))


class AdministratorPage(QWizardPage):
    def __init__(self, flow: FirstRun) -> None:
        super().__init__()
        self.flow = flow
        self.setTitle("系统管理员 Administrator")
        self.username = QLineEdit()
        self.username.setMaxLength(50)
        self.display_name = QLineEdit()
        self.display_name.setMaxLength(100)
        self.password = password_field()
        self.again = password_field("再次输入 · again")
        form = QFormLayout()
        form.addRow("用户名 Username", self.username)
        form.addRow("姓名 Name", self.display_name)
        form.addRow("密码 Password", self.password)
        form.addRow("确认密码 Again", self.again)
        self.error = error_label()
        layout = QVBoxLayout(self)
        layout.addWidget(_intro("系统管理员添加其他工作人员的账户。\nThe administrator adds the other "
                                "staff."))
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
            result = app_error(error) or AppError("程序遇到意外错误，已记录到日志。",
                                                  "An unexpected error occurred; it was logged.")
            if not isinstance(error, AppError):
                import logging

                logging.getLogger(__name__).exception("first run failed")
        self.done.emit(result)


class FinishPage(QWizardPage):
    def __init__(self, flow: FirstRun) -> None:
        super().__init__()
        self.flow = flow
        self.finished: Finished | None = None
        self.job: _FinishJob | None = None
        self.setTitle("完成 Finish")
        self.demo = QCheckBox("同时生成演示档案，供培训使用（独立文件，不影响正式档案；用 "
                              "rehab-desktop --demo 打开）\nAlso create the demo archive for training "
                              "(a separate file)")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.status = QLabel()
        self.error = error_label()
        layout = QVBoxLayout(self)
        layout.addWidget(self.demo)
        layout.addWidget(_intro("点“完成”后创建："))
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
        self.summary.setText("\n".join(self.flow.summary()))

    def isComplete(self) -> bool:  # noqa: N802
        return self.job is None

    def validatePage(self) -> bool:  # noqa: N802
        if self.finished is not None:
            return True
        if self.job is None:
            set_error(self.error, "")
            self.status.setText("正在创建档案… Creating the archive…")
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
            self.status.setText("已完成 Done")
            self.wizard().accept()
            return
        self.status.setText("")
        set_error(self.error, bilingual(result))  # type: ignore[arg-type]


class FirstRunWizard(QWizard):
    """The first run of a PC. ``finished_run`` is set once everything was created."""

    def __init__(self, flow: FirstRun | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.flow = flow or FirstRun()
        self.setWindowTitle("工伤康复档案 — 首次使用 First run")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setMinimumWidth(620)
        self.database_page = DatabasePage(self.flow)
        self.institution_page = InstitutionPage(self.flow)
        self.administrator_page = AdministratorPage(self.flow)
        self.finish_page = FinishPage(self.flow)
        for page_id, page in ((DATABASE, self.database_page), (INSTITUTION, self.institution_page),
                              (ADMINISTRATOR, self.administrator_page), (FINISH, self.finish_page)):
            self.setPage(page_id, page)
        for button, text in ((QWizard.WizardButton.BackButton, "< 上一步 Back"),
                             (QWizard.WizardButton.NextButton, "下一步 Next >"),
                             (QWizard.WizardButton.FinishButton, "完成 Finish"),
                             (QWizard.WizardButton.CancelButton, "取消 Cancel")):
            self.setButtonText(button, text)

    @property
    def finished_run(self) -> Finished | None:
        return self.finish_page.finished

    def reject(self) -> None:
        if self.finish_page.job is None:  # never while the archive is being created
            super().reject()
