"""A month's claims exported with every core: the packages are built and written in worker
processes while this process reads and writes the archive.

For each claim, in order, this process reads what the package is made of
(``claim_export.plan_export``, plain data), hands the plan to a worker, which builds the
PDF/A documents, signs them if asked, and writes the package (``write_planned``: a folder
and a zip under hidden ``.partial`` names, renamed when complete); then, in claim order,
this process records each written package in a unit of work of its own
(``export_claim(..., written=...)``: the claim is checked again and its gate once, the issued
documents and their ``export`` audit events are written, the claim is marked exported, and
the package is removed again if any of that is refused). The database is used by this
process only: one SQLite writer, and no engine or Qt object crosses a process boundary.

Every document issued for the first time in the batch is anchored at the head of the
audit chain when the batch began (``issued_documents.order``'s ``anchor``), so the
packages do not depend on which claim was recorded first: the batch writes the same
bytes with one process or several (``processes=1`` runs the same steps in this process).

Progress is ``("export", done, total)`` before each claim is handed out; a Cancel raised
there stops handing out, the claims already handed out are finished and recorded, and the
cancellation is raised again: every package under its final name is recorded, none is
half-written. Workers start with the ``spawn`` method (a fork of a process holding a Qt
application or a database engine is unsafe), from a plain thread too (``BackgroundJob``).
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
from collections import deque
from collections.abc import Callable
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from desktop_app.clock import Clock
from desktop_app.db.models import Claim, RehabCase
from desktop_app.documents.fonts import default_chain
from desktop_app.documents.identity import AuditAnchor
from desktop_app.documents.signer import PdfSigner
from desktop_app.errors import AppError, EnvironmentProblem, UserError
from desktop_app.services.claims.claim_export import (
    ExportPlan,
    WrittenPackage,
    export_claim,
    plan_export,
    write_planned,
)
from desktop_app.services.core.audit_chain import chain_head
from desktop_app.services.core.progress import Progress, no_progress
from desktop_app.services.core.uow import UnitOfWork

T = TypeVar("T")
# A batch this small is not worth starting worker processes for (about a second each).
SMALL_BATCH = 3


@dataclass(frozen=True)
class Exported:
    """One claim's result, in the batch's order: a package or a refusal (Chinese, English)."""

    claim_id: int
    case_id: int
    case_number: str
    package: Path | None
    zh: str
    en: str

    @property
    def ok(self) -> bool:
        return self.package is not None


def default_processes() -> int:
    """Every core (``REHAB_EXPORT_PROCESSES`` overrides it; 1 exports in this process)."""
    configured = os.environ.get("REHAB_EXPORT_PROCESSES", "")
    return max(1, int(configured)) if configured.isdigit() else max(1, os.cpu_count() or 1)


def _warm() -> None:
    """A worker registers the fonts once, before its first claim."""
    default_chain()


@dataclass(frozen=True)
class _Failed:
    """A worker's refusal (a package of that name exists, a character no font has) or
    environment problem (the disk is full), as texts: an application error does not survive
    the trip back between processes (its constructor takes two texts, its args one)."""

    zh: str
    en: str
    refused: bool  # a refusal is the claim's result; a problem stops the batch


def _write(plan: ExportPlan, sign: PdfSigner | None) -> WrittenPackage | _Failed:
    """In a worker: the written package, or why not."""
    try:
        return write_planned(plan, sign)
    except UserError as refused:
        return _Failed(refused.zh, refused.en, True)
    except AppError as problem:
        return _Failed(problem.zh, problem.en, False)


class _InProcess(Executor):
    """The same steps without workers (``processes=1``): each package is written when handed out."""

    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Future[T]:
        future: Future[T] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # noqa: BLE001 - handed back through the future, as a pool does
            future.set_exception(exc)
        return future


def _picklable(sign: PdfSigner | None) -> bool:
    try:
        pickle.dumps(sign)
    except Exception:  # noqa: BLE001 - whatever stops it, the signer stays in this process
        return False
    return True


def case_number(engine: Engine, case_id: int) -> str:
    """The case's number, for a batch's outcome (``#id`` if there is no such case)."""
    with Session(engine) as session:
        return session.scalar(select(RehabCase.case_number).where(RehabCase.id == case_id)) \
            or f"#{case_id}"


def claim_case(engine: Engine, claim_id: int) -> tuple[int, str]:
    """The claim's case id and number, for a batch's outcome."""
    with Session(engine) as session:
        row = session.execute(select(RehabCase.id, RehabCase.case_number).join(
            Claim, Claim.case_id == RehabCase.id).where(Claim.id == claim_id)).first()
    return (int(row[0]), str(row[1])) if row else (0, f"claim #{claim_id}")


@dataclass
class _Handed:
    claim_id: int
    case_id: int
    case_number: str
    plan: ExportPlan | None
    future: Future[WrittenPackage | _Failed] | None
    refused: tuple[str, str] | None = None


# A case → its claim for the month, built and frozen (``run_month``), or why not (zh, en).
Prepare = Callable[[int], "int | tuple[str, str]"]
# Claims handed out ahead of the one being recorded in ``run_month``, whatever the number of
# processes: each claim's anchor is the chain's head once it is frozen, which the records of
# the claims before it move; the same number ahead writes the archive in the same order with
# one process or several.
RUN_AHEAD = 4


def export_month(engine: Engine, clock: Clock, actor_id: int | None, claim_ids: list[int],
                 out_dir: Path, *, sign: PdfSigner | None = None, region: str = "national",
                 progress: Progress = no_progress, processes: int | None = None) -> list[Exported]:
    """One package per frozen claim in ``out_dir``, built by ``processes`` worker processes
    (default: every core); a refusal is that claim's result, anything else stops the batch
    once the claims handed out are recorded."""
    with Session(engine) as session:
        anchor = AuditAnchor(*chain_head(session))
    return _pooled(claim_ids, sign, processes, lambda executor, wanted: _run(
        engine, clock, actor_id, claim_ids, out_dir, sign, region, progress, executor,
        1 if wanted == 1 else 2 * wanted, anchor=anchor))


def run_month(engine: Engine, clock: Clock, actor_id: int | None, case_ids: list[int],
              prepare: Prepare, out_dir: Path, *, sign: PdfSigner | None = None,
              region: str = "national", progress: Progress = no_progress,
              processes: int | None = None) -> list[Exported]:
    """``prepare`` each case (build and freeze its claim, in this process) and export it at
    once, while the workers write the packages of the cases before it: every core busy from
    the first case to the last (progress ``("run", done, total)``). Each claim's documents are
    anchored at the chain's head once that claim is frozen."""
    return _pooled(case_ids, sign, processes, lambda executor, _wanted: _run(
        engine, clock, actor_id, case_ids, out_dir, sign, region, progress, executor, RUN_AHEAD,
        prepare=prepare))


def _pooled(items: list[int], sign: PdfSigner | None, processes: int | None,
            run: Callable[[Executor, int], list[Exported]]) -> list[Exported]:
    """``run`` with the worker processes it may use (this process alone for a few items, or a
    signer that cannot travel)."""
    wanted = default_processes() if processes is None else max(1, processes)
    if len(items) < SMALL_BATCH or not _picklable(sign):
        wanted = 1
    if wanted == 1:
        return run(_InProcess(), 1)
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=wanted, mp_context=context, initializer=_warm) as pool:
        return run(pool, wanted)


def _run(engine: Engine, clock: Clock, actor_id: int | None, items: list[int], out_dir: Path,
         sign: PdfSigner | None, region: str, progress: Progress, executor: Executor, ahead: int, *,
         anchor: AuditAnchor | None = None, prepare: Prepare | None = None) -> list[Exported]:
    """``ahead``: claims handed out before the oldest is recorded (enough that no worker waits
    meanwhile). ``items``: claims, or with ``prepare`` cases."""
    handed: deque[_Handed] = deque()
    results: list[Exported] = []
    stopped: BaseException | None = None
    stage = "export" if prepare is None else "run"

    def finish(item: _Handed) -> None:
        results.append(_record(engine, clock, actor_id, out_dir, sign, region, item))

    for done, item in enumerate(items):
        try:
            progress(stage, done, len(items))
        except BaseException as stop:  # noqa: BLE001 - Cancel: raised again once the handed-out are done
            stopped = stop
            break
        try:
            handed.append(_hand_out(engine, clock, item, out_dir, sign, region, executor, anchor, prepare))
            while len(handed) >= ahead:
                finish(handed.popleft())
        except BaseException as failure:
            stopped = failure
            break
    for handed_out in handed:  # the claims handed out are finished whatever stopped the batch
        try:
            finish(handed_out)
        except BaseException as failure:
            stopped = stopped or failure
    if stopped is not None:
        raise stopped
    progress(stage, len(items), len(items))
    return results


def _hand_out(engine: Engine, clock: Clock, item: int, out_dir: Path, sign: PdfSigner | None,
              region: str, executor: Executor, anchor: AuditAnchor | None,
              prepare: Prepare | None) -> _Handed:
    """Plan the claim's package (its case prepared first) and give it to a worker."""
    if prepare is None:
        claim_id = item
        case_id, number = claim_case(engine, claim_id)
    else:
        case_id, number = item, case_number(engine, item)
        ready = prepare(item)
        if isinstance(ready, tuple):
            return _Handed(0, case_id, number, None, None, ready)
        claim_id = ready
    try:
        with Session(engine) as session:
            at = anchor if anchor is not None else AuditAnchor(*chain_head(session))
            plan = plan_export(session, clock, claim_id, out_dir, region, at, gate=False)
    except UserError as refused:
        return _Handed(claim_id, case_id, number, None, None, (refused.zh, refused.en))
    return _Handed(claim_id, case_id, number, plan, executor.submit(_write, plan, sign))


def _record(engine: Engine, clock: Clock, actor_id: int | None, out_dir: Path, sign: PdfSigner | None,
            region: str, item: _Handed) -> Exported:
    if item.refused is not None or item.future is None or item.plan is None:
        zh, en = item.refused or ("", "")
        return Exported(item.claim_id, item.case_id, item.case_number, None, zh, en)
    written = item.future.result()
    if isinstance(written, _Failed):
        if not written.refused:
            raise EnvironmentProblem(written.zh, written.en)
        return Exported(item.claim_id, item.case_id, item.case_number, None, written.zh, written.en)
    try:
        with UnitOfWork(engine, clock=clock, actor_id=actor_id) as uow:
            result = export_claim(uow, item.claim_id, out_dir, region=region, sign=sign,
                                  written=(item.plan, written))
    except UserError as refused:  # the package was taken back
        return Exported(item.claim_id, item.case_id, item.case_number, None, refused.zh, refused.en)
    return Exported(item.claim_id, item.case_id, item.case_number, result.zip_path,
                    f"已导出 {result.zip_path.name}", f"exported {result.zip_path.name}")
