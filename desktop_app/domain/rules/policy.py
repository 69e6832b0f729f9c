"""The texts the rules cite: the five regional seeds, the national baseline, and the
institution's own settings where every text is silent (DOMAIN.md, ``seeds/``).

A citation names the document and the article (with its item, where the article lists
items) exactly as the text numbers them, so a reader can open the text and find it.
Which citation a rule carries depends on the region's pack (``domain.rules.packs``): a case is
judged, and its documents cite articles, only by its own region plus the baseline.
"""

from __future__ import annotations

from dataclasses import dataclass

BAOTOU = "《包头市工伤康复实施办法（试行）》"
LUZHOU = "《泸州市工伤康复管理暂行办法》（泸市人社规〔2025〕1号）"
BEIJING = "《北京市工伤康复管理暂行办法》（京人社工发〔2026〕1号）"
SHANDONG = "《关于推进工伤康复高质量发展的实施意见》（鲁人社发〔2023〕17号）"
NINGXIA = "《全区工伤康复事业高质量发展工作任务清单》"
# The national baseline: the State Council regulation and the 2013 national item list and
# service specification (referred to by Luzhou Art. 9; its text is not in the seeds, so it
# is cited as a document, never by article).
REGULATION = "《工伤保险条例》（国务院令第586号）"
SPEC_2013 = "《工伤康复服务项目（试行）》《工伤康复服务规范（试行）》（修订版）（人社部发〔2013〕30号）"
RECORDS_SPEC = "《病历书写基本规范》（卫医政发〔2010〕11号）"
# Where every text is silent, the institution decides: its setting is the basis.
INSTITUTION = "本机构设置"
# How a narrow column names each document in Chinese (the full name is in the tooltip).
SHORT_ZH = {BAOTOU: "包头", LUZHOU: "泸州", BEIJING: "北京", SHANDONG: "山东", NINGXIA: "宁夏",
            REGULATION: "条例", SPEC_2013: "人社部发〔2013〕30号", RECORDS_SPEC: "病历书写基本规范",
            INSTITUTION: "本机构设置"}
SHORT = {BAOTOU: "Baotou", LUZHOU: "Luzhou", BEIJING: "Beijing", SHANDONG: "Shandong",
         NINGXIA: "Ningxia", REGULATION: "Work-Injury Insurance Regulations",
         SPEC_2013: "MOHRSS 2013 No. 30", RECORDS_SPEC: "Records spec",
         INSTITUTION: "Institution setting"}


@dataclass(frozen=True)
class Article:
    """One article (and item) of one document; ``article`` empty: the document as a whole."""

    document: str
    article: str  # as numbered in the text: "第三十二条第（四）项"
    short: str  # "Luzhou Art. 32(4)"

    def __str__(self) -> str:
        return f"{self.document}{self.article}"


def art(document: str, zh: str, number: str) -> Article:
    """An article of a document; for Shandong ``number`` is "§四(十)", for Ningxia "No. 11"."""
    if document in (SHANDONG, NINGXIA):
        return Article(document, zh, f"{SHORT[document]} {number}")
    return Article(document, zh, f"{SHORT[document]} Art. {number}")


def whole(document: str) -> Article:
    """A document cited as a whole (its articles are not in the seeds)."""
    return Article(document, "", SHORT[document])


def setting(zh: str, en: str) -> Article:
    """The institution's own setting, where no text rules."""
    return Article(INSTITUTION, f"（{zh}）", f"{SHORT[INSTITUTION]}: {en}")


def _grouped(articles: tuple[Article, ...]) -> list[list[Article]]:
    """Articles of one document that follow each other, together."""
    groups: list[list[Article]] = []
    for article in articles:
        if groups and groups[-1][0].document == article.document and article.article:
            groups[-1].append(article)
        else:
            groups.append([article])
    return groups


def cite_short_zh(articles: tuple[Article, ...]) -> str:
    """泸州第二十九条、第三十二条第（三）项；条例第三十条 — for a narrow column."""
    return "；".join(SHORT_ZH[group[0].document] + "、".join(a.article for a in group)
                    for group in _grouped(articles))


def cite(articles: tuple[Article, ...]) -> tuple[str, str]:
    """The articles in Chinese and as short English references. In Chinese the document is
    named once for its articles that follow each other: 《…》第二十九条、第三十二条第（三）项."""
    zh = "；".join(str(group[0]) + "".join(f"、{a.article}" for a in group[1:])
                  for group in _grouped(articles))
    return zh, ", ".join(a.short for a in articles)
