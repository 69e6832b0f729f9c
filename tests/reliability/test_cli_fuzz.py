"""Random text for ``--db`` and for every kind of command-line argument (issue 15): each
run ends with a message on stderr and exit 1 or 2, never a traceback, and writes nothing —
no new file beside the archive, the archive's bytes unchanged.

In-process (``main([...])``), SQLite only: what is fuzzed is argument handling and opening,
which happen before any engine-specific work. Bounded: ``max_examples`` and ``deadline``.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from desktop_app.cli import main
from desktop_app.cli.cases import _amount, _approved_item, _quota
from desktop_app.cli.region import _hours, _weekdays
from desktop_app.domain.vocabulary import CASE_STATUSES

BOUNDED = settings(max_examples=60, deadline=timedelta(seconds=10), database=None,
                   suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
SIGNED_IN = ["--user", "nobody", "--password-env", "REHAB_FUZZ_NO_SUCH_VARIABLE"]
TEXT = st.text(max_size=40)


@dataclass(frozen=True)
class Workspace:
    folder: Path  # the current folder during the runs: relative paths land here
    archive: Path
    afile: Path  # an ordinary file: a path below it cannot be created

    @property
    def url(self) -> str:
        return f"sqlite:///{self.archive}"

    def state(self) -> tuple[list[str], str]:
        """Every name below the folder, and the archive's bytes."""
        names = sorted(str(p.relative_to(self.folder)) for p in self.folder.rglob("*"))
        return names, hashlib.sha256(self.archive.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    folder = tmp_path_factory.mktemp("fuzz")
    kept = folder / "kept"
    kept.mkdir()
    space = Workspace(folder, kept / "archive.sqlite3", folder / "afile")
    space.afile.write_text("not a folder", encoding="utf-8")
    assert main(["--db", space.url, "init"]) == 0
    assert main(["--db", space.url, "info"]) == 0  # a reader leaves SQLite's -wal/-shm beside it
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(folder)
        yield space


def refused(space: Workspace, argv: list[str]) -> None:
    """Run ``argv``; assert a message, exit 1 or 2 and nothing written."""
    before = space.state()
    err, out = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
        code = main(argv)
    stderr = err.getvalue()
    assert code in (1, 2), (argv, code, out.getvalue(), stderr)
    assert stderr.strip() and "Traceback" not in stderr, (argv, stderr)
    assert space.state() == before, argv


def fails(parse: Callable[[str], object], text: str) -> bool:
    try:
        parse(text)
    except (ValueError, OSError, argparse.ArgumentTypeError):
        return True
    return False


DB_TEXT = st.one_of(TEXT, TEXT.map(lambda t: "sqlite:///" + t), TEXT.map(lambda t: "sqlite://" + t),
                    TEXT.map(lambda t: "postgresql+psycopg://" + t + "@127.0.0.1:1/x"),
                    st.sampled_from(["mysql://", "http://", "file:", "sqlite+pysqlcipher:///"]).flatmap(
                        lambda scheme: TEXT.map(lambda t: scheme + t)))
DB_COMMANDS = (["info"], ["cases"], ["verify"], ["retention"], ["backup", "afile/b"],
               ["anchor", "--out", "afile/a.json"], ["region", "show"], ["leave", "list", "--case", "1"],
               ["region", "set", "beijing", "--reason", "r", *SIGNED_IN])


@BOUNDED
@given(text=DB_TEXT, command=st.sampled_from(DB_COMMANDS))
def test_random_database_urls(workspace: Workspace, text: str, command: list[str]) -> None:
    assume(not names_the_archive(workspace, text.removeprefix("sqlite:///")))
    refused(workspace, ["--db", text, *command])


def names_the_archive(space: Workspace, text: str) -> bool:
    try:
        return Path(text).resolve() == space.archive.resolve()
    except (OSError, ValueError):  # NUL, lone surrogates
        return False


def _not_an_int(text: str) -> bool:
    return fails(int, text)


def _not_a_moment(text: str) -> bool:
    return fails(datetime.fromisoformat, text)


def _not_a_period(text: str) -> bool:
    return text != "discharge" and re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", text) is None


# (arguments around the random text, whether a given text must be refused there)
ARGUMENTS: tuple[tuple[Callable[[str], list[str]], Callable[[str], bool]], ...] = (
    (lambda t: ["retention", "--as-of", t], lambda t: fails(date.fromisoformat, t)),
    (lambda t: ["demo", "--as-of", t], lambda t: fails(date.fromisoformat, t)),
    (lambda t: ["demo", "--patients", t], _not_an_int),
    (lambda t: ["cases", "--status", t], lambda t: True),  # not a status: see the test
    (lambda t: ["claim", "build", "--case", "1", "--period", t, *SIGNED_IN], _not_a_period),
    (lambda t: ["claim", "build", "--case", t, "--period", "2026-01", *SIGNED_IN], _not_an_int),
    (lambda t: ["session", "record", "--case", "1", "--item", "X", "--therapist", "t", "--start", t,
                "--end", "2026-01-01T10:00", *SIGNED_IN], _not_a_moment),
    (lambda t: ["session", "record", "--case", "1", "--item", "X", "--therapist", "t", "--start",
                "2026-01-01T09:00", "--end", "2026-01-01T10:00", "--count", t, *SIGNED_IN], _not_an_int),
    (lambda t: ["leave", "add", "--case", "1", "--from", t, "--to", "2026-01-02", "--reason", "r",
                *SIGNED_IN], lambda t: fails(date.fromisoformat, t)),
    (lambda t: ["region", "ward", "--hours", t, *SIGNED_IN], lambda t: fails(_hours, t)),
    (lambda t: ["region", "ward", "--no-hours", "--rest", t, *SIGNED_IN], lambda t: fails(_weekdays, t)),
    (lambda t: ["case", "terms", "--case", "1", "--method", "per_item", "--rate", t, *SIGNED_IN],
     lambda t: fails(_amount, t)),
    (lambda t: ["case", "terms", "--case", "1", "--method", "per_item", "--quota", t, *SIGNED_IN],
     lambda t: fails(_quota, t)),
    (lambda t: ["case", "approval", "--case", "1", "--number", "n", "--date", "2026-01-01", "--body", "b",
                "--from", "2026-01-01", "--to", "2026-02-01", "--item", t, *SIGNED_IN],
     lambda t: fails(_approved_item, t)),
    (lambda t: ["verify", "--anchor", t], lambda t: not Path(t).is_file()),
    (lambda t: ["backup", "afile/x" + t], lambda t: ".." not in t),
    (lambda t: ["restore", t, "--yes"], lambda t: not (Path(t) / "manifest.json").exists()),
    (lambda t: ["verify-package", t], lambda t: True),
    (lambda t: ["anchor", "--out", "afile/x" + t], lambda t: ".." not in t),
)


@BOUNDED
@given(text=TEXT, which=st.integers(0, len(ARGUMENTS) - 1))
def test_random_arguments(workspace: Workspace, text: str, which: int) -> None:
    arguments, must_refuse = ARGUMENTS[which]
    assume(must_refuse(text))
    if arguments("")[0] == "cases":
        assume(text not in CASE_STATUSES)
    if arguments("")[0] == "verify-package":
        assume(text.strip() not in ("", ".") and not Path(text).exists())
    refused(workspace, ["--db", workspace.url, *arguments(text)])
