"""The month's export with worker processes (a pool of 2) on both engines: the same package
bytes as the export in one process, a refused claim in the middle leaves the others
exported, and a Cancel after N claims leaves N complete, recorded packages and nothing
half-written."""

from __future__ import annotations

import hashlib
import threading
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop_app.db.models import AuditEvent, Claim, RehabCase
from desktop_app.documents.bagit import check_bag
from desktop_app.services.claims import claims_month, month_batch
from tests.archive_fixture import Archive
from tests.services.test_claim_export import april_only_case
from tests.services.test_claims import make_course
from tests.services.test_claims_month import MAY, listed, run


def frozen_claims(archive: Archive, n: int, *, drafts: tuple[int, ...] = ()) -> list[int]:
    """``n`` claims for May, frozen but those at the positions in ``drafts``."""
    cases = [make_course(archive).case_id for _ in range(n)]
    built = run(archive, claims_month.build_month, MAY, cases)
    ids = [o.claim_id for o in built]
    assert all(o.ok for o in built) and None not in ids
    frozen = run(archive, claims_month.finalize_month, [c for i, c in enumerate(ids) if i not in drafts])
    assert all(o.ok for o in frozen)
    return [int(c) for c in ids if c is not None]


def files_of(out: Path) -> dict[str, str]:
    """Every file under ``out`` (the packages' folders and zips) → its SHA-256."""
    return {p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(out.rglob("*")) if p.is_file()}


def statuses(archive: Archive, ids: list[int]) -> list[str]:
    with archive.uow() as u:
        by_id = {c.id: c.status for c in u.session.scalars(select(Claim).where(Claim.id.in_(ids)))}
    return [by_id[i] for i in ids]


def export_events(archive: Archive) -> int:
    with archive.uow() as u:
        return len(u.session.scalars(select(AuditEvent.id).where(AuditEvent.action == "export")).all())


def test_workers_write_the_same_packages_as_one_process(archive: Archive, tmp_path: Path) -> None:
    ids = frozen_claims(archive, 3)
    progress: list[tuple[str, int, int]] = []
    pooled = run(archive, month_batch.export_month, ids, tmp_path / "pool", processes=2,
                 progress=lambda *report: progress.append(report))
    assert [(e.claim_id, e.ok) for e in pooled] == [(i, True) for i in ids]
    assert progress == [("export", n, 3) for n in range(4)]
    assert statuses(archive, ids) == ["exported"] * 3
    events = export_events(archive)
    assert events >= 3 * 4  # cover, fee list, execution sheet, plan: each issue audited
    # Again in this process, into another folder: every file of every package is the same.
    alone = run(archive, claims_month.export_month, ids, tmp_path / "alone", processes=1)
    assert all(o.ok for o in alone)
    assert export_events(archive) == 2 * events
    pool_files, alone_files = files_of(tmp_path / "pool"), files_of(tmp_path / "alone")
    assert len(pool_files) > 3 * 10 and pool_files == alone_files
    assert {p.split("/")[0] for p in pool_files} == {f"{Path(str(o.package)).stem}" for o in alone} | {
        Path(str(o.package)).name for o in alone}
    assert all(check_bag(Path(str(o.package))).ok for o in pooled)


def test_a_refused_claim_in_the_middle_stops_no_other(archive: Archive, tmp_path: Path) -> None:
    may = frozen_claims(archive, 4, drafts=(1,))  # the second is still a draft
    # An April claim whose window got a session after the freeze, signed by nobody: its gate
    # refuses it when the batch records it (its package, built meanwhile, is removed).
    case_id, april = april_only_case(archive)
    late = archive.record_session(case_id, date(2026, 4, 20))
    ids = [may[0], may[1], april, may[2], may[3]]
    with archive.uow() as u:
        third = u.session.get(Claim, may[2])
        case = u.session.get(RehabCase, third.case_id) if third else None
        assert case is not None
        taken = tmp_path / "out" / f"claim-{case.case_number}-{may[2]}-V1"  # its worker refuses it
    taken.mkdir(parents=True)
    out = tmp_path / "out"
    results = run(archive, month_batch.export_month, ids, out, processes=2)
    assert [(e.claim_id, e.ok) for e in results] == [
        (ids[0], True), (ids[1], False), (april, False), (may[2], False), (may[3], True)]
    assert "尚未确认" in results[1].zh and "draft" in results[1].en
    assert "未经患者签字确认" in results[2].zh and str(late) in results[2].zh + results[2].en
    assert "已存在" in results[3].zh
    assert statuses(archive, ids) == ["exported", "draft", "final", "final", "exported"]
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [taken.name, *(p for e in results if e.package for p in (e.package.name, e.package.stem))])
    assert not any(taken.iterdir())  # the existing folder untouched


class Stop(Exception):
    """What the desktop's Cancel raises from the progress report."""


@pytest.mark.parametrize("processes", [2, 1])
def test_cancel_after_two_claims_leaves_two_complete_packages(archive: Archive, tmp_path: Path,
                                                             processes: int) -> None:
    ids = frozen_claims(archive, 4)
    out = tmp_path / "out"

    def cancel_after_two(stage: str, done: int, total: int) -> None:
        if done == 2:
            raise Stop

    raised: list[BaseException] = []

    def work() -> None:  # in a thread of its own, as the desktop's BackgroundJob runs it
        try:
            run(archive, claims_month.export_month, ids, out, processes=processes,
                progress=cancel_after_two)
        except BaseException as exc:  # noqa: BLE001 - looked at below
            raised.append(exc)

    job = threading.Thread(target=work)
    job.start()
    job.join(timeout=600)
    assert not job.is_alive() and len(raised) == 1 and isinstance(raised[0], Stop)
    assert statuses(archive, ids) == ["exported", "exported", "final", "final"]
    names = sorted(p.name for p in out.iterdir())
    assert len(names) == 4 and not any(n.startswith(".") or "partial" in n for n in names)
    folders = [out / n for n in names if not n.endswith(".zip")]
    assert all(check_bag(f).ok and check_bag(f.with_suffix(".zip")).ok for f in folders)
    assert {f.name.split("-")[-2] for f in folders} == {str(i) for i in ids[:2]}


def claims_of(archive: Archive, case_ids: list[int]) -> dict[int, list[str]]:
    """Each case's May claims' statuses."""
    with archive.uow() as u:
        found: dict[int, list[str]] = {case_id: [] for case_id in case_ids}
        for claim in u.session.scalars(select(Claim).where(Claim.case_id.in_(case_ids),
                                                           Claim.period == MAY).order_by(Claim.id)):
            found[claim.case_id].append(claim.status)
    return found


def test_one_run_builds_freezes_and_exports_each_case(archive: Archive, tmp_path: Path) -> None:
    """The month-end run: each case built, frozen and exported in turn while the workers write
    the packages; a case its gate refuses is that case's outcome, nothing of it written."""
    cases = [make_course(archive).case_id, make_course(archive, sign_all=False).case_id,
             make_course(archive).case_id, make_course(archive).case_id]
    progress: list[tuple[str, int, int]] = []
    outcomes = run(archive, claims_month.run_month, MAY, cases, tmp_path / "out", processes=2,
                   progress=lambda *report: progress.append(report))
    assert [(o.case_id, o.ok) for o in outcomes] == [(cases[0], True), (cases[1], False),
                                                     (cases[2], True), (cases[3], True)]
    assert outcomes[1].claim_id is None and "未经患者签字确认" in outcomes[1].zh
    assert progress == [("run", n, 4) for n in range(5)]
    assert claims_of(archive, cases) == {cases[0]: ["exported"], cases[1]: [],
                                         cases[2]: ["exported"], cases[3]: ["exported"]}
    packages = [Path(str(o.package)) for o in outcomes if o.package is not None]
    assert len(packages) == 3 and all(check_bag(p).ok and check_bag(p.with_suffix("")).ok
                                      for p in packages)
    assert export_events(archive) >= 3 * 4


def test_a_cancelled_run_leaves_the_cases_not_reached_untouched(archive: Archive, tmp_path: Path) -> None:
    cases = [make_course(archive).case_id for _ in range(4)]

    def cancel_after_two(stage: str, done: int, total: int) -> None:
        if done == 2:
            raise Stop

    with pytest.raises(Stop):
        run(archive, claims_month.run_month, MAY, cases, tmp_path / "out", processes=2,
            progress=cancel_after_two)
    assert claims_of(archive, cases) == {cases[0]: ["exported"], cases[1]: ["exported"],
                                         cases[2]: [], cases[3]: []}
    assert sorted(p.suffix for p in (tmp_path / "out").iterdir()) == ["", "", ".zip", ".zip"]
    assert [c.state for case_id, c in sorted(listed(archive).items()) if case_id in cases[2:]] == [
        claims_month.READY, claims_month.READY]
