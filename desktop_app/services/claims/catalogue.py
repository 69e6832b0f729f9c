"""Catalogue packs: import all-or-nothing from CSV or XLSX."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import select

from desktop_app.db.models import CatalogueItem, CataloguePack
from desktop_app.domain.catalogue_file import ParsedCatalogue, parse_catalogue_bytes
from desktop_app.domain.vocabulary import Action
from desktop_app.errors import FieldError, raise_if_blocking
from desktop_app.paths import resources_dir
from desktop_app.services.core.uow import UnitOfWork
from desktop_app.services.core.use_case import use_case


@dataclass(frozen=True)
class PackInfo:
    region: str
    version: str
    name: str
    effective_from: date
    effective_to: date | None = None
    source: str = ""
    is_demo: bool = False


@dataclass(frozen=True)
class ImportResult:
    pack_id: int
    item_count: int
    encoding: str


def demo_pack_path() -> Path:
    return resources_dir() / "catalogues" / "demo_pack.csv"


@use_case(Action.CATALOGUE_IMPORT)
def import_catalogue(uow: UnitOfWork, path: Path, info: PackInfo) -> ImportResult:
    """Import a pack. One bad row and nothing is imported; the error lists every row."""
    data = path.read_bytes()
    parsed: ParsedCatalogue = parse_catalogue_bytes(data, path.name)
    parsed.require_ok()
    errors: list[FieldError] = []
    if not info.region.strip() or not info.version.strip():
        errors.append(FieldError("目录版本", "地区和版本不能为空",
                                 "Region and version are required", key="catalogue_version"))
    if info.effective_to is not None and info.effective_to < info.effective_from:
        errors.append(FieldError("生效日期", "失效日期不能早于生效日期",
                                 "The end date cannot be before the start date", key="effective_from"))
    clash = uow.session.scalars(select(CataloguePack).where(
        CataloguePack.region == info.region, CataloguePack.version == info.version)).first()
    if clash is not None:
        errors.append(FieldError("目录版本", f"{info.region} 的版本 {info.version} 已导入",
                                 f"Version {info.version} of {info.region} was already imported",
                                 key="catalogue_version"))
    raise_if_blocking(errors)
    pack = CataloguePack(
        region=info.region.strip(), version=info.version.strip(), name=info.name.strip(),
        effective_from=info.effective_from, effective_to=info.effective_to,
        source=info.source or path.name, file_sha256=hashlib.sha256(data).hexdigest(),
        is_demo=info.is_demo, created_at=uow.clock.now(), created_by_id=uow.actor_id,
    )
    for row in parsed.items:
        pack.items.append(CatalogueItem(
            national_code=row.national_code, local_code=row.local_code, name=row.name,
            unit=row.unit, price=row.price, category=row.category,
            max_per_day=row.max_per_day, max_per_course=row.max_per_course,
            indication=row.indication, source=row.source, note=row.note))
    uow.session.add(pack)
    uow.session.flush()
    return ImportResult(pack.id, len(parsed.items), parsed.encoding)
