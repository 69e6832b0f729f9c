"""Throughput of audited writes with the hash chain, N concurrent writers.

    .venv/bin/python bench/audit_chain_writers.py --db postgresql+psycopg://… [--writers 20]

Each writer commits small audited transactions (a new employer row: one insert and its
audit event) through the real unit of work, so chaining runs exactly as in the app.
Prints transactions per second, latency percentiles, and whether every event ended up
chained with a chain that verifies. The database is wiped first: use a scratch one.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import threading
import time
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.orm import Session

from desktop_app.db.engine import make_engine
from desktop_app.db.migrate import upgrade_database
from desktop_app.db.models import Employer
from desktop_app.services.core.audit_chain import chain_pending, unchained_count
from desktop_app.services.core.uow import UnitOfWork
from desktop_app.services.integrity.verify import verify_archive


def wipe(url: str) -> None:
    engine = make_engine(url)
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def writer(engine, index: int, seconds: float, latencies: list[float], lock: threading.Lock) -> None:  # type: ignore[no-untyped-def]
    mine: list[float] = []
    deadline = time.perf_counter() + seconds
    n = 0
    while time.perf_counter() < deadline:
        start = time.perf_counter()
        with UnitOfWork(engine) as uow:
            uow.session.add(Employer(name=f"单位{index}-{n}", created_at=uow.clock.now()))
            uow.commit()
        mine.append(time.perf_counter() - start)
        n += 1
    with lock:
        latencies.extend(mine)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--writers", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--no-chain", action="store_true",
                        help="baseline: the same writes with chaining switched off")
    args = parser.parse_args()
    if args.no_chain:
        from desktop_app.services.core import audit_chain

        audit_chain.chain_pending = lambda *_args, **_kwargs: 0  # type: ignore[assignment]
    wipe(args.db)
    engine = make_engine(args.db, pool_size=args.writers + 2)
    upgrade_database(engine, Path(tempfile.mkdtemp()))
    latencies: list[float] = []
    lock = threading.Lock()
    threads = [threading.Thread(target=writer, args=(engine, i, args.seconds, latencies, lock))
               for i in range(args.writers)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    with Session(engine) as session:
        left = unchained_count(session)
    with Session(engine) as session, session.begin():
        chain_pending(session)
    report = verify_archive(engine)
    latencies.sort()
    p = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000  # noqa: E731
    print(f"engine: {engine.dialect.name}; writers: {args.writers}; seconds: {elapsed:.1f}")
    print(f"transactions: {len(latencies)}; throughput: {len(latencies) / elapsed:.0f} TPS")
    print(f"latency ms: median {statistics.median(latencies) * 1000:.1f}, p95 {p(0.95):.1f}, "
          f"p99 {p(0.99):.1f}, max {latencies[-1] * 1000:.1f}")
    print(f"events left unchained when the writers stopped: {left} (chained by the next writer "
          "or the anchor command)")
    print(f"chain after a final chaining: {'verifies' if report.ok else report.problems[:3]}; "
          f"events: {report.checked}")
    engine.dispose()
    return 0 if report.ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
