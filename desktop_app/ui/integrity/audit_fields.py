"""The names of the archive's columns as a person reads them in the audit history
(``session_date`` → 治疗日期), and the record states' words; a column not listed keeps its
own name (the history stays complete, only less friendly)."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from desktop_app.clock import CHINA
from desktop_app.ui.kit.i18n import QT_TRANSLATE_NOOP, tr_in

# An instant as the audit trail keeps it (canonical UTC): shown in China time, as the table's.
UTC_INSTANT = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?Z")

FIELDS = {
    "address": QT_TRANSLATE_NOOP("field", "地址"),
    "admission_date": QT_TRANSLATE_NOOP("field", "入院日期"),
    "admitted_by_id": QT_TRANSLATE_NOOP("field", "办理入院人员"),
    "amount": QT_TRANSLATE_NOOP("field", "金额"),
    "approval_id": QT_TRANSLATE_NOOP("field", "核准记录"),
    "approved_count": QT_TRANSLATE_NOOP("field", "核准次数"),
    "assessed_on": QT_TRANSLATE_NOOP("field", "评估日期"),
    "assessor_id": QT_TRANSLATE_NOOP("field", "评估人"),
    "assigned_therapist_id": QT_TRANSLATE_NOOP("field", "指定治疗师"),
    "attachment_id": QT_TRANSLATE_NOOP("field", "附件"),
    "bed_number": QT_TRANSLATE_NOOP("field", "床号"),
    "birth_date": QT_TRANSLATE_NOOP("field", "出生日期"),
    "case_id": QT_TRANSLATE_NOOP("field", "病例"),
    "catalogue_item_id": QT_TRANSLATE_NOOP("field", "目录项目"),
    "category": QT_TRANSLATE_NOOP("field", "费用类别"),
    "claim_id": QT_TRANSLATE_NOOP("field", "结算申报"),
    "conclusion": QT_TRANSLATE_NOOP("field", "结论"),
    "content_sha256": QT_TRANSLATE_NOOP("field", "内容摘要"),
    "count": QT_TRANSLATE_NOOP("field", "次数"),
    "coverage": QT_TRANSLATE_NOOP("field", "支付方"),
    "coverage_reason": QT_TRANSLATE_NOOP("field", "支付说明"),
    "created_at": QT_TRANSLATE_NOOP("field", "创建时间"),
    "created_by_id": QT_TRANSLATE_NOOP("field", "创建人"),
    "description": QT_TRANSLATE_NOOP("field", "描述"),
    "discharge_date": QT_TRANSLATE_NOOP("field", "出院日期"),
    "duration_minutes": QT_TRANSLATE_NOOP("field", "时长（分钟）"),
    "end_reason": QT_TRANSLATE_NOOP("field", "结束原因"),
    "ended_at": QT_TRANSLATE_NOOP("field", "结束时间"),
    "frequency": QT_TRANSLATE_NOOP("field", "频次"),
    "grade": QT_TRANSLATE_NOOP("field", "分级"),
    "icd_code": QT_TRANSLATE_NOOP("field", "诊断编码"),
    "icd_name": QT_TRANSLATE_NOOP("field", "诊断名称"),
    "injury_date": QT_TRANSLATE_NOOP("field", "受伤日期"),
    "instrument_code": QT_TRANSLATE_NOOP("field", "量表"),
    "item_name": QT_TRANSLATE_NOOP("field", "项目名称"),
    "item_values": QT_TRANSLATE_NOOP("field", "各项得分"),
    "location": QT_TRANSLATE_NOOP("field", "地点"),
    "meaning": QT_TRANSLATE_NOOP("field", "签名含义"),
    "method": QT_TRANSLATE_NOOP("field", "方式"),
    "name": QT_TRANSLATE_NOOP("field", "名称"),
    "national_code": QT_TRANSLATE_NOOP("field", "国家编码"),
    "note": QT_TRANSLATE_NOOP("field", "备注"),
    "notes": QT_TRANSLATE_NOOP("field", "备注"),
    "occurred_at": QT_TRANSLATE_NOOP("field", "发生时间"),
    "occurred_on": QT_TRANSLATE_NOOP("field", "发生日期"),
    "period_from": QT_TRANSLATE_NOOP("field", "期限起"),
    "period_to": QT_TRANSLATE_NOOP("field", "期限止"),
    "phase": QT_TRANSLATE_NOOP("field", "评估阶段"),
    "phone": QT_TRANSLATE_NOOP("field", "电话"),
    "plan_id": QT_TRANSLATE_NOOP("field", "治疗方案"),
    "prescribed_on": QT_TRANSLATE_NOOP("field", "处方日期"),
    "prescriber_id": QT_TRANSLATE_NOOP("field", "处方医师"),
    "prescription_id": QT_TRANSLATE_NOOP("field", "处方"),
    "quantity": QT_TRANSLATE_NOOP("field", "数量"),
    "reason": QT_TRANSLATE_NOOP("field", "原因"),
    "record_id": QT_TRANSLATE_NOOP("field", "记录编号"),
    "record_state": QT_TRANSLATE_NOOP("field", "记录状态"),
    "record_type": QT_TRANSLATE_NOOP("field", "记录类型"),
    "resident_id": QT_TRANSLATE_NOOP("field", "身份证号"),
    "seal_reason": QT_TRANSLATE_NOOP("field", "封存原因"),
    "sealed_at": QT_TRANSLATE_NOOP("field", "封存时间"),
    "session_date": QT_TRANSLATE_NOOP("field", "治疗日期"),
    "session_id": QT_TRANSLATE_NOOP("field", "治疗记录"),
    "sex": QT_TRANSLATE_NOOP("field", "性别"),
    "signature_id": QT_TRANSLATE_NOOP("field", "签名"),
    "signed_at": QT_TRANSLATE_NOOP("field", "签名时间"),
    "signer_kind": QT_TRANSLATE_NOOP("field", "签名人类别"),
    "signer_name": QT_TRANSLATE_NOOP("field", "签名人"),
    "staff_user_id": QT_TRANSLATE_NOOP("field", "工作人员"),
    "started_at": QT_TRANSLATE_NOOP("field", "开始时间"),
    "status": QT_TRANSLATE_NOOP("field", "状态"),
    "therapist_id": QT_TRANSLATE_NOOP("field", "治疗师"),
    "total": QT_TRANSLATE_NOOP("field", "总分"),
    "unit": QT_TRANSLATE_NOOP("field", "单位"),
    "unit_price": QT_TRANSLATE_NOOP("field", "单价"),
    "version": QT_TRANSLATE_NOOP("field", "版本"),
}
YES, NO = QT_TRANSLATE_NOOP("state", "是"), QT_TRANSLATE_NOOP("state", "否")
STATES = {"draft": QT_TRANSLATE_NOOP("state", "草稿"), "signed": QT_TRANSLATE_NOOP("state", "已签名"),
          "archived": QT_TRANSLATE_NOOP("state", "已归档"), "sealed": QT_TRANSLATE_NOOP("state", "已封存")}


def field_name(key: str) -> str:
    """The column's name in the interface's language, or the column itself."""
    return tr_in("field", FIELDS[key]) if key in FIELDS else key


def field_value(key: str, value: Any) -> Any:
    """A record state's word, an instant in China time; any other value as stored."""
    if key == "record_state" and isinstance(value, str) and value in STATES:
        return tr_in("state", STATES[value])
    if isinstance(value, bool):
        return tr_in("state", YES if value else NO)
    if isinstance(value, str) and UTC_INSTANT.fullmatch(value):
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        return f"{moment.astimezone(CHINA):%Y-%m-%d %H:%M:%S}"
    return value
