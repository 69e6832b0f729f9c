"""Checking a package's audit segment (``data/audit/events.json``) with the app's own chain
hash, as ``tools/check_package.py`` does with its re-implementation: ``verify-package``
and the script must agree (tests/test_offline_package.py).

The case's events are not contiguous in the chain, so what is checked is each event's
own hash, its link to the previous event where the seqs are consecutive, and that none
lies beyond the chain head named in ``bag-info.txt``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from desktop_app.services.core.audit_chain import event_hash

EVENTS = "data/audit/events.json"


def segment_problems(events_json: bytes, info: Mapping[str, str]) -> list[str]:
    """One message (zh / en) per event that does not recompute or link; none if all do."""
    try:
        events: list[dict[str, Any]] = json.loads(events_json.decode("utf-8"))
    except ValueError as exc:
        return [f"{EVENTS}: 不是有效的 JSON / not valid JSON ({exc})"]
    head_seq = int(info.get("Audit-Anchor-Seq", "0") or 0)
    head_hash = info.get("Audit-Anchor-Hash", "")
    problems: list[str] = []
    previous: dict[str, Any] | None = None
    for entry in events:
        seq = entry.get("chain_seq")
        label = f"审计事件 / audit event id {(entry.get('event') or {}).get('id')} (seq {seq})"
        try:
            recomputed = event_hash(seq, entry["prev_hash"], entry["event"])  # type: ignore[arg-type]
        except (KeyError, TypeError, ValueError) as exc:
            problems.append(f"{label}: 无法重算 / cannot recompute ({exc})")
            previous = None
            continue
        if recomputed != entry.get("hash"):
            problems.append(f"{label}: 哈希不符 / hash mismatch (recomputed {recomputed})")
        if previous is not None and isinstance(previous.get("chain_seq"), int) and isinstance(seq, int):
            if seq <= previous["chain_seq"]:
                problems.append(f"{label}: 顺序错误 / out of order")
            elif seq == previous["chain_seq"] + 1 and entry["prev_hash"] != previous.get("hash"):
                problems.append(f"{label}: 与前一事件不衔接 / prev_hash does not link to seq "
                                f"{previous['chain_seq']}")
        if head_seq and isinstance(seq, int):
            if seq > head_seq:
                problems.append(f"{label}: 晚于链头 / beyond the chain head {head_seq}")
            elif seq == head_seq and entry.get("hash") != head_hash:
                problems.append(f"{label}: 与 bag-info 的链头不符 / differs from the chain head")
        previous = entry
    return problems
