"""The policy texts the fee rules and the claim gate cite (DOMAIN.md, ``seeds/``).

A citation names the document and the article (with its item, where the article lists
items) exactly as the text numbers them, so a reader can open the seed and find it.
"""

from __future__ import annotations

from dataclasses import dataclass

BAOTOU = "《包头市工伤康复实施办法（试行）》"
LUZHOU = "《泸州市工伤康复管理暂行办法》（泸市人社规〔2025〕1号）"
BEIJING = "《北京市工伤康复管理暂行办法》（京人社工发〔2026〕1号）"
RECORDS_SPEC = "《病历书写基本规范》（卫医政发〔2010〕11号）"
SHORT = {BAOTOU: "Baotou", LUZHOU: "Luzhou", BEIJING: "Beijing", RECORDS_SPEC: "Records spec"}


@dataclass(frozen=True)
class Article:
    """One article (and item) of one document."""

    document: str
    article: str  # as numbered in the text: "第三十二条第（四）项"
    short: str  # "Luzhou Art. 32(4)"

    def __str__(self) -> str:
        return f"{self.document}{self.article}"


def art(document: str, zh: str, number: str) -> Article:
    return Article(document, zh, f"{SHORT[document]} Art. {number}")


def cite(articles: tuple[Article, ...]) -> tuple[str, str]:
    """The articles in Chinese and as short English references."""
    return ("；".join(str(a) for a in articles), ", ".join(a.short for a in articles))
