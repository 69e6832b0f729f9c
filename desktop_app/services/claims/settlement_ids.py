"""The agency's keys for a case in its settlement system, entered by the records officer.

The national medical-insurance platform keys a stay by the person number ``psn_no`` (人员编号,
returned by 1101 人员信息获取) and the visit id ``mdtrt_id`` (就诊ID, returned by 2401 入院办理
or 2201 挂号); Jiangsu's 工伤 networked settlement has its own (the 个人编号 of 1101 读卡 and
the 登记流水号 of 2201 门诊/住院登记 — ``reference/jiangsu_workinjury_txn_UNOFFICIAL.csv``).
Neither is public for 工伤, so the archive does not invent them: the records officer copies
them from the agency's system into the case (``rehab_case.agency_*``, migration 0012), with
the codes the agency uses for the certificate (``mdtrt_cert_type`` 01 电子凭证令牌, 02 身份证号,
03 社会保障卡卡号 — ``reference/nhsa_code_tables.csv``; none entered means 02), the person's
certificate type (``psn_cert_type``) and the insurance type (``insutype``). The national code
table lists insutype only for medical insurance (310, 340, 390, 392): it has no work-injury
code, so the archive writes the code the agency gives and leaves the field empty otherwise.

The data files read them from the case when they are built (``claim_view``): they are the
agency's keys of the case, not claim content, and the frozen SHA-256 does not cover them; a
change is audited like any other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy.orm import Session

from desktop_app.domain.claim_data import AgencyIds
from desktop_app.domain.typed_text import control_problem, formula_problem, half_width
from desktop_app.domain.vocabulary import Action
from desktop_app.errors import FieldError, raise_if_blocking
from desktop_app.services.core.lookup import get_case
from desktop_app.services.core.uow import UnitOfWork
from desktop_app.services.core.use_case import use_case

# The certificate types of the national code table (nhsa_code_tables.csv, mdtrt_cert_type).
MDTRT_CERT_TYPES: dict[str, tuple[str, str]] = {
    "01": ("电子凭证令牌", "electronic credential token"),
    "02": ("身份证号", "resident ID number"),
    "03": ("社会保障卡卡号", "social security card number"),
}
DEFAULT_MDTRT_CERT_TYPE = "02"
_IDENTIFIER = re.compile(r"[0-9A-Za-z][0-9A-Za-z._-]{0,49}")
_CODE = re.compile(r"[0-9]{1,6}")


@dataclass(frozen=True)
class AgencyIdsInput:
    """What the form or the command line gives; empty text clears a field."""

    psn_no: str = ""
    mdtrt_id: str = ""
    mdtrt_cert_type: str = ""
    psn_cert_type: str = ""
    insutype: str = ""


_LABELS: dict[str, tuple[str, str]] = {
    "psn_no": ("人员编号", "person number"),
    "mdtrt_id": ("就诊ID", "visit id"),
    "mdtrt_cert_type": ("就诊凭证类型", "certificate type"),
    "psn_cert_type": ("人员证件类型", "person's certificate type"),
    "insutype": ("险种类型", "insurance type"),
}


def _clean(raw: AgencyIdsInput) -> tuple[AgencyIds, list[FieldError]]:
    values = {key: half_width(getattr(raw, key)).strip() for key in _LABELS}
    errors: list[FieldError] = []
    for key, text in values.items():
        if not text:
            continue
        zh, en = _LABELS[key]
        problem = control_problem(text) or formula_problem(text)
        if problem:
            errors.append(FieldError(zh, problem[0], problem[1], key=key))
        elif key in ("psn_no", "mdtrt_id") and not _IDENTIFIER.fullmatch(text):
            errors.append(FieldError(zh, "只能是字母、数字及 . _ -，以字母或数字开头，最多 50 个字符",
                                     "only letters, digits and . _ -, starting with a letter or "
                                     "digit, at most 50 characters", key=key))
        elif key == "mdtrt_cert_type" and text not in MDTRT_CERT_TYPES:
            errors.append(FieldError(zh, "须为 01、02 或 03（国家医保代码表）",
                                     "must be 01, 02 or 03 (the national code table)", key=key))
        elif key in ("psn_cert_type", "insutype") and not _CODE.fullmatch(text):
            errors.append(FieldError(zh, "须为 1–6 位数字代码", "must be a code of 1-6 digits",
                                     key=key))
    return AgencyIds(**{k: (v or None) for k, v in values.items()}), errors


@use_case(Action.CASE_SETTLEMENT_IDS, case="case_id")
def set_agency_ids(uow: UnitOfWork, case_id: int, ids: AgencyIdsInput) -> AgencyIds:
    """The agency's person number and visit id of the case, and its codes (all optional;
    empty clears). Returns what was stored."""
    case = get_case(uow.session, case_id)
    cleaned, errors = _clean(ids)
    raise_if_blocking(errors)
    case.agency_psn_no = cleaned.psn_no
    case.agency_mdtrt_id = cleaned.mdtrt_id
    case.agency_mdtrt_cert_type = cleaned.mdtrt_cert_type
    case.agency_psn_cert_type = cleaned.psn_cert_type
    case.agency_insutype = cleaned.insutype
    return cleaned


def agency_ids(session: Session, case_id: int) -> AgencyIds:
    """What is stored for the case (read only)."""
    case = get_case(session, case_id)
    return AgencyIds(case.agency_psn_no, case.agency_mdtrt_id, case.agency_mdtrt_cert_type,
                     case.agency_psn_cert_type, case.agency_insutype)
