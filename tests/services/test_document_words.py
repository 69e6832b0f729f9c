"""No code word in a Chinese document: every state or kind a document prints comes from a
Chinese label (``domain.vocabulary``), never the stored code (draft, discharge, pre…).

The check reads the text of every PDF of a demo archive's binders and claim packages
(pdftotext) and looks at each maximal run of ASCII identifier characters: a run made of
letters only is a word, and no word may be one of ``vocabulary.code_words()``
(case-insensitive). Runs with a digit, hyphen, dot, slash, colon, underscore or # are
identifiers (document ids, file names, hashes, ICD codes, ``rehab-document/1``) and are
left alone. The first test shows that the check fails on a document that prints a code."""

from __future__ import annotations

import dataclasses
import re
import subprocess
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from desktop_app.db.engine import make_engine
from desktop_app.db.models import Claim, RehabCase, StaffUser
from desktop_app.documents.archive_list import ArchiveEntry, build_archive_list
from desktop_app.domain.vocabulary import code_words
from desktop_app.services.claims import claim_export
from desktop_app.services.core.uow import UnitOfWork
from desktop_app.services.demo import generate_demo
from desktop_app.services.records import archive_export
from tests.conftest import fresh_database
from tests.documents import samples

AS_OF = date(2026, 11, 20)
RUN = re.compile(r"[A-Za-z0-9_\-./:#]+")
WORD = re.compile(r"[A-Za-z]+")


def code_words_in(text: str) -> set[str]:
    """The code words printed as words in ``text``."""
    words = code_words()
    return {run.lower() for run in RUN.findall(text) if WORD.fullmatch(run) and run.lower() in words}


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_the_check_finds_a_code_word_and_spares_identifiers(tmp_path: Path) -> None:
    data = samples.archive_list()
    printed = dataclasses.replace(data, entries=(*data.entries, ArchiveEntry(
        "费用与结算", "结算申报表 discharge 第 1 版", "claim-GS2026-0007-5-V1.zip", "2026-11-20", "signed",
        "ab" * 32)))
    path = tmp_path / "index.pdf"
    path.write_bytes(build_archive_list(printed, institution=samples.INSTITUTION, anchor=samples.ANCHOR).pdf)
    text = pdf_text(path)
    assert code_words_in(text) == {"discharge"}
    assert code_words_in("rehab-document/1 S72.001 PLAN-GS2026-1 self_paid a1b2bed") == set()
    assert code_words_in("状态 draft；阶段 Pre") == {"draft", "pre"}


@pytest.fixture(scope="module")
def demo(migrated_template: str, db_kind: str,
         tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """A 3-patient demo archive (the showcase cases: consent, refusal to leave, a corrected claim)."""
    url = fresh_database(migrated_template, db_kind, tmp_path_factory.mktemp("demo"))
    engine = make_engine(url)
    generate_demo(engine, 3, seed=4, as_of=AS_OF)
    yield engine
    engine.dispose()


def test_no_code_word_in_any_document_of_the_demo(demo: Engine, tmp_path: Path) -> None:
    with UnitOfWork(demo) as uow:
        officer = uow.session.scalars(select(StaffUser.id).where(StaffUser.username == "ro_sun")).one()
        cases = list(uow.session.scalars(select(RehabCase.id).order_by(RehabCase.id)))
        claims = list(uow.session.scalars(select(Claim.id).where(Claim.status == "final").order_by(Claim.id)))
    pdfs: list[Path] = []
    for case_id in cases:
        with UnitOfWork(demo, actor_id=officer) as uow:
            binder = archive_export.export_archive(uow, case_id, tmp_path / f"binder-{case_id}")
        pdfs += binder.folder.glob("data/*/*.pdf")
    for claim_id in claims:
        with UnitOfWork(demo, actor_id=officer) as uow:
            package = claim_export.export_claim(uow, claim_id, tmp_path / f"claim-{claim_id}")
        pdfs += package.folder.glob("data/documents/*.pdf")
    kinds = {p.name.split("-")[0] for p in pdfs}
    assert kinds >= {"INDEX", "APPR", "VALUE", "PLAN", "PRESC", "EXEC", "ASMT", "CLAIM", "FEES"}
    found = {p.name: words for p in pdfs if (words := code_words_in(pdf_text(p)))}
    assert found == {}


def test_no_code_word_in_the_newer_documents(tmp_path: Path) -> None:
    """The notice ending a course, the value report and the transfer summary print their coded
    fields (reason, delivery, acknowledgement, conclusion) as words."""
    from desktop_app.documents.notice import build_notice
    from desktop_app.documents.transfer_summary import build_transfer_summary
    from desktop_app.documents.value_assessment import build_value_assessment

    documents = {"notice": build_notice(samples.notice(), institution=samples.INSTITUTION,
                                        anchor=samples.ANCHOR),
                 "value": build_value_assessment(samples.value_report(), institution=samples.INSTITUTION,
                                                 anchor=samples.ANCHOR),
                 "transfer": build_transfer_summary(samples.transfer_summary(),
                                                    institution=samples.INSTITUTION, anchor=samples.ANCHOR)}
    found = {}
    for name, built in documents.items():
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(built.pdf)
        if words := code_words_in(pdf_text(path)):
            found[name] = words
    assert found == {}
    assert {"refused", "leave", "person", "value"} <= code_words()  # the newer codes are checked
