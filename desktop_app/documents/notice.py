"""终止康复治疗书面通知: the written notice ending a course for non-cooperation (不配合治疗) or a
refusal to leave (拒不出院), with the costs consequence the region's text states (Beijing
Art. 14), how it was delivered, whether the worker signed for it, and the issuing
physician's signature."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from reportlab.platypus import Flowable

from desktop_app.documents.blocks import SignatureMark, field_grid, gap, signature_block
from desktop_app.documents.case_header import CaseHeader, case_fields
from desktop_app.documents.engine import BuiltDocument, issue
from desktop_app.documents.identity import AuditAnchor, Institution
from desktop_app.documents.plan import CONTENT_WIDTH
from desktop_app.documents.text import Writer
from desktop_app.domain.vocabulary import NOTICE_ACK_ZH, NOTICE_DELIVERY_ZH, NOTICE_REASON_ZH, STATE_ZH, zh

TITLE = "终止康复治疗书面通知"


@dataclass(frozen=True)
class NoticeData:
    case: CaseHeader
    notice_id: int
    issued_on: str
    reason: str  # non_cooperation / refused_to_leave
    facts: str
    consequence: str
    basis: str  # the articles cited
    issued_by: str
    delivery: str
    acknowledgement: str
    delivery_note: str
    state: str
    issued_at: datetime  # the signature, else the creation
    signatures: Sequence[SignatureMark] = ()


def notice_story(data: NoticeData) -> Callable[[Writer], list[Flowable]]:
    def story(w: Writer) -> list[Flowable]:
        s = w.styles
        facts: list[tuple[str, object]] = [
            ("通知日期", data.issued_on),
            ("通知事由", zh(NOTICE_REASON_ZH, data.reason)),
            ("签发医师", data.issued_by or "—"),
            ("记录状态", zh(STATE_ZH, data.state)),
            ("依据", data.basis or "—"),
        ]
        delivered: list[tuple[str, object]] = [
            ("送达方式", zh(NOTICE_DELIVERY_ZH, data.delivery)),
            ("签收情况", zh(NOTICE_ACK_ZH, data.acknowledgement)),
            ("送达说明", data.delivery_note or "—"),
        ]
        parts: list[Flowable] = [
            w.para(TITLE, s.title),
            gap(),
            case_fields(w, data.case, CONTENT_WIDTH),
            w.para("通知", s.heading),
            field_grid(w, facts, CONTENT_WIDTH),
            w.para("事实经过", s.heading),
            w.para(data.facts),
            w.para("决定", s.heading),
            w.para(
                f"{data.case.patient_name}：根据上述事实，本机构依据{data.basis or '本地区办法'}"
                "书面通知您终止本次工伤康复治疗。"
            ),
            w.para("费用后果", s.heading),
            w.para(data.consequence),
            w.para("送达", s.heading),
            field_grid(w, delivered, CONTENT_WIDTH),
            w.para("签发医师签名", s.heading),
        ]
        parts.append(
            signature_block(w, data.signatures, CONTENT_WIDTH)
            if data.signatures
            else w.para("本通知尚未签名。", s.small)
        )
        parts.append(w.para("工伤职工签收：________________　　日期：____________", s.small))
        return parts

    return story


def notice_doc_id(data: NoticeData) -> str:
    return f"NOTICE-{data.case.case_number}-{data.notice_id}"


def build_notice(data: NoticeData, *, institution: Institution, anchor: AuditAnchor) -> BuiltDocument:
    return issue(
        "notice",
        notice_doc_id(data),
        TITLE,
        data,
        institution=institution,
        anchor=anchor,
        issued_at=data.issued_at,
        subject=f"{data.case.case_number} {data.case.patient_name}",
        story=notice_story(data),
    )
