"""The compiled schema check (``documents.schema_check``) against jsonschema, the reference:
on real claim.json documents and systematic mutations of them it accepts exactly what
jsonschema accepts, and rejects the rest at the same places; it refuses to compile what it
does not implement."""

from __future__ import annotations

import copy
import itertools
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from desktop_app.clock import CHINA
from desktop_app.documents.data_files import (
    adapter,
    claim_json,
    claim_json_file,
    claim_schema,
    validate_claim_json,
)
from desktop_app.documents.schema_check import Check, SchemaNotSupported, compile_schema, messages
from desktop_app.domain.claim_data import AgencyIds, ClaimView
from tests.archive_fixture import Archive
from tests.documents.test_data_files import claim, line

Doc = Any
Key = str | int

REFERENCE = Draft202012Validator(claim_schema())
FAST = compile_schema(claim_schema())
# Values of every JSON type (and a few Python ones a bug could put in a document).
JUNK: tuple[object, ...] = (None, True, False, 0, 1, -1, 0.5, 2.0, 11, 10 ** 12, Decimal("1.00"), "",
                            "x", " ", "0", "=1", "-1.00", "1.234", "2026-04-01", "2026-04-01\n",
                            "٣", [], ["x"], {}, {"x": "1.00"}, ("a",))


def reference_paths(checker: Draft202012Validator, doc: Doc) -> set[tuple[Key, ...]]:
    return {tuple(e.absolute_path) for e in checker.iter_errors(doc)}


def fast_paths(check: Check, doc: Doc) -> set[tuple[Key, ...]]:
    return {path for path, _message in check(doc) or ()}


def nodes(doc: Doc, path: tuple[Key, ...] = ()) -> Iterator[tuple[tuple[Key, ...], Doc]]:
    yield path, doc
    if isinstance(doc, dict):
        for key, value in doc.items():
            yield from nodes(value, (*path, key))
    elif isinstance(doc, list):
        for index, value in enumerate(doc):
            if index in (0, len(doc) - 1):  # the items share one schema: the ends suffice
                yield from nodes(value, (*path, index))


def put(doc: Doc, path: tuple[Key, ...], value: object) -> Doc:
    """``doc`` with the value at ``path`` replaced (containers on the way copied, the rest shared)."""
    if not path:
        return value
    out = copy.copy(doc)
    out[path[0]] = put(doc[path[0]], path[1:], value)
    return out


def edits(value: object) -> Iterator[object]:
    """Changes of a value that keep its type or break it slightly: pattern, enum, range and
    required-key breaks."""
    if isinstance(value, str):
        yield from (value + "x", "x" + value, value + "\n", value[:-1], value.upper(), " " + value,
                    value.replace("0", "٠"), value.replace(".", ","), value + ".0", "-" + value)
    elif isinstance(value, bool):
        yield not value
    elif isinstance(value, int):
        yield from (value - 1, value + 1, -value, float(value), str(value), 0, 10, 11)
    elif isinstance(value, dict):
        for key in value:
            yield {k: v for k, v in value.items() if k != key}  # a required key missing
        yield {**value, "zz_extra": "1"}  # where additionalProperties is false
        yield {**value, "zz_extra": 1}  # where it is a schema
    elif isinstance(value, list):
        yield from ([], [*value, *value[:1]], [*value, None], value[:1], tuple(value))


def mutations(doc: Doc) -> Iterator[tuple[tuple[Key, ...], Doc]]:
    for path, value in list(nodes(doc)):
        for new in itertools.chain(JUNK, edits(value)):
            yield path, put(doc, path, new)


def reference_verdict(doc: Doc, path: tuple[Key, ...]) -> set[tuple[Key, ...]]:
    """jsonschema's error places for ``doc`` changed at ``path``. The rest of the document is
    valid and the root's own keywords see only its keys, so below the root only the changed
    section is checked (jsonschema on the whole document is 2–3 ms)."""
    if len(path) < 2:
        return reference_paths(REFERENCE, doc)
    section = path[0]
    subschema = claim_schema()["properties"][section]
    return {tuple(e.absolute_path) for e in REFERENCE.descend(doc[section], subschema, path=section)}


def assert_same_verdicts(doc: Doc, lines: int) -> int:
    """Every mutation: valid for both or invalid for both, with the same error places."""
    small = {**doc, "feedetail": doc["feedetail"][:lines]}
    count = 0
    for path, changed in mutations(small):
        expected = reference_verdict(changed, path)
        assert fast_paths(FAST, changed) == expected, (path, changed, expected)
        count += 1
    return count


def rich_claim() -> ClaimView:
    """A claim using what the small sample leaves out: a rate, an agreement's validity, a
    correction, self-paid and priced-above-ceiling lines, the agency's ids."""
    view = claim()
    s = replace(view.totals.settlement, method="per_bed_day", rate=Decimal("180.50"))
    totals = replace(view.totals, settlement=s, agreement_number="XY-2",
                     agreement_valid_from=date(2026, 1, 1), agreement_valid_to=date(2026, 12, 31))
    lines = (*view.lines, replace(line(3, "中药", amount="12.40"), category="drug", coverage="self_paid",
                                  price_ceiling=Decimal("30.00"), occurred_at=datetime(2026, 3, 5, 9, 30,
                                                                                       tzinfo=CHINA)))
    return replace(view, totals=totals, lines=lines, supersedes_id=4, correction_reason="退回重报",
                   version_no=2, agency=AgencyIds("31000012345", "0098765", "03", "01", "0410"))


def test_the_samples_are_valid_for_both() -> None:
    for view in (claim(), rich_claim()):
        doc = claim_json(view, "national")
        assert reference_paths(REFERENCE, doc) == set() and FAST(doc) is None
        assert validate_claim_json(doc) == []


def test_mutations_of_a_sample_claim_get_jsonschemas_verdict() -> None:
    assert assert_same_verdicts(claim_json(rich_claim(), "national"), lines=1) > 2000


def test_real_claims_and_their_mutations_get_jsonschemas_verdict(archive: Archive, tmp_path: Path) -> None:
    """The April claim with the agency's ids, its correction reversing every line, as the
    national and the Jiangsu adapters write claim.json."""
    from tests.services.test_settlement_fields import april_and_its_correction

    course, claim_id, correction = april_and_its_correction(archive)
    documents = []
    for cid, region in ((claim_id, "national"), (correction, "jiangsu")):
        view = course.view(cid)
        documents.append(claim_json(view, region))
        assert {f.name for f in adapter(region).files(view)} >= {"claim.json"}  # the check passed
    assert any(row["init_feedetl_sn"] for row in documents[1]["feedetail"])
    for doc in documents:
        assert reference_paths(REFERENCE, doc) == set() and FAST(doc) is None
        assert assert_same_verdicts(doc, lines=2) > 2000


def test_a_broken_document_names_the_place_and_stops_the_export() -> None:
    doc = claim_json(claim(), "national")
    doc["feedetail"][1]["det_item_fee_sumamt"] = "35"
    doc["totals"]["by_payer"]["fund"] = 35.0
    del doc["claim"]["period"]
    assert validate_claim_json(doc) == [
        "claim: 'period' is a required property",
        "feedetail/1/det_item_fee_sumamt: '35' does not match '^-?[0-9]+\\\\.[0-9]{2}$'",
        "totals/by_payer/fund: 35.0 is not of type 'string'"]


def test_claim_json_file_refuses_a_document_breaking_its_schema(monkeypatch: pytest.MonkeyPatch) -> None:
    from desktop_app.documents import data_files

    real = data_files.claim_json
    monkeypatch.setattr(data_files, "claim_json", lambda *a: {**real(*a), "format": "other/1"})
    with pytest.raises(RuntimeError, match="format: 'rehab-archive-claim/1' was expected"):
        claim_json_file(claim(), "national")


# ----------------------------------------------------------------------------- keywords one by one

SMALL_SCHEMAS: tuple[dict[str, Any], ...] = (
    {"type": ["integer", "null"], "minimum": 1, "maximum": 10},
    {"type": "number", "minimum": 0.5},
    {"enum": [1, "1", None, True, [1], {"a": 1}]},
    {"const": {"a": [1, 2]}},
    {"const": False},
    {"type": "array", "items": {"type": "string", "minLength": 2, "pattern": "^a"}},
    {"type": "object", "properties": {"a": {"type": "boolean"}}, "additionalProperties": {"type": "integer"},
     "required": ["a"]},
    {"properties": {"a": True, "b": False}},  # jsonschema puts a false schema's error at the object
    {"anyOf": [{"type": "string", "pattern": "^[0-9]+$"}, {"type": "integer"}, {"type": "null"}]},
    {"allOf": [{"minLength": 2}, {"pattern": "b$"}]},
    {"$defs": {"d": {"type": "string", "pattern": "^\\d+$"}}, "properties": {"x": {"$ref": "#/$defs/d"}},
     "additionalProperties": False},
    {"type": "integer", "pattern": "^1"},  # a string fails the type and the pattern both
    {"minimum": 2, "minLength": 2, "format": "date"},  # no type: each keyword judges its own
)
VALUES: tuple[object, ...] = (*JUNK, "ab", "a", "12", "12\n", "b", "bb", "ab1", "٣٣", 3, 10, 1.0, 12.5, True,
                              [1], ["ab", "ac"], ["ab", "b"], {"a": True}, {"a": True, "c": 2},
                              {"a": True, "c": "2"}, {"b": 1}, {"a": [1, 2]}, {"a": (1, 2)},
                              {"x": "12"}, {"x": "1a"}, {"x": "1", "y": 1}, Decimal("0.4"), Decimal("2"))


@pytest.mark.parametrize("schema", SMALL_SCHEMAS, ids=lambda s: ",".join(k for k in s if k != "$defs"))
def test_each_keyword_means_what_it_means_to_jsonschema(schema: dict[str, Any]) -> None:
    reference, fast = Draft202012Validator(schema), compile_schema(schema)
    verdicts = [(value, reference_paths(reference, value)) for value in VALUES]
    assert {bool(paths) for _v, paths in verdicts} == {True, False}  # both verdicts occur
    if "b" in schema.get("properties", {}):
        verdicts = [(v, {()} if p else set()) for v, p in verdicts]
        assert [(v, {()} if fast(v) else set()) for v, _p in verdicts] == verdicts
    else:
        assert [(v, fast_paths(fast, v)) for v, _p in verdicts] == verdicts


@pytest.mark.parametrize("schema", [
    {"maxLength": 3}, {"patternProperties": {"^a": {}}}, {"oneOf": [{}]}, {"not": {}},
    {"properties": {"a": {"type": "string", "maxLength": 3}}}, {"$ref": "other.json#/a"},
    {"$ref": "#/$defs/missing"}, {"$defs": {"a": {"$ref": "#/$defs/a"}}, "$ref": "#/$defs/a"},
    {"$defs": {"unused": {"uniqueItems": True}}}, {"type": "decimal"},
    {"$schema": "http://json-schema.org/draft-07/schema#"}, {"items": {"$id": "x"}},
])
def test_a_keyword_not_implemented_is_refused_when_compiling(schema: dict[str, Any]) -> None:
    with pytest.raises(SchemaNotSupported):
        compile_schema(schema)


def test_messages_are_ordered_by_path_with_indices_as_numbers() -> None:
    problems = [(("feedetail", 10, "cnt"), "b"), (("feedetail", 2, "cnt"), "a"), ((), "root")]
    assert messages(problems) == ["(root): root", "feedetail/2/cnt: a", "feedetail/10/cnt: b"]
