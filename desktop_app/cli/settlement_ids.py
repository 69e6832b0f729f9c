"""``rehab-archive agency-ids``: the agency's person number and visit id of a case, and the
codes it uses (certificate types, insurance type), as the settlement data files carry them
(``services.claims.settlement_ids``; records officers). Wired into ``cli/main.py``."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy import Engine

EXIT_OK, EXIT_USAGE = 0, 2
COMMAND = "agency-ids"


def add_parsers(commands: argparse._SubParsersAction,
                sign_in: Callable[[argparse.ArgumentParser], None]) -> None:
    """The command; ``sign_in`` adds ``--user``/``--password-env``."""
    ids = commands.add_parser(COMMAND, help="录入经办机构的人员编号、就诊ID及代码（写入结算数据文件；"
                              "未给出的项清空）/ set the agency's person number, visit id and codes "
                              "of a case (for the claim data files; options not given are cleared)")
    ids.add_argument("--case", type=int, required=True, help="病例 id / case id")
    ids.add_argument("--psn-no", default="", help="人员编号 / person number (psn_no)")
    ids.add_argument("--mdtrt-id", default="",
                     help="就诊ID或登记流水号 / visit or registration id (mdtrt_id)")
    ids.add_argument("--cert-type", default="", help="就诊凭证类型 01/02/03（默认 02 身份证号）/ "
                     "certificate type (mdtrt_cert_type; default 02 resident ID)")
    ids.add_argument("--psn-cert-type", default="", help="人员证件类型 / person's certificate type")
    ids.add_argument("--insutype", default="", help="险种类型（经办机构的工伤代码）/ insurance type")
    sign_in(ids)


def run(engine: Engine, args: argparse.Namespace,
        signed_in_actor: Callable[..., int | None]) -> int:
    from desktop_app.clock import SystemClock
    from desktop_app.services.claims import settlement_ids
    from desktop_app.services.core.uow import UnitOfWork

    actor = signed_in_actor(engine, args)
    if actor is None:
        return EXIT_USAGE
    entered = settlement_ids.AgencyIdsInput(args.psn_no, args.mdtrt_id, args.cert_type,
                                            args.psn_cert_type, args.insutype)
    with UnitOfWork(engine, clock=SystemClock(), actor_id=actor) as uow:
        stored = settlement_ids.set_agency_ids(uow, args.case, entered)
    print(f"病例 {args.case} / case {args.case}: psn_no={stored.psn_no or ''} "
          f"mdtrt_id={stored.mdtrt_id or ''} mdtrt_cert_type={stored.mdtrt_cert_type or '02'} "
          f"psn_cert_type={stored.psn_cert_type or ''} insutype={stored.insutype or ''}")
    return EXIT_OK
