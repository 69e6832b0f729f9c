"""The reference data shipped with the app (``resources/reference``), as typed, cached values.

Every row keeps the source it came from. A source written as a ditto mark ("same",
"同上") is resolved to the source of the row above, so each value stands on its own.

The files are facts gathered from public texts, not official gazette copies (see
``resources/reference/SOURCES.md``); the official lists are imported by the user.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType

from desktop_app.domain.vocabulary import FeeCategory
from desktop_app.errors import EnvironmentProblem
from desktop_app.paths import resources_dir

#: The labels of the fee categories (``vocabulary.FeeCategory``): key → Chinese label. Medical
#: and rehabilitation items are billed separately (Shandong 四(十)), so they are distinct.
FEE_CATEGORY_LABELS: Mapping[str, str] = MappingProxyType({
    FeeCategory.REHAB: "康复项目", FeeCategory.MEDICAL: "医疗项目", FeeCategory.DRUG: "药品",
    FeeCategory.BED: "床位", FeeCategory.OTHER: "其他",
})
#: The same categories in English.
FEE_CATEGORY_LABELS_EN: Mapping[str, str] = MappingProxyType(
    {
        FeeCategory.REHAB: "Rehabilitation items",
        FeeCategory.MEDICAL: "Medical items",
        FeeCategory.DRUG: "Drugs",
        FeeCategory.BED: "Beds",
        FeeCategory.OTHER: "Other",
    }
)

_DITTO = {"same", "同上"}


@dataclass(frozen=True)
class RefCode:
    """A code with its Chinese name and source; ``note`` holds a remark or the scope."""

    code: str
    name_zh: str
    source: str
    note: str = ""


@dataclass(frozen=True)
class RehabStage:
    """A rehabilitation stage (Luzhou Art. 6): 急性期, 稳定期, 维持期, 旧伤复发."""

    code: str
    name_zh: str
    definition: str
    source: str


@dataclass(frozen=True)
class PeriodRule:
    """A cap on a rehabilitation period in one region. ``limit_text`` is as published."""

    region: str
    period_type: str
    limit_text: str
    note: str
    source: str


@dataclass(frozen=True)
class DisabilityGrade:
    """A disability grade (GB/T 16180-2014) and its benefits under 工伤保险条例."""

    grade: int
    labor_capacity: str
    lump_sum_months_of_own_wage: int
    monthly_allowance_pct_of_own_wage: int | None
    source: str

    @property
    def total_loss_of_work_capacity(self) -> bool:
        """Grades 1–4 mean complete loss of work capacity."""
        return self.grade <= 4


def reference_dir() -> Path:
    """Folder of the shipped reference files."""
    return resources_dir() / "reference"


def _read(name: str, source_column: str | None = "source") -> tuple[dict[str, str], ...]:
    path = reference_dir() / name
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = [
                {key.strip(): (value or "").strip() for key, value in row.items() if key is not None}
                for row in csv.DictReader(handle)
            ]
    except OSError as exc:
        raise EnvironmentProblem(
            f"无法读取参考数据文件 {path}：{exc.strerror or exc}",
            f"cannot read the reference data file {path}: {exc.strerror or exc}",
        ) from exc
    rows = [row for row in rows if any(row.values())]
    if source_column:
        previous = ""
        for row in rows:
            if row.get(source_column, "") in _DITTO:
                row[source_column] = previous
            previous = row.get(source_column, "")
    return tuple(rows)


@cache
def injury_categories() -> tuple[RefCode, ...]:
    """The disease categories: the 9 Luzhou Art. 7 lists (WI01–WI09) and occupational
    disease (OD: 条例 14(4), Beijing Art. 6). Which a region accepts is its pack's
    business (``domain.rules.packs.category_findings``)."""
    return tuple(
        RefCode(r["code"], r["name_zh"], r["source"]) for r in _read("wi_injury_categories.csv")
    )


@cache
def icd10_examples() -> tuple[RefCode, ...]:
    """Common work-injury ICD-10 categories for the diagnosis picker: an example list (WHO
    categories with Chinese names in common use), not the official 国家临床版 code list."""
    return tuple(
        RefCode(r["code"], r["name_zh"], r["source"]) for r in _read("icd10_injury_examples.csv")
    )


@cache
def rehab_stages() -> tuple[RehabStage, ...]:
    """The 4 rehabilitation stages (Luzhou Art. 6)."""
    return tuple(
        RehabStage(r["code"], r["name_zh"], r["definition"], r["source"])
        for r in _read("rehab_phases.csv")
    )


@cache
def period_rules() -> tuple[PeriodRule, ...]:
    """Published caps on rehabilitation periods, per region."""
    return tuple(
        PeriodRule(r["region"], r["period_type"], r["max_days_or_months"], r["note"], r["source"])
        for r in _read("rehab_period_rules.csv")
    )


@cache
def disability_grades() -> tuple[DisabilityGrade, ...]:
    """Disability grades 1–10, most severe first."""
    return tuple(
        DisabilityGrade(
            grade=int(r["grade"]),
            labor_capacity=r["labor_capacity"],
            lump_sum_months_of_own_wage=int(r["lump_sum_months_of_own_wage"]),
            monthly_allowance_pct_of_own_wage=(
                int(r["monthly_allowance_pct_of_own_wage"])
                if r["monthly_allowance_pct_of_own_wage"]
                else None
            ),
            source=r["source"],
        )
        for r in _read("disability_grades.csv")
    )


@cache
def _code_tables() -> Mapping[str, tuple[RefCode, ...]]:
    tables: dict[str, list[RefCode]] = {}
    for r in _read("nhsa_code_tables.csv"):
        tables.setdefault(r["field"], []).append(
            RefCode(r["code"], r["name_zh"], r["source"], note=r.get("scope", ""))
        )
    return MappingProxyType({field: tuple(codes) for field, codes in tables.items()})


def code_table_fields() -> tuple[str, ...]:
    """Names of the national-platform code tables shipped (``med_chrgitm_type``, ``gend``…)."""
    return tuple(_code_tables())


def code_table(field: str) -> tuple[RefCode, ...]:
    """One national-platform code table, e.g. ``code_table("med_chrgitm_type")``.

    ``note`` holds the scope ("national", or a remark such as a local extension).
    Raises ``KeyError`` for a field that is not shipped.
    """
    tables = _code_tables()
    if field not in tables:
        raise KeyError(f"no code table {field!r}; known: {', '.join(tables)}")
    return tables[field]


@cache
def _province_rows() -> tuple[RefCode, ...]:
    return tuple(
        RefCode(r["code"], r["name_zh"], source="id_province_codes.csv", note=r["note"])
        for r in _read("id_province_codes.csv", source_column=None)
    )


def province_codes() -> dict[str, str]:
    """First two digits of resident ID numbers → province name (a fresh dict each call)."""
    return {row.code: row.name_zh for row in _province_rows()}


def clear_cache() -> None:
    """Forget loaded values (after ``REHAB_RESOURCES`` changes, e.g. in tests)."""
    for loader in (
        injury_categories,
        icd10_examples,
        rehab_stages,
        period_rules,
        disability_grades,
        _code_tables,
        _province_rows,
    ):
        loader.cache_clear()
