"""Use cases are declared once (``services.core.use_case``): the declaration authorises,
runs and commits. Checked here: every declaration names an action of the permission table,
the permission walk covers every declared action, the command line calls only declared use
cases, and a use case inside another one does not commit half-way."""

from __future__ import annotations

import ast
import importlib
import pkgutil
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

import desktop_app.services
from desktop_app.db.models import StaffUser
from desktop_app.domain.permissions import PERMISSIONS
from desktop_app.services.admin import setup
from desktop_app.services.core.permissions import PermissionDenied
from desktop_app.services.core.use_case import REGISTRY, use_case
from tests.archive_fixture import Archive
from tests.services.test_permissions import EXPECTED

CLI = Path(desktop_app.__file__).parent / "cli"
# Called by the command line with a unit of work, but not a use case of the table.
CLI_NOT_USE_CASES = frozenset({"sign_in"})  # signing in is who acts, not an action


def all_services() -> None:
    for module in pkgutil.walk_packages(desktop_app.services.__path__, "desktop_app.services."):
        importlib.import_module(module.name)


def test_every_declaration_names_an_action_of_the_table() -> None:
    all_services()
    assert len(REGISTRY) >= 50
    assert {u.action for u in REGISTRY.values()} <= set(PERMISSIONS)
    with pytest.raises(ValueError, match="not in the permission table"):
        use_case("case.teleport")
    with pytest.raises(ValueError, match="acts on a archive, not on a case"):
        use_case("user.manage", case="case_id")


def test_every_action_of_the_table_is_declared_by_a_use_case() -> None:
    all_services()
    undeclared = set(PERMISSIONS) - {u.action for u in REGISTRY.values()}
    assert undeclared == set(), "declare a use case for each action of the permission table"


def test_the_permission_walk_covers_every_declared_action() -> None:
    all_services()
    assert {str(u.action) for u in REGISTRY.values()} <= set(EXPECTED)


def cli_calls_with_a_unit_of_work() -> set[str]:
    """The names of the functions the command line calls with ``uow`` as first argument."""
    names = set()
    for path in CLI.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Name)
                    and node.args[0].id == "uow"):
                func = node.func
                names.add(func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "?"))
    return names


def test_the_command_line_calls_only_declared_use_cases() -> None:
    all_services()
    called = cli_calls_with_a_unit_of_work()
    assert {"build_claim", "finalize_claim", "record_session", "set_policy_region"} <= called
    declared = {u.function.__name__ for u in REGISTRY.values()}
    assert called - declared - CLI_NOT_USE_CASES == set()


def staff_named(archive: Archive, username: str) -> list[int]:
    with archive.uow() as u, Session(u.engine) as other:  # another connection: committed rows only
        return list(other.scalars(select(StaffUser.id).where(StaffUser.username == username)))


def test_a_use_case_inside_another_does_not_commit_half_way(archive: Archive) -> None:
    with archive.uow(archive.admin) as u, pytest.raises(RuntimeError, match="later step"), u.atomic():
        setup.add_staff(u, "half-way", "半途", "therapist")  # a use case, inside a block
        assert u.session.scalars(select(StaffUser.id).where(
            StaffUser.username == "half-way")).first() is not None  # flushed, not committed
        raise RuntimeError("a later step failed")
    assert staff_named(archive, "half-way") == []


def test_the_outermost_use_case_commits(archive: Archive) -> None:
    with archive.uow(archive.admin) as u:
        staff_id = setup.add_staff(u, "at-once", "即刻", "therapist")
        assert u.use_case_depth == 0
    assert staff_named(archive, "at-once") == [staff_id]


def test_the_declaration_authorises_before_the_body_runs(archive: Archive) -> None:
    with archive.uow(archive.therapist) as u, pytest.raises(PermissionDenied, match="may not manage users"):
        setup.add_staff(u, "not-allowed", "无权", "therapist")
    assert staff_named(archive, "not-allowed") == []
