"""The live total of a form being filled in (``instruments.preview``)."""

from __future__ import annotations

from desktop_app.domain.instruments import load_instruments, preview

BI_KEYS = [item.key for item in load_instruments()["BI"].items]


def test_incomplete_values_give_the_subtotal_and_what_is_missing() -> None:
    result = preview("BI", {"feeding": 10, "bathing": 5})
    assert (result.complete, result.total, result.grade_zh, result.subtotal) == (False, None, None, 15)
    assert len(result.missing) == 8 and result.missing[0] == "修饰"


def test_complete_values_give_the_score_and_grade() -> None:
    values: dict[str, object] = dict.fromkeys(BI_KEYS, 5)
    result = preview("BI", values)
    assert (result.complete, result.total, result.grade_zh, result.missing) == (True, 50, "中度依赖", ())


def test_a_value_the_instrument_does_not_allow_is_never_complete() -> None:
    values: dict[str, object] = dict.fromkeys(BI_KEYS, 5)
    values["feeding"] = 7
    assert not preview("BI", values).complete


def test_an_alternative_item_counts_as_scored_and_per_item_instruments_have_no_subtotal() -> None:
    mbi = load_instruments()["MBI"]
    replaced, alternative = next(iter(mbi.alternatives.items()))
    values = {item.key: item.allowed[-1] for item in mbi.items if item.key != replaced}
    values[alternative.key] = alternative.allowed[0]
    assert preview("MBI", values).missing == ()
    assert preview("Brunnstrom", {"hand": "III"}).subtotal is None
    assert preview("Brunnstrom", {"hand": "III"}).complete
    assert preview("GCS", {"E": 4, "V": "NT", "M": 6}).complete
