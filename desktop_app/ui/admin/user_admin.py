"""User administration: the staff list, adding staff, resetting passwords, deactivating.

Every action goes through the services, which check the permission table: the menu only
shows this to administrators, but a refusal would still arrive as a message box.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.permissions import ROLES
from desktop_app.services.admin import accounts
from desktop_app.services.admin.sign_in import StaffLine, create_account, staff_list, supervisors
from desktop_app.ui.admin.first_run_dialog import password_field, passwords_refused
from desktop_app.ui.kit.forms import FormDialog, message_parent, record_table, selected_index
from desktop_app.ui.kit.i18n import QT_TR_NOOP, headers, tr
from desktop_app.ui.kit.labels import role_name
from desktop_app.ui.kit.runner import Runner, failed

HEADERS = (QT_TR_NOOP("姓名"), QT_TR_NOOP("用户名"), QT_TR_NOOP("角色"), QT_TR_NOOP("执业证号"),
           QT_TR_NOOP("上级"), QT_TR_NOOP("状态"), QT_TR_NOOP("密码"))


class AddUserDialog(FormDialog):
    def __init__(self, runner: Runner, lines: list[StaffLine], parent: QWidget) -> None:
        super().__init__(tr("添加用户"), tr("添加"), parent)
        self._runner = runner
        self.username = QLineEdit()
        self.username.setMaxLength(50)
        self.display_name = QLineEdit()
        self.display_name.setMaxLength(100)
        self.role = QComboBox()
        for role in ROLES:
            self.role.addItem(role_name(role), role)
        self.role.setCurrentIndex(ROLES.index("therapist"))
        self.licence = QLineEdit()
        self.licence.setMaxLength(50)
        self.supervisor = QComboBox()
        for line in supervisors(lines):
            self.supervisor.addItem(tr("{name}（{role}）").format(name=line.display_name,
                                                                  role=role_name(line.role)), line.id)
        self.password = password_field()
        self.again = password_field(tr("再次输入"))
        self.form.addRow(tr("用户名"), self.username)
        self.form.addRow(tr("姓名"), self.display_name)
        self.form.addRow(tr("角色"), self.role)
        self.form.addRow(tr("执业证号"), self.licence)
        self.form.addRow(tr("上级"), self.supervisor)
        self.form.addRow(tr("初始密码"), self.password)
        self.form.addRow(tr("确认密码"), self.again)
        self.role.currentIndexChanged.connect(self._role_changed)
        self._role_changed()

    @Slot()
    def _role_changed(self) -> None:
        # Only a therapist assistant has (and needs) a licensed supervisor.
        self.supervisor.setEnabled(self.role.currentData() == "assistant")

    @Slot()
    def submit(self) -> None:
        if passwords_refused(self.password, self.again, self.error):
            return
        role = self.role.currentData()
        supervisor = self.supervisor.currentData() if role == "assistant" else None
        self._runner.submit(
            self, create_account, self.username.text(), self.display_name.text(), role,
            self.password.text(), licence_number=self.licence.text().strip() or None,
            supervisor_id=supervisor).either(self.outcome)


class ResetPasswordDialog(FormDialog):
    def __init__(self, runner: Runner, line: StaffLine, parent: QWidget) -> None:
        super().__init__(tr("重置密码 — {name}").format(name=line.display_name), tr("重置"), parent)
        self._runner = runner
        self._user_id = line.id
        self.password = password_field()
        self.again = password_field(tr("再次输入"))
        self.form.addRow(tr("新密码"), self.password)
        self.form.addRow(tr("确认密码"), self.again)

    @Slot()
    def submit(self) -> None:
        if passwords_refused(self.password, self.again, self.error):
            return
        self._runner.submit(self, accounts.set_password, self._user_id,
                            self.password.text()).either(self.outcome)


class UserAdminDialog(QDialog):
    """The staff list and what an administrator does with it."""

    def __init__(self, runner: Runner, parent: QWidget) -> None:
        super().__init__(parent)
        self._runner = runner
        self.lines: list[StaffLine] = []
        self.setWindowTitle(tr("用户管理"))
        self.resize(860, 460)
        self.table = record_table(tuple(headers(HEADERS)), (100, 110, 130, 130, 100, 70))
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.add_button = QPushButton(tr("添加用户"))
        self.reset_button = QPushButton(tr("重置密码"))
        self.active_button = QPushButton(tr("停用"))
        close = QPushButton(tr("关闭"))
        self.add_button.clicked.connect(self.add_user)
        self.reset_button.clicked.connect(self.reset_password)
        self.active_button.clicked.connect(self.toggle_active)
        close.clicked.connect(self.close)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.reset_button, self.active_button):
            buttons.addWidget(button)
        buttons.addStretch()
        buttons.addWidget(close)
        note = QLabel(tr("停用的账户不能登录，其记录和签名保留。"))
        note.setStyleSheet("color: #555;")
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(note)
        layout.addLayout(buttons)
        self._selection_changed()

    def reload(self) -> bool:
        """Read the staff list; False (after a message box) if the service refuses."""
        result = self._runner.run(staff_list)
        if failed(result, message_parent(self)):
            return False
        selected = self.selected()
        self.lines = result
        self.table.setRowCount(len(result))
        for row, line in enumerate(result):
            values = (line.display_name, line.username, role_name(line.role),
                      line.licence_number or "", line.supervisor_name or "",
                      tr("在职") if line.active else tr("已停用"),
                      tr("已设置") if line.has_password else tr("未设置"))
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, line.id)
                if not line.active:
                    item.setForeground(Qt.GlobalColor.gray)
                self.table.setItem(row, column, item)
            if selected is not None and line.id == selected.id:
                self.table.selectRow(row)
        return True

    def selected(self) -> StaffLine | None:
        index = selected_index(self.table, len(self.lines))
        return None if index is None else self.lines[index]

    def select_username(self, username: str) -> None:
        for row, line in enumerate(self.lines):
            if line.username == username:
                self.table.selectRow(row)

    @Slot()
    def _selection_changed(self) -> None:
        line = self.selected()
        self.reset_button.setEnabled(line is not None)
        self.active_button.setEnabled(line is not None)
        self.active_button.setText(tr("启用") if line is not None and not line.active
                                   else tr("停用"))

    @Slot()
    def add_user(self) -> AddUserDialog:
        dialog = AddUserDialog(self._runner, self.lines, self)
        dialog.accepted.connect(self.reload)
        dialog.open()
        return dialog

    @Slot()
    def reset_password(self) -> ResetPasswordDialog | None:
        line = self.selected()
        if line is None:
            return None
        dialog = ResetPasswordDialog(self._runner, line, self)
        dialog.accepted.connect(self.reload)
        dialog.open()
        return dialog

    @Slot()
    def toggle_active(self) -> None:
        line = self.selected()
        if line is None:
            return
        service = accounts.reactivate if not line.active else accounts.deactivate
        self._runner.submit(self, service, line.id).then(self._toggled)

    def _toggled(self, _result: object) -> None:
        self.reload()
        self._selection_changed()
