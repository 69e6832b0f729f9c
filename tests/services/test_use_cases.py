"""Use cases are declared once (``services.core.use_case``): the declaration authorises,
runs and commits. Checked here: every declaration names an action of the permission table,
the permission walk covers every declared action, the command line calls only declared use
cases and every use case has a command or is listed as desktop-only, and a use case inside
another one does not commit half-way."""

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
from desktop_app.services.core.use_case import DESKTOP_ONLY, REGISTRY, use_case
from tests.archive_fixture import Archive
from tests.services.test_permissions import EFFECTS, EXPECTED, WALK

CLI = Path(desktop_app.__file__).parent / "cli"
# Called by the command line with a unit of work, but not a use case of the table.
CLI_NOT_USE_CASES = frozenset({"admin.sign_in.sign_in"})  # signing in is who acts, not an action


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
    declared = {str(u.action) for u in REGISTRY.values()}
    assert declared == set(EXPECTED) == set(WALK) == set(EFFECTS)
    signing_family = {"record.sign", "record.cosign", "record.patient_sign", "record.amend",
                      "record.approve_amendment"}
    assert {u.name for u in REGISTRY.values() if u.action in signing_family} == {
        "integrity.signing.sign_as_staff", "integrity.signing.cosign",
        "integrity.signing.sign_as_patient_side", "integrity.amendments.amend",
        "integrity.amendments.amend_archived",
        "clinical.paper_signing.print_signing_sheet",  # the page the patient signs on paper
        # the therapist's day of sessions (实施人签名) and an assistant's (上级审核签名)
        "clinical.session_signing.sign_day", "clinical.session_signing.cosign_day"}


SERVICES = "desktop_app.services."


def imported_services(tree: ast.AST) -> dict[str, str]:
    """What each name a command-line module imports from the services stands for: a
    function (``claims.claims.build_claim``) or a module (``claims.claims``)."""
    names = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(SERVICES):
            module = (node.module or "").removeprefix(SERVICES)
            for alias in node.names:
                names[alias.asname or alias.name] = f"{module}.{alias.name}"
    return names


def cli_calls_with_a_unit_of_work() -> set[str]:
    """The services the command line calls with ``uow`` as first argument, named as in
    ``REGISTRY`` (``module.function`` under ``desktop_app.services``)."""
    called = set()
    for path in CLI.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = imported_services(tree)
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Name)
                    and node.args[0].id == "uow"):
                func = node.func
                if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
                    called.add(f"{names.get(func.value.id, func.value.id)}.{func.attr}")
                elif isinstance(func, ast.Name):
                    called.add(names.get(func.id, func.id))
    return called


def test_the_command_line_calls_only_declared_use_cases() -> None:
    all_services()
    called = cli_calls_with_a_unit_of_work()
    assert {"claims.claims.build_claim", "claims.claims.finalize_claim",
            "clinical.treatment.record_session", "rules.region.set_policy_region"} <= called
    assert called - set(REGISTRY) - CLI_NOT_USE_CASES == set()


def use_cases_without_a_command(declared: set[str], called: set[str], desktop_only: frozenset[str]
                                ) -> tuple[set[str], set[str], set[str]]:
    """(declared with no command and not listed, listed but not declared, listed but with a
    command): all three must be empty."""
    return declared - called - desktop_only, desktop_only - declared, desktop_only & called


def test_every_use_case_has_a_command_or_is_desktop_only() -> None:
    """The rule of ``use_case``'s docstring: a new use case is given a command or listed."""
    all_services()
    forgotten, gone, has_a_command = use_cases_without_a_command(
        set(REGISTRY), cli_calls_with_a_unit_of_work(), DESKTOP_ONLY)
    assert forgotten == set(), "give these a command in desktop_app/cli, or list them in DESKTOP_ONLY"
    assert gone == set(), "no longer declared: take them off DESKTOP_ONLY"
    assert has_a_command == set(), "these have a command: take them off DESKTOP_ONLY"
    assert {"integrity.signing.sign_as_staff", "integrity.amendments.amend"} <= DESKTOP_ONLY


def test_a_use_case_neither_on_the_command_line_nor_listed_is_caught() -> None:
    assert use_cases_without_a_command({"a.b.new", "claims.claims.build_claim", "x.listed"},
                                       {"claims.claims.build_claim"}, frozenset({"x.listed"})
                                       ) == ({"a.b.new"}, set(), set())
    assert use_cases_without_a_command({"claims.claims.build_claim"}, {"claims.claims.build_claim"},
                                       frozenset({"claims.claims.build_claim", "x.gone"})
                                       ) == (set(), {"x.gone"}, {"claims.claims.build_claim"})


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
