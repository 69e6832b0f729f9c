""""Not charged" and "not signed by the patient" are asked per row against sets that grow with
the archive (a fee line and a patient signature per session: millions after years). As
``NOT IN (subquery)`` PostgreSQL checks them row by row against the whole subquery once it
exceeds its work memory; as a correlated ``NOT EXISTS`` it plans an anti-join, and SQLite
probes an index. These tests read the plans both engines make, with the work memory at its
floor so that PostgreSQL's choice is the one it makes at scale."""

from __future__ import annotations

from sqlalchemy import Engine, Select, func, select, text

from desktop_app.db.models import FeeLine, TreatmentSession
from desktop_app.services.core.lookup import uncharged
from desktop_app.services.integrity.signing import unsigned_by_patient
from desktop_app.services.rules.session_limits import case_sessions_query


def plan_of(engine: Engine, query: Select) -> str:  # type: ignore[type-arg]
    compiled = query.compile(engine, compile_kwargs={"literal_binds": True})
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("SET work_mem = '64kB'"))
            rows = conn.execute(text(f"EXPLAIN {compiled}")).all()
        else:
            rows = conn.execute(text(f"EXPLAIN QUERY PLAN {compiled}")).all()
    return "\n".join(" ".join(str(c) for c in row) for row in rows)


def sessions_where(condition) -> Select:  # type: ignore[no-untyped-def,type-arg]
    return (select(TreatmentSession.case_id, func.count())
            .where(TreatmentSession.case_id.in_([1, 2, 3]), condition)
            .group_by(TreatmentSession.case_id))


def test_uncharged_sessions_are_an_anti_join_on_the_fee_lines_index(engine: Engine) -> None:
    plan = plan_of(engine, sessions_where(uncharged(TreatmentSession.id)))
    if engine.dialect.name == "postgresql":
        assert "Anti Join" in plan and "SubPlan" not in plan, plan
    else:
        assert "ix_fee_line_session_id" in plan, plan
    # the NOT IN it replaced is planned as a subplan there, the thing this guards against
    old = TreatmentSession.id.not_in(select(FeeLine.session_id).where(FeeLine.session_id.is_not(None)))
    if engine.dialect.name == "postgresql":
        assert "SubPlan" in plan_of(engine, sessions_where(old))


def test_sessions_the_patient_has_not_signed_are_an_anti_join(engine: Engine) -> None:
    plan = plan_of(engine, sessions_where(unsigned_by_patient("treatment_session", TreatmentSession.id)))
    if engine.dialect.name == "postgresql":
        assert "Anti Join" in plan and "SubPlan" not in plan, plan
    else:
        assert "ix_signature_item_record" in plan, plan


def test_a_cases_sessions_are_found_through_its_index(engine: Engine) -> None:
    """Recording a session counts those done in its case and under its prescription: looked
    for by the case (indexed), never by reading every session of the archive."""
    compiled = case_sessions_query(1).compile(engine, compile_kwargs={"literal_binds": True})
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:  # a tiny table is scanned whatever: ask for the index path
            conn.execute(text("SET enable_seqscan = off"))
            plan = "\n".join(str(r[0]) for r in conn.execute(text(f"EXPLAIN {compiled}")))
        assert "ix_treatment_session_case_id" in plan and "Seq Scan on treatment_session" not in plan, plan
    else:
        plan = plan_of(engine, case_sessions_query(1))
        assert "ix_treatment_session_case_id" in plan and "SCAN treatment_session" not in plan, plan
