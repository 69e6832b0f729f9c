"""Running PostgreSQL's client tools (``pg_dump``, ``pg_restore``) on an engine's database.

The password travels in ``PGPASSWORD``, never on the command line, where every user of
the machine could read it in the process list.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.engine import URL

from desktop_app.errors import EnvironmentProblem

PG_LIB = Path("/usr/lib/postgresql")  # Debian/Ubuntu: one bin/ folder per server version


def pg_tool(name: str) -> str:
    """``pg_dump`` / ``pg_restore`` on PATH, else the newest under /usr/lib/postgresql."""
    found = shutil.which(name)
    if found:
        return found

    def version(path: Path) -> tuple[int, ...]:
        return tuple(int(p) for p in path.parent.parent.name.split(".") if p.isdigit())

    candidates = sorted(PG_LIB.glob(f"*/bin/{name}"), key=version)
    if candidates:
        return str(candidates[-1])
    raise EnvironmentProblem(
        f"找不到 {name}，请安装 PostgreSQL 客户端工具（Debian/Ubuntu：postgresql-client）。",
        f"{name} was not found; install the PostgreSQL client tools (Debian/Ubuntu: postgresql-client).")


def run_pg_tool(engine: Engine, command: list[str], zh: str, en: str) -> None:
    """Run a PostgreSQL client tool on the engine's database; the password goes in PGPASSWORD."""
    env = dict(os.environ)
    if engine.url.password is not None:
        env["PGPASSWORD"] = str(engine.url.password)
    url = engine.url  # rebuilt without the password (URL.set cannot remove one)
    dbname = URL.create("postgresql", url.username, None, url.host, url.port, url.database,
                        url.query).render_as_string(hide_password=False)
    result = subprocess.run([*command, f"--dbname={dbname}"], env=env, capture_output=True,
                            text=True, check=False)
    if result.returncode != 0:
        detail = result.stderr.strip() or f"exit {result.returncode}"
        tool = Path(command[0]).name
        raise EnvironmentProblem(f"{zh}失败（{tool}）：{detail}", f"The {en} failed ({tool}): {detail}")
