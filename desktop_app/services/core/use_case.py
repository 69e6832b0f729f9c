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

``REGISTRY`` lists every declared use case; the permission walk and the command line are
checked against it (``tests/services/test_use_cases.py``), so a new use case cannot be
forgotten by either.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Concatenate, ParamSpec, TypeVar

from desktop_app.domain.permissions import PERMISSIONS
from desktop_app.services.core.locks import lock_case
from desktop_app.services.core.lookup import get_case
from desktop_app.services.core.permissions import authorize, authorize_case
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

        def check(uow: UnitOfWork, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
            if authorize_with is None and case is None:
                authorize(uow, action)
                return
            named = signature.bind(uow, *args, **kwargs)
            named.apply_defaults()
            if authorize_with is not None:
                arguments = dict(named.arguments)
                arguments.pop(next(iter(signature.parameters)))  # the unit of work
                authorize_with(uow, **arguments)
            elif case is not None:
                authorize_case(uow, action, get_case(uow.session, named.arguments[case]))

        @functools.wraps(body)
        def run(uow: UnitOfWork, *args: P.args, **kwargs: P.kwargs) -> T:
            if not commits:  # a read: authorised, never committed
                check(uow, args, kwargs)
                return body(uow, *args, **kwargs)
            with uow.atomic():
                check(uow, args, kwargs)
                if locks_case:  # after authorising: a refusal is audited by another writer
                    assert case is not None
                    lock_case(uow, signature.bind(uow, *args, **kwargs).arguments[case])
                result = body(uow, *args, **kwargs)
            return result

        name = f"{body.__module__.removeprefix('desktop_app.services.')}.{body.__name__}"
        target = "custom" if authorize_with is not None else ("case" if case else "archive")
        REGISTRY[name] = UseCase(name, action, target, run, locks_case)
        return run

    return declare
