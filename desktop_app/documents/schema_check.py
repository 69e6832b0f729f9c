"""A JSON Schema (draft 2020-12) compiled once into plain Python checks.

``claim.json`` is checked against its schema on every export; jsonschema's generic validator
spent ≈ 15–40 ms a claim descending the ~40 fee lines × ~40 fields. The schema is ours and
small, so it is compiled here, once, into closures for exactly the keywords it uses, with
jsonschema's meaning of each (Draft202012Validator without a format checker, so ``format`` is
an annotation): ``$defs``/``$ref`` (local), ``additionalProperties``, ``allOf``, ``anyOf``,
``const``, ``enum``, ``items``, ``maximum``, ``minimum``, ``minLength``, ``pattern``,
``properties``, ``required``, ``type``. A keyword it does not know is refused when compiling
(``SchemaNotSupported``), so a later schema change cannot go silently unchecked.
tests/documents/test_schema_check.py holds it to jsonschema on real and mutated documents.

A check returns ``None`` when the value is valid, else its problems: ``(path, message)``
with the path (keys and indices) relative to the value checked, as jsonschema's
``absolute_path`` would give it.
"""

from __future__ import annotations

import numbers
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

Path = tuple[str | int, ...]
Problem = tuple[Path, str]
Check = Callable[[Any], list[Problem] | None]

DRAFT = "https://json-schema.org/draft/2020-12/schema"
# Keywords that only annotate (jsonschema asserts none of them without a format checker).
ANNOTATIONS = frozenset({"$schema", "$id", "$comment", "$defs", "title", "description", "format",
                         "default", "examples", "deprecated", "readOnly", "writeOnly"})
_REF = re.compile(r"#/\$defs/([A-Za-z0-9_.-]+)")


class SchemaNotSupported(ValueError):
    """The schema uses something this compiler does not implement (checking it would be
    silently incomplete)."""


def _is_integer(value: object) -> bool:
    return (isinstance(value, int) and not isinstance(value, bool)) or \
        (isinstance(value, float) and value.is_integer())


def _is_number(value: object) -> bool:
    return isinstance(value, numbers.Number) and not isinstance(value, bool)


TYPES: dict[str, Callable[[object], bool]] = {
    "string": lambda v: isinstance(v, str),
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "null": lambda v: v is None,
    "boolean": lambda v: isinstance(v, bool),
    "integer": _is_integer,
    "number": _is_number,
}


def equal(one: object, two: object) -> bool:
    """JSON equality as jsonschema's ``enum``/``const`` see it: ``True`` is not ``1``, lists
    and objects compare element by element."""
    if one is two:
        return True
    if isinstance(one, str) or isinstance(two, str):
        return one == two
    if isinstance(one, Sequence) and isinstance(two, Sequence):
        return len(one) == len(two) and all(equal(a, b) for a, b in zip(one, two, strict=True))
    if isinstance(one, Mapping) and isinstance(two, Mapping):
        return len(one) == len(two) and all(k in two and equal(v, two[k]) for k, v in one.items())
    if isinstance(one, bool) or isinstance(two, bool):
        return isinstance(one, bool) and isinstance(two, bool) and one == two
    return bool(one == two)


def _under(key: str | int, problems: list[Problem]) -> list[Problem]:
    return [((key, *path), message) for path, message in problems]


def _all(checks: Sequence[Check]) -> Check:
    """Every check applies (jsonschema evaluates each keyword on its own)."""
    if len(checks) == 1:
        return checks[0]

    def check(value: Any) -> list[Problem] | None:
        found: list[Problem] | None = None
        for each in checks:
            problems = each(value)
            if problems:
                found = problems if found is None else [*found, *problems]
        return found
    return check


def _ok(value: Any) -> None:
    return None


class _Compiler:
    def __init__(self, root: Mapping[str, Any]) -> None:
        if root.get("$schema", DRAFT) != DRAFT:
            raise SchemaNotSupported(f"only draft 2020-12 is supported, not {root['$schema']!r}")
        self.defs: Mapping[str, Any] = root.get("$defs", {})
        self.compiled: dict[str, Check] = {}
        self.compiling: set[str] = set()

    def ref(self, ref: object) -> Check:
        match = _REF.fullmatch(ref) if isinstance(ref, str) else None
        if match is None or match.group(1) not in self.defs:
            raise SchemaNotSupported(f"$ref {ref!r}: only #/$defs/<name> of this schema")
        name = match.group(1)
        if name not in self.compiled:
            if name in self.compiling:
                raise SchemaNotSupported(f"$ref {ref!r} is recursive")
            self.compiling.add(name)
            self.compiled[name] = self.schema(self.defs[name], f"#/$defs/{name}")
            self.compiling.discard(name)
        return self.compiled[name]

    def schema(self, node: object, where: str) -> Check:
        """The check of one (sub)schema; ``where`` names it in a refusal."""
        if node is True:
            return _ok
        if node is False:
            return lambda value: [((), f"False schema does not allow {value!r}")]
        if not isinstance(node, dict):
            raise SchemaNotSupported(f"{where}: a schema is an object or a boolean")
        unknown = [k for k in node if k not in ANNOTATIONS and k not in _KEYWORDS and not k.startswith("x-")]
        if unknown:
            raise SchemaNotSupported(f"{where}: keyword(s) {', '.join(map(repr, unknown))} not supported")
        if where != "#" and any(k in node for k in ("$defs", "$id", "$schema")):
            raise SchemaNotSupported(f"{where}: $defs, $id and $schema only at the root")
        checks: list[Check] = []
        string_checks = self.strings(node)
        if "type" in node:
            checks.append(self.type(node["type"], string_checks, where))
        elif string_checks:
            checks.append(_when(lambda v: isinstance(v, str), string_checks))
        if "enum" in node:
            checks.append(_enum(node["enum"], where))
        if "const" in node:
            expected = node["const"]
            checks.append(lambda v: None if equal(v, expected) else [((), f"{expected!r} was expected")])
        if "minimum" in node or "maximum" in node:
            checks.append(_bounds(node.get("minimum"), node.get("maximum"), where))
        if any(k in node for k in ("properties", "required", "additionalProperties")):
            checks.append(self.object(node, where))
        if "items" in node:
            items = self.schema(node["items"], f"{where}/items")
            checks.append(_items(items))
        if "$ref" in node:
            checks.append(self.ref(node["$ref"]))
        if "allOf" in node:
            branches = _list(node, "allOf", where)
            checks.append(_all([self.schema(s, f"{where}/allOf/{i}") for i, s in enumerate(branches)]))
        if "anyOf" in node:
            branches = _list(node, "anyOf", where)
            checks.append(_any([self.schema(s, f"{where}/anyOf/{i}") for i, s in enumerate(branches)]))
        return _all(checks) if checks else _ok

    def strings(self, node: Mapping[str, Any]) -> list[Check]:
        """``pattern`` and ``minLength``: they judge strings only, so they are run on a value
        already known to be one."""
        checks: list[Check] = []
        if "pattern" in node:
            pattern = node["pattern"]
            search = re.compile(pattern).search  # jsonschema: re.search, unanchored

            def matches(value: str) -> list[Problem] | None:
                return None if search(value) else [((), f"{value!r} does not match {pattern!r}")]
            checks.append(matches)
        if "minLength" in node:
            least = node["minLength"]
            said = "should be non-empty" if least == 1 else "is too short"
            checks.append(lambda v: [((), f"{v!r} {said}")] if len(v) < least else None)
        return checks

    def type(self, types: object, string_checks: list[Check], where: str) -> Check:
        names = [types] if isinstance(types, str) else types
        if not isinstance(names, list) or not names or any(n not in TYPES for n in names):
            raise SchemaNotSupported(f"{where}: type {types!r}")
        tests = [TYPES[n] for n in names]
        said = ", ".join(repr(n) for n in names)
        strings = _all(string_checks) if string_checks else None
        if names == ["string"]:
            def a_string(value: Any) -> list[Problem] | None:
                if isinstance(value, str):
                    return strings(value) if strings else None
                return [((), f"{value!r} is not of type {said}")]
            return a_string

        def typed(value: Any) -> list[Problem] | None:
            found: list[Problem] | None = None
            if not any(test(value) for test in tests):
                found = [((), f"{value!r} is not of type {said}")]
            if strings and isinstance(value, str):
                more = strings(value)
                if more:
                    found = more if found is None else [*found, *more]
            return found
        return typed

    def object(self, node: Mapping[str, Any], where: str) -> Check:
        properties = {name: self.schema(sub, f"{where}/properties/{name}")
                      for name, sub in _dict(node, "properties", where).items()}
        required = node.get("required", [])
        if not isinstance(required, list) or not all(isinstance(r, str) for r in required):
            raise SchemaNotSupported(f"{where}: required must list names")
        needed = frozenset(required)
        extra_schema = node.get("additionalProperties", True)
        closed = extra_schema is False
        extra = None if extra_schema is True or closed else \
            self.schema(extra_schema, f"{where}/additionalProperties")

        def check(value: Any) -> list[Problem] | None:
            if not isinstance(value, dict):
                return None
            found: list[Problem] = []
            if not needed <= value.keys():
                found += [((), f"{name!r} is a required property") for name in required if name not in value]
            unexpected = []
            for key, item in value.items():
                sub = properties.get(key)
                if sub is not None:
                    problems = sub(item)
                    if problems:
                        found += _under(key, problems)
                elif closed:
                    unexpected.append(key)
                elif extra is not None:
                    problems = extra(item)
                    if problems:
                        found += _under(key, problems)
            if unexpected:
                verb = "was" if len(unexpected) == 1 else "were"
                found.append(((), f"Additional properties are not allowed "
                                  f"({', '.join(map(repr, unexpected))} {verb} unexpected)"))
            return found or None
        return check


_KEYWORDS = frozenset({"$ref", "additionalProperties", "allOf", "anyOf", "const", "enum", "items",
                       "maximum", "minimum", "minLength", "pattern", "properties", "required", "type"})


def _list(node: Mapping[str, Any], key: str, where: str) -> list[Any]:
    value = node[key]
    if not isinstance(value, list) or not value:
        raise SchemaNotSupported(f"{where}: {key} must be a non-empty list")
    return value


def _dict(node: Mapping[str, Any], key: str, where: str) -> dict[str, Any]:
    value = node.get(key, {})
    if not isinstance(value, dict):
        raise SchemaNotSupported(f"{where}: {key} must be an object")
    return value


def _when(test: Callable[[Any], bool], checks: list[Check]) -> Check:
    inner = _all(checks)
    return lambda value: inner(value) if test(value) else None


def _enum(values: object, where: str) -> Check:
    if not isinstance(values, list) or not values:
        raise SchemaNotSupported(f"{where}: enum must be a non-empty list")
    said = f"is not one of {values!r}"
    if all(isinstance(v, str) for v in values):
        allowed = frozenset(values)  # a string equals only a string
        return lambda v: None if isinstance(v, str) and v in allowed else [((), f"{v!r} {said}")]
    return lambda v: None if any(equal(e, v) for e in values) else [((), f"{v!r} {said}")]


def _bounds(least: object, most: object, where: str) -> Check:
    for bound in (least, most):
        if bound is not None and not _is_number(bound):
            raise SchemaNotSupported(f"{where}: minimum/maximum must be numbers")

    def check(value: Any) -> list[Problem] | None:
        if not _is_number(value):
            return None
        found: list[Problem] = []
        if least is not None and value < least:
            found.append(((), f"{value!r} is less than the minimum of {least!r}"))
        if most is not None and value > most:
            found.append(((), f"{value!r} is greater than the maximum of {most!r}"))
        return found or None
    return check


def _items(items: Check) -> Check:
    def check(value: Any) -> list[Problem] | None:
        if not isinstance(value, list):
            return None
        found: list[Problem] = []
        for index, item in enumerate(value):
            problems = items(item)
            if problems:
                found += _under(index, problems)
        return found or None
    return check


def _any(branches: Sequence[Check]) -> Check:
    def check(value: Any) -> list[Problem] | None:
        for branch in branches:
            if not branch(value):
                return None
        return [((), f"{value!r} is not valid under any of the given schemas")]
    return check


def compile_schema(schema: Mapping[str, Any]) -> Check:
    """The schema's check; ``SchemaNotSupported`` when it uses anything not implemented."""
    compiler = _Compiler(schema)
    check = compiler.schema(dict(schema), "#")
    for name in compiler.defs:  # an unused definition must compile too (it may be used later)
        compiler.ref(f"#/$defs/{name}")
    return check


def messages(problems: list[Problem] | None) -> list[str]:
    """``path: message`` lines ordered by path (``(root)`` for the document itself)."""
    def order(problem: Problem) -> list[tuple[int, str | int]]:
        return [(0, p) if isinstance(p, int) else (1, p) for p in problem[0]]
    return [f"{'/'.join(str(p) for p in path) or '(root)'}: {message}"
            for path, message in sorted(problems or (), key=order)]
