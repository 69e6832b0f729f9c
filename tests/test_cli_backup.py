"""``rehab-archive backup`` and ``restore`` end to end on both engines."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from sqlalchemy import Engine

from desktop_app.services.records.backup import DATA_FILE
from tests.archive_fixture import Archive
from tests.conftest import without_guards
from tests.services.test_backup import case_count, flip_one_byte, register_another, sealed_signed_case
from tests.services.test_integrity import sessions_signed_by_patient
from tests.test_cli import run


class Terminal(io.StringIO):
    """Keyboard input on a terminal."""

    def isatty(self) -> bool:
        return True


def test_backup_then_restore_yes(archive: Archive, engine: Engine, db_url: str, tmp_path: Path,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    sealed_signed_case(archive)
    folder = tmp_path / "backup"
    code, out, err = run(capsys, "--db", db_url, "backup", str(folder))
    assert (code, err) == (0, "")
    assert DATA_FILE[engine.dialect.name] in out and "审计链头 / chain head" in out
    register_another(archive)
    assert case_count(engine) == 2

    engine.dispose()  # the desktop app is closed before a restore
    code, out, err = run(capsys, "--db", db_url, "restore", str(folder), "--yes")
    assert (code, err) == (0, "")
    assert "全部通过 all checks passed" in out and "锚定文件 / anchor: 已核对 checked" in out
    assert "原档案保存在 / the previous archive was kept at:" in out and "before-restore-" in out
    assert case_count(engine) == 1
    code, out, _ = run(capsys, "--db", db_url, "verify", "--anchor", str(folder / "anchor.json"))
    assert code == 0 and "全部通过" in out


def test_restore_refuses_a_damaged_backup(archive: Archive, engine: Engine, db_url: str, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    sealed_signed_case(archive)
    folder = tmp_path / "backup"
    assert run(capsys, "--db", db_url, "backup", str(folder))[0] == 0
    register_another(archive)
    data_file = DATA_FILE[engine.dialect.name]
    flip_one_byte(folder / data_file)
    code, _, err = run(capsys, "--db", db_url, "restore", str(folder), "--yes")
    assert code == 1
    zh, en = err.strip().splitlines()
    assert zh.startswith("错误：备份未通过核验，未做任何修改") and data_file in zh
    assert en.startswith("Error: The backup failed its check; nothing was changed") and data_file in en
    assert case_count(engine) == 2
    (folder / "manifest.json").unlink()
    code, _, err = run(capsys, "--db", db_url, "restore", str(folder), "--yes")
    assert code == 1 and "manifest.json" in err and "Error:" in err


def test_restore_asks_first(archive: Archive, engine: Engine, db_url: str, tmp_path: Path,
                            capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    archive.admitted_case()
    folder = tmp_path / "backup"
    assert run(capsys, "--db", db_url, "backup", str(folder))[0] == 0
    register_another(archive)
    monkeypatch.setattr("sys.stdin", io.StringIO("yes\n"))  # not a terminal and no --yes
    code, _, err = run(capsys, "--db", db_url, "restore", str(folder))
    assert code == 2 and "--yes" in err and case_count(engine) == 2
    monkeypatch.setattr("sys.stdin", Terminal("no\n"))
    code, out, _ = run(capsys, "--db", db_url, "restore", str(folder))
    assert code == 1 and "已取消" in out and case_count(engine) == 2
    engine.dispose()
    monkeypatch.setattr("sys.stdin", Terminal("yes\n"))
    code, out, _ = run(capsys, "--db", db_url, "restore", str(folder))
    assert code == 0 and "确认恢复" in out and case_count(engine) == 1


def test_backup_refuses_to_overwrite(archive: Archive, db_url: str, tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    archive.admitted_case()
    folder = tmp_path / "backup"
    assert run(capsys, "--db", db_url, "backup", str(folder))[0] == 0
    manifest = (folder / "manifest.json").read_bytes()
    code, _, err = run(capsys, "--db", db_url, "backup", str(folder))
    assert code == 1 and "不会覆盖" in err and "never overwritten" in err
    assert (folder / "manifest.json").read_bytes() == manifest


def test_restore_exits_1_when_the_restored_archive_fails_verify(
        archive: Archive, engine: Engine, db_url: str, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    _, ids, _ = sessions_signed_by_patient(archive, days=1)
    without_guards(engine, f"UPDATE treatment_session SET notes = 'x' WHERE id = {ids[0]}")
    folder = tmp_path / "backup"
    assert run(capsys, "--db", db_url, "backup", str(folder))[0] == 0
    engine.dispose()
    code, out, err = run(capsys, "--db", db_url, "restore", str(folder), "--yes")
    # The row differs from its last audited state, and its signature no longer matches.
    assert code == 1 and f"treatment_session #{ids[0]}" in out and "发现 2 个问题" in out
    assert "原档案保存在" in out and "未通过核验" in err and "fails verify" in err
