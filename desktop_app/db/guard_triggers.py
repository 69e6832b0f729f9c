"""The guard triggers the migrations install, and a check that they are all still there,
enabled and unaltered (``verify``). A trigger dropped, disabled or rewritten is how an
attacker with database access would prepare an out-of-band change.

``EXPECTED`` holds, per engine, each trigger's name and the SHA-256 of its definition (on
PostgreSQL with the body of the function it runs). It is regenerated with
``python -m desktop_app.db.guard_triggers`` against freshly migrated archives whenever a
migration changes a trigger; ``tests/db/test_guard_triggers.py`` fails until it is.
"""

from __future__ import annotations

import hashlib
import sys
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, text


@dataclass(frozen=True)
class TriggerProblem:
    name: str
    zh: str
    en: str


def installed(conn: Connection) -> dict[str, tuple[str, bool]]:
    """Each guard trigger: ``name → (definition digest, enabled)``."""
    if conn.dialect.name == "sqlite":
        rows = conn.execute(text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"))
        return {str(name): (_digest(str(sql)), True) for name, sql in rows}
    rows = conn.execute(text(
        "SELECT t.tgname, pg_get_triggerdef(t.oid), p.prosrc, t.tgenabled "
        "FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
        "JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_proc p ON p.oid = t.tgfoid "
        "WHERE NOT t.tgisinternal AND n.nspname = current_schema()"))
    # 'O' fires in normal sessions, 'A' always; 'D' is disabled, 'R' fires only in replica mode.
    return {str(name): (_digest(f"{definition}\n{body}"), enabled in ("O", "A"))
            for name, definition, body, enabled in rows}


def problems(conn: Connection) -> list[TriggerProblem]:
    expected = EXPECTED.get(conn.dialect.name, {})
    found = installed(conn)
    out: list[TriggerProblem] = []
    for name in sorted(expected):
        if name not in found:
            out.append(TriggerProblem(name, "保护触发器已被删除", "the guard trigger was dropped"))
        elif found[name][0] != expected[name]:
            out.append(TriggerProblem(name, "保护触发器已被改写", "the guard trigger was rewritten"))
        elif not found[name][1]:
            out.append(TriggerProblem(name, "保护触发器已被停用", "the guard trigger is disabled"))
    return out


def _digest(definition: str) -> str:
    return hashlib.sha256(definition.encode("utf-8")).hexdigest()[:16]


def expected_listing(engine: Engine) -> str:
    with engine.connect() as conn:
        found = installed(conn)
    lines = [f"    {engine.dialect.name!r}: {{"]
    lines += [f"        {name!r}: {digest!r}," for name, (digest, _) in sorted(found.items())]
    return "\n".join(lines + ["    },"])


EXPECTED: dict[str, dict[str, str]] = {
    'sqlite': {
        'amendment_append_only_delete': '69944baccae7f84e',
        'amendment_append_only_update': 'c06d1ac164c6346c',
        'approval_case_closed_no_delete': 'afaf85203b7635a4',
        'approval_case_closed_no_update': '2d910bae8e63a3ac',
        'approval_case_sealed_no_insert': '56a699ba1efee27b',
        'approval_signed_no_delete': '61851d732a676662',
        'approval_signed_no_update': 'e7ee1d6b48477ede',  # 0017 lists application_id
        'approved_item_parent_signed_no_delete': 'af84fd9f9c729eed',
        'approved_item_parent_signed_no_insert': '2088de73fd477616',
        'approved_item_parent_signed_no_update': '6d36f3c6b72188bc',
        'assessment_case_closed_no_delete': 'da739292ceb9892c',
        'assessment_case_closed_no_update': 'dce76361516f5ba8',
        'assessment_case_sealed_no_insert': '34191ac54bdf53c8',
        'assessment_signed_no_delete': '1e58848fb15350ec',
        'assessment_signed_no_update': 'fb6bea1a8d44a3d9',
        'attachment_blob_no_update': '17e6cc3d6652aff3',
        'attachment_case_closed_no_delete': 'bc4b9326bdf543c8',
        'attachment_case_closed_no_update': '5f8923a5bae15d37',
        'attachment_case_sealed_no_insert': '6f8dc7c1551dcaa3',
        'audit_event_chain_once': 'a6b277c133509926',
        'audit_event_no_delete': '2a1d5e52c898d052',
        'case_transfer_case_closed_no_delete': 'fcdd555ecd9df021',
        'case_transfer_case_closed_no_update': '53daca2f07955e02',
        'case_transfer_case_sealed_no_insert': '56ce69a84b344b92',
        'claim_answer_append_only_delete': 'e891397ceee61639',
        'claim_answer_append_only_update': '150cb772f5464687',
        'claim_born_draft': '9d318f675736cbac',
        'claim_frozen_whole': '80b3ee22b5c158c4',
        'claim_signed_no_delete': '542d4253e972bd45',
        'claim_signed_no_update': 'fde95aae68859104',
        'claim_status_forward': 'c92c8e7e14c302d4',
        'disposal_record_append_only_delete': '08fd7d4742586913',
        'disposal_record_append_only_update': 'd346d130e8851297',
        'disposal_request_no_delete': 'efcae1acbfcab7ca',
        'disposal_request_no_delete_signed_items': '8e30d0b0658b9bfd',
        'disposal_request_no_update_signed_items': 'c35c4f9cf7b8922a',
        'disposal_request_signed_no_update': 'b44c188048e9ba4e',
        'fee_line_frozen_claim_no_insert': '2cc4d2bf91c17045',
        'fee_line_frozen_claim_no_move': 'ac6f646fc9e2c82b',
        'fee_line_signed_no_delete': '8256dc1845db5c3a',
        'fee_line_signed_no_update': '9f47fe0d9a0e1643',
        'follow_up_append_only_delete': 'bc8a5877acb5bbc2',
        'follow_up_append_only_update': 'ed1315448349c338',
        'inpatient_leave_case_closed_no_delete': 'c62b416dbe13089c',
        'inpatient_leave_case_closed_no_update': '2958e1348a5d876b',
        'inpatient_leave_case_sealed_no_insert': '26419259eb5ea788',
        'issued_document_append_only_delete': '72a4b2f49241670d',
        'issued_document_append_only_update': 'b2e816987f090f2c',
        'late_signature_ack_append_only_delete': 'd070008cf49a5bb1',
        'late_signature_ack_append_only_update': 'e26c5c5797ed6977',
        'monthly_summary_append_only_delete': '7a6aa961129259ae',
        'monthly_summary_append_only_update': '74550fd9ac159473',
        'out_of_scope_consent_case_closed_no_delete': 'bae6e4a5df288e25',
        'out_of_scope_consent_case_closed_no_update': '31f1815082f0bf1e',
        'out_of_scope_consent_case_sealed_no_insert': '6823b802935ac37b',
        'out_of_scope_consent_signed_no_delete': 'b37c28f2a62aaea1',
        'out_of_scope_consent_signed_no_update': '28d2aeea649ffa39',
        'plan_item_parent_signed_no_delete': '09b41c7ca4fd5576',
        'plan_item_parent_signed_no_insert': '124ff612d3b216e2',
        'plan_item_parent_signed_no_update': '51145191d20c902d',
        'prescription_case_closed_no_delete': 'ef8e3ad3b842d99e',
        'prescription_case_closed_no_update': '9a9c839d8683a1a8',
        'prescription_case_sealed_no_insert': '0cafec9cd333f4cc',
        'prescription_signed_no_delete': '4d2f6fa7144a7cd7',
        'prescription_signed_no_update': '1c9d0c4c9a3f1ec1',
        'rehab_case_retained_no_delete': '5a35f8ca3fb44b66',
        'rehab_case_signed_no_delete': '8e01fd18d1648591',
        'rehab_case_signed_no_update': 'd243c98cc246e441',
        'retention_record_destroy_authorised': '9a853883edb87378',
        'retention_record_guard': 'da49c37ed517e144',
        'retention_record_no_delete': '9c032e64bcc2a6ee',
        'signature_append_only_delete': '0abe8756e543c6fd',
        'signature_append_only_update': 'bf3ac92d9efab5f7',
        'signature_item_append_only_delete': '62cf6b9e0d9a8634',
        'signature_item_append_only_update': '9eff60b0648f045d',
        'treatment_plan_case_closed_no_delete': 'a73ba64863d7d9ec',
        'treatment_plan_case_closed_no_update': 'c9cf35dec76ca94b',
        'treatment_plan_case_sealed_no_insert': 'faeed7634af37a7b',
        'treatment_plan_signed_no_delete': '529f7e0f97d95e42',
        'treatment_plan_signed_no_update': '9f0639758b756db1',
        'treatment_session_case_closed_no_delete': 'e60e5eb69457a7a8',
        'treatment_session_case_closed_no_update': 'd11d33b305bb30c0',
        'treatment_session_case_sealed_no_insert': '5038a8d1fd8b606e',
        'treatment_session_signed_no_delete': '3f16b813cd7230de',
        'treatment_session_signed_no_update': '1bb13439a3b31915',
        'verified_anchor_append_only_delete': 'eab93ce4bce3f5f8',  # 0015
        'verified_anchor_append_only_update': '0c1886f17915dd86',  # 0015
        'rehab_application_append_only_delete': '687198214fd3c519',  # 0017
        'rehab_application_append_only_update': '9cc8facf0cbffa18',  # 0017
        'application_item_append_only_delete': 'b70714fe8736371b',  # 0017
        'application_item_append_only_update': '3d8f0efbfac20f3d',  # 0017
        'value_report_append_only_delete': 'bef3390626294eca',  # 0018
        'value_report_append_only_update': '16b6d9616b1bd811',  # 0018
        'course_notice_append_only_delete': '3d88293a63bf09c4',  # 0018
        'course_notice_append_only_update': '9a233e6cc9a68982',  # 0018
        'case_transfer_append_only_delete': '8eac32aa52bd6497',  # 0019
        'case_transfer_append_only_update': '7a80822a70a146a5',  # 0019
        'transfer_used_count_append_only_delete': '267e745812529dda',  # 0019
        'transfer_used_count_append_only_update': '6465951861868346',  # 0019
        'expert_evaluation_append_only_delete': '24933bcf92224556',  # 0021
        'expert_evaluation_append_only_update': 'b1d2621a7f193c49',  # 0021
        'device_record_append_only_delete': '48b5802abf5644fd',  # 0021
        'device_record_append_only_update': '826236e4d6b47bd2',  # 0021
    },
    'postgresql': {
        'amendment_append_only': 'fecd3e2bb4e9f80a',
        'amendment_no_truncate': '4604e8dd195ea80d',
        'approval_case_closed': '25f74b96deec5ffa',
        'approval_no_truncate': 'efebc182381e242e',
        'approval_signed': 'f545af75407e3760',
        'approved_item_no_truncate': 'e3c41c7fa5803da0',
        'approved_item_parent_signed': '883e48f369d5f649',
        'assessment_case_closed': '6cba64e65adcec86',
        'assessment_no_truncate': '37f13c626e1985b2',
        'assessment_signed': '0b627dc055296668',
        'attachment_blob_content': 'b2c0c842125582e3',
        'attachment_blob_no_truncate': '32a6b3cedbe7d0f1',
        'attachment_case_closed': '48c8029cb8823a2b',
        'audit_event_chain_once': '707eb75c1597b05d',
        'audit_event_no_truncate': '5e0648a9b0e613f0',
        'case_transfer_case_closed': '025f9ff8f3a8192f',
        'claim_answer_append_only': 'b17fdc1d34d11af2',
        'claim_answer_no_truncate': 'd481a85a05f43a23',
        'claim_lifecycle': '33fa8471d9c5573f',
        'claim_no_truncate': '4e585f493daa728d',
        'claim_signed': 'f73ae19ae0bfe4bd',
        'disposal_record_append_only': '20e7afd18cfd3331',
        'disposal_record_no_truncate': 'd7910f7890156a6f',
        'disposal_request_item_no_truncate': '0f9cdd9f17805a8d',
        'disposal_request_item_parent_signed': '6eedd551e2d17f2d',
        'disposal_request_no_truncate': '32b032547f522a36',
        'disposal_request_signed': '086f5d3284b65da0',
        'fee_line_frozen_claim': '308aec66b1b05b9c',
        'fee_line_no_truncate': 'c5753eeb55e3a046',
        'fee_line_signed': '874b0c68f031fd37',
        'follow_up_append_only': '2456b93fab70c47a',
        'follow_up_no_truncate': '07b27c02482a0d69',
        'inpatient_leave_case_closed': '6c65e6c9738e94aa',
        'issued_document_append_only': '97f7025198c27571',
        'issued_document_no_truncate': 'b03eaa00c622e818',
        'late_signature_ack_append_only': 'b9b6c47e88780126',
        'late_signature_ack_no_truncate': 'c0a5de079048792c',
        'monthly_summary_append_only': 'ef31291c8e36be33',
        'monthly_summary_no_truncate': '6d9343f26262f03b',
        'out_of_scope_consent_case_closed': '5e236177cad97166',
        'out_of_scope_consent_no_truncate': '7775ce689dde7f25',
        'out_of_scope_consent_signed': '8aa77d9ead60473c',
        'plan_item_no_truncate': '7a68742795681649',
        'plan_item_parent_signed': '5ae3659ee943821f',
        'prescription_case_closed': 'e9906c3fac671b1d',
        'prescription_no_truncate': '04aedfc647f59803',
        'prescription_signed': 'dc632c0433453b21',
        'rehab_case_no_truncate': 'abe77f766e03c3ee',
        'rehab_case_retained': '50f851c9e6b2b383',
        'rehab_case_signed': 'c8aa7119ace956c5',
        'retention_record_guard': '7743cebbebe5e68b',
        'retention_record_no_truncate': '13231eb11f13a4e1',
        'signature_append_only': '4a45448d9f721412',
        'signature_item_append_only': '9927b8161bf4ab69',
        'signature_item_no_truncate': '64782fd395917938',
        'signature_no_truncate': 'f96c73b41bc37c2f',
        'treatment_plan_case_closed': 'd95b62c58e3f0ad5',
        'treatment_plan_no_truncate': 'a1a75c2c37a232a0',
        'treatment_plan_signed': '4d7274dd9715bfed',
        'treatment_session_case_closed': '066ae24ceb1a60c2',
        'treatment_session_no_truncate': '1a5950e3235ee963',
        'treatment_session_signed': '08bf7b64d376350e',
        'verified_anchor_append_only': '31552f3fc9b0d157',  # 0015
        'verified_anchor_no_truncate': '4ca99f9b2dfc67f8',  # 0015
        'rehab_application_append_only': '34d9ecea9736f591',  # 0017
        'rehab_application_no_truncate': '8eeac83ad8c63f28',  # 0017
        'application_item_append_only': '5e7432585c93a796',  # 0017
        'application_item_no_truncate': 'f23e201b50224d07',  # 0017
        'value_report_append_only': 'bbf974add44c8172',  # 0018
        'value_report_no_truncate': '2551941bf66ca168',  # 0018
        'course_notice_append_only': 'bf56f9f62215955c',  # 0018
        'course_notice_no_truncate': 'c76f4144192a7da4',  # 0018
        'case_transfer_append_only': '0722c4d7986ac2fe',  # 0019
        'case_transfer_no_truncate': '1d102587b2abca4d',  # 0019
        'transfer_used_count_append_only': '3097089204b91cc5',  # 0019
        'transfer_used_count_no_truncate': '1700021620120a4c',  # 0019
        'expert_evaluation_append_only': '31180de3b9c41490',  # 0021
        'expert_evaluation_no_truncate': '1bb50bd0fbb71e75',  # 0021
        'device_record_append_only': '5b95cfb13cc26ada',  # 0021
        'device_record_no_truncate': 'd2216b5e9d644086',  # 0021
    },
}


if __name__ == "__main__":  # print EXPECTED's entries for the archives named by URL
    from desktop_app.db.engine import make_engine

    for url in sys.argv[1:]:
        print(expected_listing(make_engine(url)))
