"""Checking a database before the first run uses it, and undoing a first run's schema.

``probe`` connects once (with a short time-out) and says what the database holds: nothing
yet, an archive without an administrator, or a ready archive (another PC set it up). A
failed connection becomes a bilingual message that says what to fix (wrong password,
unknown user or database, server unreachable) instead of the driver's text alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, create_engine, select, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from desktop_app.db.migrate import check_not_newer
from desktop_app.errors import UserError

CONNECT_TIMEOUT_S = 8
NEW, NO_ADMINISTRATOR, READY = "new", "no_administrator", "ready"


class DatabaseUnusable(UserError):
    """The database cannot be reached, or is not one this app may use; nothing was changed."""


@dataclass(frozen=True)
class DatabaseState:
    state: str  # NEW / NO_ADMINISTRATOR / READY
    revision: str | None
    institution: str | None  # the archive's institution, when it has one


def server_url(host: str, port: int, database: str, user: str, password: str) -> str:
    """A PostgreSQL URL (psycopg 3) with a connection time-out, so a start never hangs."""
    return URL.create("postgresql+psycopg", username=user.strip(), password=password,
                      host=host.strip(), port=port, database=database.strip(),
                      query={"connect_timeout": str(CONNECT_TIMEOUT_S)}).render_as_string(
                          hide_password=False)


def probe(url: str) -> DatabaseState:
    """Connect and find out what the database holds; raise ``DatabaseUnusable`` otherwise."""
    engine = create_engine(url)
    try:
        return _state(engine)
    except DBAPIError as error:
        raise connection_refused(url, error) from error
    finally:
        engine.dispose()


def _state(engine: Engine) -> DatabaseState:
    from desktop_app.db.models import Institution, StaffUser

    revision = check_not_newer(engine)
    if revision is None:
        if engine.dialect.name == "postgresql":
            _check_may_create(engine)
        return DatabaseState(NEW, None, None)
    with Session(engine) as session:
        admin = session.scalars(select(StaffUser.id).where(
            StaffUser.role == "admin", StaffUser.active.is_(True)).limit(1)).first()
        institution = session.scalars(select(Institution.name).limit(1)).first()
    return DatabaseState(READY if admin else NO_ADMINISTRATOR, revision, institution)


def _check_may_create(engine: Engine) -> None:
    with engine.connect() as conn:
        user, database, allowed = conn.execute(text(
            "SELECT current_user, current_database(), "
            "has_schema_privilege(current_user, current_schema(), 'CREATE')")).one()
    if not allowed:
        raise DatabaseUnusable(
            f"用户 {user} 不能在数据库 {database} 中建表。请数据库管理员把该数据库的所有权交给此用户"
            f"（ALTER DATABASE {database} OWNER TO {user}）。",
            f"User {user} may not create tables in database {database}. Ask the database "
            f"administrator to make this user its owner (ALTER DATABASE {database} OWNER TO {user}).")


def connection_refused(url: str, error: DBAPIError) -> DatabaseUnusable:
    """A failed connection as a message saying what to fix."""
    parsed = make_url(url)
    user, database = parsed.username or "", parsed.database or ""
    where = f"{parsed.host}:{parsed.port or 5432}"
    detail = (str(error.orig) if error.orig else str(error)).strip()
    lowered = detail.lower()
    if "password authentication failed" in lowered:
        return DatabaseUnusable(f"密码错误：PostgreSQL 服务器 {where} 拒绝了用户 {user} 的密码。"
                                "请检查密码后重试。",
                                f"Wrong password: the PostgreSQL server {where} refused the password "
                                f"of user {user}. Check the password and try again.")
    if "no password supplied" in lowered:
        return DatabaseUnusable(f"服务器 {where} 要求密码，请填写用户 {user} 的密码。",
                                f"The server {where} needs a password: enter user {user}'s password.")
    if f'role "{user}" does not exist' in detail:
        return DatabaseUnusable(f"服务器 {where} 上没有用户 {user}。请检查用户名，"
                                "或请数据库管理员创建该用户。",
                                f"There is no user {user} on the server {where}. Check the user name "
                                "or ask the database administrator to create it.")
    if f'database "{database}" does not exist' in detail:
        return DatabaseUnusable(f"服务器 {where} 上没有数据库 {database}。请数据库管理员先创建它"
                                f"（createdb -O {user} {database}）。",
                                f"There is no database {database} on the server {where}. Ask the "
                                f"database administrator to create it (createdb -O {user} {database}).")
    if any(word in lowered for word in ("connection refused", "timeout", "timed out", "resolve host",
                                        "translate host", "no route", "unreachable")):
        return DatabaseUnusable(f"无法连接到服务器 {where}。请检查服务器地址和端口、服务器是否在运行、"
                                f"防火墙是否放行。\n（{detail.splitlines()[-1]}）",
                                f"Cannot reach the server {where}. Check the address and port, that "
                                f"the server is running and the firewall lets it through.\n"
                                f"({detail.splitlines()[-1]})")
    first = detail.splitlines()[0] if detail else type(error.orig).__name__
    return DatabaseUnusable(f"无法使用数据库：{first}", f"The database cannot be used: {first}")


# --- undoing a first run on a server --------------------------------------------------------------

SCHEMA_OBJECTS = """
SELECT 'TABLE', quote_ident(c.relname) FROM pg_class c
 WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p')
UNION ALL
SELECT 'SEQUENCE', quote_ident(c.relname) FROM pg_class c
 WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'S'
UNION ALL
SELECT 'FUNCTION', p.oid::regprocedure::text FROM pg_proc p
 WHERE p.pronamespace = current_schema()::regnamespace
UNION ALL
SELECT 'TYPE', quote_ident(t.typname) FROM pg_type t
 WHERE t.typnamespace = current_schema()::regnamespace AND t.typtype IN ('e', 'd')
"""


def schema_objects(engine: Engine) -> set[tuple[str, str]]:
    """The tables, sequences, functions and types in the current schema (PostgreSQL)."""
    with engine.connect() as conn:
        return {(str(kind), str(name)) for kind, name in conn.execute(text(SCHEMA_OBJECTS))}


def drop_created(engine: Engine, before: set[tuple[str, str]]) -> None:
    """Drop what a failed first run created on a server, leaving what was there before."""
    created = schema_objects(engine) - before
    order = {"TABLE": 0, "SEQUENCE": 1, "FUNCTION": 2, "TYPE": 3}
    with engine.begin() as conn:
        for kind, name in sorted(created, key=lambda item: order[item[0]]):
            conn.execute(text(f"DROP {kind} IF EXISTS {name} CASCADE"))
