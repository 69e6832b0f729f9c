"""Use cases: one declaration each, which authorises, runs and commits.

    @use_case("plan.write", case="case_id")
    def create_plan(uow: UnitOfWork, case_id: int, inp: PlanInput) -> Recorded:
        ...  # no authorize, no commit: the declaration does both

The declaration names the permission-table action and where its target is: ``case=`` the
argument holding the case id (the case's state is judged), nothing for an action on the
archive as a whole, or ``authorize_with=`` a function that authorises itself (a record
found from the arguments, an exception such as changing one's own password). The unit of
work commits once, when the outermost use case returns (``UnitOfWork.atomic``): a use case
calling another one does not commit half-way, and an internal operation never commits.
A read declares ``commits=False``. ``locks_case=True`` serialises the use case on its case
once authorised (``services.core.locks``): for those whose checks decide coverage or limits,
so that the checks and the write see one state.

Where one function would serve several actions chosen by an argument, each action gets a
declared function of its own over a shared private body, and a plain function picks one
(``signing.sign`` by who signs and the meaning, ``amendments.amend`` by the record's state).

``REGISTRY`` lists every declared use case; the permission walk and the command line are
checked against it (``tests/services/test_use_cases.py``), so a new use case cannot be
forgotten by either. The rule for the command line: every declared use case has a command
(``desktop_app/cli`` calls it with a unit of work) or is named in ``DESKTOP_ONLY``, the
use cases deliberately done only at a screen. A new use case fails the check until one of
the two is true, and a name listed there that has a command, or is no longer declared,
fails it too.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Concatenate, ParamSpec, TypeVar

from desktop_app.db.models import RehabCase
from desktop_app.domain.permissions import PERMISSIONS
from desktop_app.services.core.locks import lock_case
from desktop_app.services.core.lookup import get_case
from desktop_app.services.core.permissions import actor, authorize, authorize_case
from desktop_app.services.core.uow import UnitOfWork

P = ParamSpec("P")
T = TypeVar("T")
Authorizer = Callable[..., None]  # (uow, **the use case's arguments by name) -> None, or raises


@dataclass(frozen=True)
class UseCase:
    name: str  # module.function, e.g. "clinical.treatment.create_plan"
    action: str
    target: str  # "case" / "archive" / "custom"
    function: Callable[..., Any]
    locks_case: bool = False


REGISTRY: dict[str, UseCase] = {}

# Declared use cases with no command on the command line, on purpose (see the module
# docstring). Names as in ``REGISTRY``.
DESKTOP_ONLY = frozenset({
    # Accounts, settings and reference data: an administrator at the settings dialogs.
    "admin.accounts.deactivate", "admin.accounts.reactivate", "admin.accounts.set_password",
    "admin.institution_certificate.set_certificate_path",
    "admin.institution_certificate.set_timestamp_url",
    "admin.outcome_settings.set_minimal_differences", "admin.setup.add_staff",
    "admin.setup.save_institution", "admin.sign_in.create_account", "admin.sign_in.staff_list",
    "claims.catalogue.import_catalogue", "claims.claim_gate.set_mid_assessment_after_days",
    "integrity.signature_timing.set_signature_limits",
    # Clinical records written in their forms, with what the form shows beside them.
    "intake.intake.register_case", "intake.intake.admit", "clinical.treatment.create_plan",
    "clinical.treatment.revise_plan", "clinical.treatment.prescribe",
    "clinical.treatment.record_assessment", "clinical.treatment.discharge",
    "clinical.consent.record_consent", "records.attachments.add_attachment",
    # Signatures: the signer is present (password re-entered, the pad, a scan they signed).
    "integrity.signing.sign_as_staff", "integrity.signing.cosign",
    "integrity.signing.sign_as_patient_side", "integrity.amendments.amend",
    "integrity.amendments.amend_archived", "records.disposal.approve", "records.disposal.witness",
    "clinical.paper_signing.print_signing_sheet", "clinical.paper_signing.sign_with_scan",
    # Fees and claim corrections, checked line by line on screen.
    "claims.fees.charge_sessions", "claims.fees.import_charges",
    "claims.claims.correct_claim",
    "claims.claims.mark_exported", "claims.claim_export.preview_claim",
    # Retention decisions and disposal, and the reads behind their screens (the ``retention``
    # command reads the same rows as an operator's tool, without signing in).
    "records.retention.open_case", "records.retention.archive_case", "records.retention.seal_case",
    "records.retention.delete_case", "records.retention.set_legal_hold",
    "records.retention.extend_retention", "records.retention.retention_report",
    "records.disposal.propose", "records.disposal.carry_out", "records.disposal.eligible",
    "records.disposal.requests", "records.disposal.disposal_record",
    "integrity.audit_view.history",
    # The statistics screen's signed-in reads (the `stats` command reads stats_view directly).
    "statistics.statistics_reads.report_for", "statistics.statistics_reads.cases_behind",
    "statistics.statistics_reads.therapists_for",
})


def use_case(action: str, *, case: str | None = None, authorize_with: Authorizer | None = None,
             commits: bool = True, locks_case: bool = False
             ) -> Callable[[Callable[Concatenate[UnitOfWork, P], T]],
                           Callable[Concatenate[UnitOfWork, P], T]]:
    """Declare a use case of ``action`` (see the module docstring)."""
    if action not in PERMISSIONS:
        raise ValueError(f"{action!r} is not in the permission table")
    rule_target = PERMISSIONS[action].target
    if case is not None and rule_target != "case":
        raise ValueError(f"{action!r} acts on a {rule_target}, not on a case")
    if locks_case and (case is None or not commits):
        raise ValueError("locks_case needs case= and a use case that commits")

    def declare(body: Callable[Concatenate[UnitOfWork, P], T]) -> Callable[Concatenate[UnitOfWork, P], T]:
        signature = inspect.signature(body)
        if case is not None and case not in signature.parameters:
            raise ValueError(f"{body.__qualname__} has no argument {case!r}")

        def check(uow: UnitOfWork, args: tuple[Any, ...], kwargs: dict[str, Any]
                  ) -> RehabCase | None:
            """Authorise; the case authorised on, if any."""
            if authorize_with is None and case is None:
                authorize(uow, action)
                return None
            named = signature.bind(uow, *args, **kwargs)
            named.apply_defaults()
            if authorize_with is not None:
                arguments = dict(named.arguments)
                arguments.pop(next(iter(signature.parameters)))  # the unit of work
                authorize_with(uow, **arguments)
            elif case is not None:
                target = get_case(uow.session, named.arguments[case])
                authorize_case(uow, action, target)
                return target
            return None

        @functools.wraps(body)
        def run(uow: UnitOfWork, *args: P.args, **kwargs: P.kwargs) -> T:
            if not commits:  # a read: authorised, never committed
                check(uow, args, kwargs)
                return body(uow, *args, **kwargs)
            with uow.atomic():
                # The actor and the case read to authorise (and lock) stay loaded for the
                # body: the session's identity map holds rows weakly, and the body reading
                # them again would cost a round trip each on PostgreSQL.
                checked = [actor(uow), check(uow, args, kwargs)]
                if locks_case:  # after authorising: a refusal is audited by another writer
                    assert case is not None
                    checked.append(lock_case(uow, signature.bind(uow, *args, **kwargs)
                                             .arguments[case]))
                result = body(uow, *args, **kwargs)
                del checked
            return result

        name = f"{body.__module__.removeprefix('desktop_app.services.')}.{body.__name__}"
        target = "custom" if authorize_with is not None else ("case" if case else "archive")
        REGISTRY[name] = UseCase(name, action, target, run, locks_case)
        return run

    return declare
