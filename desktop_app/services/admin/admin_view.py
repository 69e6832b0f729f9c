"""What the administration screens show: the catalogue packs and the institution's
settings, as plain data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop_app.db.models import CatalogueItem, CataloguePack, Institution
from desktop_app.domain.rules.packs import BASELINE, PolicyPack
from desktop_app.services.admin.institution_certificate import certificate_path, timestamp_url
from desktop_app.services.admin.setup import InstitutionInput
from desktop_app.services.claims.claim_gate import mid_assessment_after_days
from desktop_app.services.rules.session_limits import opening_hours, rest_weekdays


@dataclass(frozen=True)
class PackRow:
    pack_id: int
    region: str
    version: str
    name: str
    effective_from: date
    effective_to: date | None
    items: int
    file_sha256: str
    is_demo: bool


@dataclass(frozen=True)
class InstitutionSettings:
    institution: InstitutionInput  # as saved (retention_years None: the legal minimum)
    mid_assessment_after_days: int
    certificate_path: Path | None = None  # the institution's PKCS#12 file for signing PDFs
    policy_region: str = "national"  # whose rules apply (domain.rules.packs.REGIONS)
    pack: PolicyPack = BASELINE  # the region's pack in force on the day asked
    opening_hours: tuple[time, time] | None = None  # None: not checked
    rest_weekdays: tuple[int, ...] = (7,)  # ISO weekdays with no session expected
    timestamp_url: str | None = None  # the RFC 3161 service signatures are timestamped by


def catalogue_packs(session: Session) -> list[PackRow]:
    """Every pack, newest first (the price in force is the newest pack's for its date)."""
    counts = (select(CatalogueItem.pack_id, func.count().label("n"))
              .group_by(CatalogueItem.pack_id).subquery())
    rows = session.execute(
        select(CataloguePack, counts.c.n).outerjoin(counts, counts.c.pack_id == CataloguePack.id)
        .order_by(CataloguePack.effective_from.desc(), CataloguePack.id.desc()))
    return [PackRow(p.id, p.region, p.version, p.name, p.effective_from, p.effective_to,
                    n or 0, p.file_sha256, p.is_demo) for p, n in rows]


def institution_settings(session: Session, today: date | None = None
                         ) -> InstitutionSettings | None:
    """The saved settings, with the region's pack in force on ``today``."""
    from desktop_app.services.rules.region import current_pack

    institution = session.scalars(select(Institution).limit(1)).first()
    if institution is None:
        return None
    years = (institution.settings or {}).get("retention_years")
    return InstitutionSettings(
        InstitutionInput(
            name=institution.name, region=institution.region,
            agreement_number=institution.agreement_number,
            agreement_valid_from=institution.agreement_valid_from,
            agreement_valid_to=institution.agreement_valid_to,
            credit_code=institution.credit_code, address=institution.address,
            phone=institution.phone,
            retention_years=years if isinstance(years, int) else None),
        mid_assessment_after_days(session), certificate_path(session),
        institution.policy_region, current_pack(session, today or date.today()),
        opening_hours(session), rest_weekdays(session), timestamp_url(session))
