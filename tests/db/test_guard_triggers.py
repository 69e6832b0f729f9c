"""The list of guard triggers ``verify`` expects is the one the migrations install."""

from __future__ import annotations

from sqlalchemy import Engine, text

from desktop_app.db import guard_triggers


def test_the_expected_triggers_are_those_a_fresh_archive_has(engine: Engine) -> None:
    with engine.connect() as conn:
        found = guard_triggers.installed(conn)
        assert guard_triggers.problems(conn) == []
    expected = guard_triggers.EXPECTED[engine.dialect.name]
    assert {name: digest for name, (digest, _) in found.items()} == expected, (
        "a migration changed the guard triggers: regenerate EXPECTED with "
        "python -m desktop_app.db.guard_triggers <url>")
    assert all(enabled for _, enabled in found.values())
    assert len(expected) > 40


def test_a_rewritten_trigger_is_named(engine: Engine) -> None:
    if engine.dialect.name != "sqlite":
        return _rewrite_pg(engine)
    with engine.begin() as conn:
        sql = conn.scalar(text("SELECT sql FROM sqlite_master WHERE name = 'audit_event_no_delete'"))
        conn.execute(text("DROP TRIGGER audit_event_no_delete"))
        conn.exec_driver_sql(sql.replace("BEGIN", "WHEN 0 BEGIN", 1))
    with engine.connect() as conn:
        assert [(p.name, p.en) for p in guard_triggers.problems(conn)] == [
            ("audit_event_no_delete", "the guard trigger was rewritten")]


def _rewrite_pg(engine: Engine) -> None:
    """The function behind a trigger replaced by one that lets everything through."""
    with engine.begin() as conn:
        body = conn.scalar(text("SELECT prosrc FROM pg_proc WHERE proname = 'rehab_guard_audit_event'"))
        try:
            conn.execute(text("CREATE OR REPLACE FUNCTION rehab_guard_audit_event() RETURNS trigger "
                              "LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$"))
            with engine.connect() as other:
                named = {p.name for p in guard_triggers.problems(other)}
            assert "audit_event_chain_once" not in named, "not visible before the commit"
            assert {p.name for p in guard_triggers.problems(conn)} == {"audit_event_chain_once"}
        finally:
            conn.execute(text("CREATE OR REPLACE FUNCTION rehab_guard_audit_event() RETURNS trigger "
                              f"LANGUAGE plpgsql AS $${body}$$"))
    with engine.connect() as conn:
        assert guard_triggers.problems(conn) == []
