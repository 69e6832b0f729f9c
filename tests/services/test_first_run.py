"""The first run without Qt: answers checked page by page, nothing written before the end,
cancelling anywhere (or a failure while finishing) leaves nothing behind, on the embedded
archive and on a PostgreSQL server; a wrong server password gets a clear message."""

from __future__ import annotations

import json
import socket
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop_app import paths
from desktop_app.db.engine import make_engine
from desktop_app.db.models import Institution, StaffUser
from desktop_app.db.server_check import NEW, READY, DatabaseUnusable, schema_objects, server_url
from desktop_app.errors import ValidationFailed
from desktop_app.services.admin import first_run
from desktop_app.services.admin.first_run import FirstRun
from desktop_app.services.admin.sign_in import sign_in
from desktop_app.services.core.uow import UnitOfWork
from tests.conftest import PG_URL
from tests.first_run_servers import ROLE_PASSWORD, Server, fresh_database, password_role

ADMIN_PASSWORD = "chief-pass-1"
SERVERS = [PG_URL] if PG_URL else []


@pytest.fixture(autouse=True)
def small_demo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(first_run, "DEMO_PATIENTS", 2)


@pytest.fixture
def data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The PC's data folder: not there yet, as on a new PC."""
    folder = tmp_path / "data"
    monkeypatch.setenv("REHAB_DATA_DIR", str(folder))
    monkeypatch.delenv("REHAB_DB_URL", raising=False)
    return folder


@pytest.fixture
def server(db_kind: str) -> Iterator[Server | None]:
    """None for the embedded archive, else an empty database of its own on the server."""
    if db_kind == "sqlite":
        yield None
        return
    with fresh_database() as fresh:
        yield fresh


def choose(flow: FirstRun, server: Server | None) -> None:
    if server is None:
        flow.use_embedded()
    else:
        flow.use_server(server.host, server.port, server.database, server.user, server.password)


STEPS: list[Callable[[FirstRun, Server | None], object]] = [
    choose,
    lambda flow, _s: flow.set_institution("泸州市工伤康复医院", "LZGS-2026-01", "泸州市"),
    lambda flow, _s: flow.set_administrator("chief", "陈主任", ADMIN_PASSWORD, ADMIN_PASSWORD),
    lambda flow, _s: setattr(flow, "load_demo", True),
    lambda flow, _s: flow.summary(),
]


def nothing_left(data_folder: Path, server: Server | None) -> None:
    assert not data_folder.exists(), sorted(p.name for p in data_folder.rglob("*"))
    if server is not None:
        engine = make_engine(server_url(server.host, server.port, server.database, server.user, ""))
        try:
            assert schema_objects(engine) == set()
        finally:
            engine.dispose()


@pytest.mark.parametrize("pages", range(len(STEPS) + 1))
def test_cancelling_after_any_page_leaves_nothing(data_folder: Path, server: Server | None,
                                                  pages: int) -> None:
    flow = FirstRun()
    for step in STEPS[:pages]:
        step(flow, server)
    del flow  # 取消 Cancel: the wizard drops its answers
    nothing_left(data_folder, server)


def test_finishing_creates_the_archive_the_administrator_and_the_configuration(
        data_folder: Path, server: Server | None) -> None:
    flow = FirstRun()
    for step in STEPS:
        step(flow, server)
    assert flow.database is not None and flow.database.state == NEW
    done = flow.finish()
    config = json.loads(paths.config_path().read_text(encoding="utf-8"))
    assert config["database"] == ("embedded" if server is None else "postgresql")
    assert paths.default_database_url() == done.url  # app and CLI open this archive from now on
    assert (config.get("database_url") is None) == (server is None)
    engine = make_engine(done.url)
    try:
        with UnitOfWork(engine) as uow:
            assert uow.session.scalars(select(Institution.name)).one() == "泸州市工伤康复医院"
            admin = uow.session.scalars(select(StaffUser)).one()
            assert (admin.role, admin.display_name) == ("admin", "陈主任")
            assert sign_in(uow, "chief", ADMIN_PASSWORD).username == "chief"
    finally:
        engine.dispose()
    assert done.administrator == "chief" and done.demo_url is not None
    assert (data_folder / first_run.DEMO_FILE).exists()
    leftovers = [p.name for p in data_folder.iterdir() if p.name.endswith(".first-run")]
    assert leftovers == []


@pytest.mark.parametrize("failing", ["_write_config", "generate_demo", "create_first_administrator"])
def test_a_failure_while_finishing_removes_what_was_created(
        data_folder: Path, server: Server | None, monkeypatch: pytest.MonkeyPatch, failing: str) -> None:
    def fail(*_args: object, **_kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    if failing == "_write_config":
        monkeypatch.setattr(first_run, "_write_config", fail)
    elif failing == "generate_demo":
        monkeypatch.setattr("desktop_app.services.demo.generate_demo", fail)
    else:
        monkeypatch.setattr("desktop_app.services.admin.sign_in.create_first_administrator", fail)
    flow = FirstRun()
    for step in STEPS:
        step(flow, server)
    with pytest.raises(OSError):
        flow.finish()
    nothing_left(data_folder, server)


def test_answers_are_checked_page_by_page(data_folder: Path) -> None:
    flow = FirstRun()
    with pytest.raises(ValidationFailed) as caught:
        flow.set_institution(" ", "", "")
    assert {e.key for e in caught.value.errors} == {"institution_name", "region"}
    with pytest.raises(ValidationFailed) as caught:
        flow.set_administrator("chief", "", ADMIN_PASSWORD, "chief-pass-2")
    assert {e.key for e in caught.value.errors} == {"name", "password_confirmation"}
    with pytest.raises(ValidationFailed) as caught:
        flow.use_server("", 0, "archive", "", "")
    assert {e.key for e in caught.value.errors} == {"host", "port", "user"}
    assert flow.institution is None and flow.administrator is None and flow.database is None
    assert not data_folder.exists()


def test_an_unreachable_server_is_named(data_folder: Path) -> None:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(DatabaseUnusable) as caught:
        FirstRun().use_server("127.0.0.1", port, "archive", "rehab", "secret")
    assert f"无法连接到服务器 127.0.0.1:{port}" in caught.value.zh
    assert "Cannot reach the server" in caught.value.en and "secret" not in str(caught.value)
    assert not data_folder.exists()


@pytest.mark.parametrize("pg_url", SERVERS)
def test_a_wrong_server_password_gets_a_clear_message(data_folder: Path, pg_url: str) -> None:
    with fresh_database() as fresh, password_role() as role:
        flow = FirstRun()
        with pytest.raises(DatabaseUnusable) as caught:
            flow.use_server(fresh.host, fresh.port, fresh.database, role, "wrong-password")
        assert caught.value.zh.startswith("密码错误") and f"用户 {role} 的密码" in caught.value.zh
        assert caught.value.en.startswith("Wrong password") and "wrong-password" not in str(caught.value)
        assert flow.database is None
        with pytest.raises(DatabaseUnusable) as caught:  # an unknown database, named with the fix
            flow.use_server(fresh.host, fresh.port, "no_such_archive", role, ROLE_PASSWORD)
        assert "没有数据库 no_such_archive" in caught.value.zh and "createdb" in caught.value.en
    assert not data_folder.exists()


@pytest.mark.parametrize("pg_url", SERVERS)
def test_a_second_pc_joins_the_archive_on_the_server(tmp_path: Path, pg_url: str,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    with fresh_database() as fresh:
        monkeypatch.setenv("REHAB_DATA_DIR", str(tmp_path / "first-pc"))
        first = FirstRun()
        for step in STEPS[:3]:
            step(first, fresh)
        first.finish()
        monkeypatch.setenv("REHAB_DATA_DIR", str(tmp_path / "second-pc"))
        second = FirstRun()
        choice = second.use_server(fresh.host, fresh.port, fresh.database, fresh.user, "")
        assert (choice.state, choice.institution) == (READY, "泸州市工伤康复医院")
        assert not second.needs_setup  # no institution or administrator pages
        done = second.finish()
        assert done.administrator is None and paths.default_database_url() == done.url
        assert sorted(p.name for p in (tmp_path / "second-pc").iterdir()) == ["config.json"]


def test_the_regions_rules_default_from_the_region_and_are_saved(data_folder: Path) -> None:
    flow = FirstRun()
    flow.use_embedded()
    flow.set_institution("北京某康复中心", "", "北京市朝阳区")
    assert flow.institution is not None and flow.institution.policy_region == "beijing"
    flow.set_institution("深圳某康复中心", "", "深圳市")  # no pack: the national baseline
    assert flow.institution.policy_region == "national"
    with pytest.raises(ValidationFailed) as caught:
        flow.set_institution("某康复中心", "", "深圳市", "shenzhen")
    assert [e.key for e in caught.value.errors] == ["policy_region"]
    flow.set_institution("泸州市工伤康复医院", "", "泸州市", "beijing")  # the user's choice wins
    flow.set_administrator("chief", "陈主任", ADMIN_PASSWORD, ADMIN_PASSWORD)
    assert any("京人社工发〔2026〕1号" in line for line in flow.summary())
    engine = make_engine(flow.finish().url)
    try:
        with UnitOfWork(engine) as uow:
            assert uow.session.scalars(select(Institution.policy_region)).one() == "beijing"
    finally:
        engine.dispose()
