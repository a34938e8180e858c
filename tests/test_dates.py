"""Dates as the page prints them, in all 12 languages, with and without the words around them."""

from __future__ import annotations

from datetime import date

import pytest
from fixtures import NOT_BEFORE, write_date
from hypothesis import given, settings
from hypothesis import strategies as st

from scraper.read.dates import find_dates, first_date, format_date, read_date_cell
from scraper.read.languages import LANGUAGE_DATA, LANGUAGES, language, not_applicable_words

DATES = st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31))
LANGS = st.sampled_from(LANGUAGES)
EXAMPLES = settings(max_examples=150, deadline=None)

# Hand-written date shapes from the page's translations (see PAGE_NOTES), beside format_date's.
HAND_WRITTEN: dict[str, tuple[str, date]] = {
    "en": ("June 30, 2025", date(2025, 6, 30)),
    "de": ("30. Juni 2025", date(2025, 6, 30)),
    "es": ("30 de junio de 2025", date(2025, 6, 30)),
    "fr": ("30 juin 2025", date(2025, 6, 30)),
    "id": ("30 Juni 2025", date(2025, 6, 30)),
    "it": ("30 giugno 2025", date(2025, 6, 30)),
    "ja": ("2025年6月30日", date(2025, 6, 30)),
    "ko": ("2025년 6월 30일", date(2025, 6, 30)),
    "pt-BR": ("30 de junho de 2025", date(2025, 6, 30)),
    "ru": ("30 июня 2025", date(2025, 6, 30)),
    "zh-CN": ("2025 年 6 月 30 日", date(2025, 6, 30)),
    "zh-TW": ("2025年6月30日", date(2025, 6, 30)),
}

# Words that could stand around a date but that no phrase table knows (our own inventions).
UNKNOWN_WORDS: dict[str, tuple[str, ...]] = {
    "en": ("Around", "Probably", "Perhaps"),
    "de": ("Ungefähr", "Vielleicht"),
    "es": ("Quizás", "Hacia"),
    "fr": ("Environ", "Peut-être"),
    "id": ("Sekitar", "Mungkin"),
    "it": ("Circa", "Forse"),
    "ja": ("頃", "予定"),
    "ko": ("경", "예정"),
    "pt-BR": ("Cerca de", "Talvez"),
    "ru": ("Примерно", "Возможно"),
    "zh-CN": ("大约", "可能"),
    "zh-TW": ("大約", "可能"),
}

# Languages whose "not sooner than" phrase follows the date.
PHRASE_AFTER = {"ja", "ko"}


def _with_phrase(phrase: str, text: str, lang: str) -> str:
    return (
        f"{text}{phrase}"
        if lang == "ja"
        else f"{text} {phrase}"
        if lang in PHRASE_AFTER
        else (f"{phrase} {text}")
    )


@EXAMPLES
@given(lang=LANGS, value=DATES)
def test_format_date_reads_back(lang: str, value: date) -> None:
    reading = read_date_cell(format_date(value, lang), lang)
    assert reading.value == value
    assert (reading.not_before, reading.not_applicable, reading.unknown) == (False, False, "")


@EXAMPLES
@given(lang=LANGS, value=DATES, spaced=st.booleans())
def test_hand_written_dates_read_back(lang: str, value: date, spaced: bool) -> None:
    text = write_date(value, lang, spaced=spaced)
    reading = read_date_cell(text, lang)
    assert reading.value == value, text
    assert reading.unknown == "" and not reading.not_before


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_shapes_the_page_prints(lang: str) -> None:
    text, expected = HAND_WRITTEN[lang]
    assert read_date_cell(text, lang).value == expected
    assert first_date(f"... {text} ...", lang) == expected


@EXAMPLES
@given(lang=LANGS, value=DATES, data=st.data())
def test_not_sooner_than_phrases(lang: str, value: date, data: st.DataObject) -> None:
    """Each known phrase, in its place (before the date; after it in ja, ko), sets not_before."""
    template = data.draw(st.sampled_from(NOT_BEFORE[lang]))
    spaced = data.draw(st.booleans())
    text = template.format(write_date(value, lang, spaced=spaced))
    reading = read_date_cell(text, lang)
    assert reading.value == value, text
    assert reading.not_before, text
    assert reading.unknown == "", text
    assert not reading.not_applicable


@EXAMPLES
@given(lang=LANGS, value=DATES, data=st.data())
def test_every_phrase_in_the_language_table(lang: str, value: date, data: st.DataObject) -> None:
    phrase = data.draw(st.sampled_from(language(lang).not_before))
    text = _with_phrase(phrase, write_date(value, lang), lang)
    reading = read_date_cell(text, lang)
    assert (reading.value, reading.not_before, reading.unknown) == (value, True, ""), text


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("Not sooner than March 7, 2025", "en", date(2025, 3, 7)),
        ("Nicht vor dem 14. Mai 2026", "de", date(2026, 5, 14)),
        ("No antes del 5 de agosto de 2026", "es", date(2026, 8, 5)),
        ("Pas avant le 29 septembre 2026", "fr", date(2026, 9, 29)),
        ("Tidak lebih cepat dari 9 Juni 2027", "id", date(2027, 6, 9)),
        ("Non prima del 15 ottobre 2026", "it", date(2026, 10, 15)),
        ("2026年11月24日以降", "ja", date(2026, 11, 24)),
        ("2026년 5월 14일 이후 아님", "ko", date(2026, 5, 14)),
        ("Não antes de 24 de novembro de 2026", "pt-BR", date(2026, 11, 24)),
        ("Не ранее 7 марта 2025", "ru", date(2025, 3, 7)),
        ("不早于 2026 年 8 月 5 日", "zh-CN", date(2026, 8, 5)),
        ("不早於 2026 年 9 月 29 日", "zh-TW", date(2026, 9, 29)),
        # English left in a translation is still understood.
        ("Not sooner than May 14, 2026", "de", date(2026, 5, 14)),
    ],
)
def test_not_sooner_than_examples(text: str, lang: str, expected: date) -> None:
    reading = read_date_cell(text, lang)
    assert (reading.value, reading.not_before, reading.unknown) == (expected, True, "")
    assert reading.qualifier  # the words are kept as printed


@pytest.mark.parametrize("lang", LANGUAGES)
def test_not_applicable_words(lang: str) -> None:
    for word in ("N/A", "n/a", " N/A ", *language(lang).not_applicable):
        reading = read_date_cell(word, lang)
        assert reading.not_applicable, (lang, word)
        assert reading.value is None and reading.unknown == ""


@pytest.mark.parametrize("lang", LANGUAGES)
def test_an_empty_cell_is_not_read_as_not_applicable(lang: str) -> None:
    # The page prints N/A; an empty cell is damage (or a short row padded by a renderer).
    for blank in ("", "  "):
        reading = read_date_cell(blank, lang)
        assert not reading.not_applicable and reading.value is None


def test_translated_not_applicable() -> None:
    assert read_date_cell("不适用", "zh-CN").not_applicable
    assert read_date_cell("不適用", "zh-TW").not_applicable
    assert "不适用" in not_applicable_words("zh-CN")
    # A word is only N/A in the languages that use it.
    assert not read_date_cell("不适用", "en").not_applicable


@EXAMPLES
@given(lang=LANGS, value=DATES, data=st.data())
def test_unknown_words_are_reported(lang: str, value: date, data: st.DataObject) -> None:
    """Words around a date that no table explains are kept in `unknown`, never dropped."""
    word = data.draw(st.sampled_from(UNKNOWN_WORDS[lang]))
    before = data.draw(st.booleans())
    written = write_date(value, lang)
    text = f"{word} {written}" if before else f"{written} {word}"
    reading = read_date_cell(text, lang)
    assert reading.value == value, text
    assert reading.unknown, text
    assert not reading.not_before
    assert word.split()[0].casefold().strip(".") in reading.unknown


@EXAMPLES
@given(lang=LANGS, value=DATES, data=st.data())
def test_unknown_words_beside_a_known_phrase(lang: str, value: date, data: st.DataObject) -> None:
    """A known phrase does not hide an extra, unknown word next to it."""
    word = data.draw(st.sampled_from(UNKNOWN_WORDS[lang]))
    text = NOT_BEFORE[lang][0].format(write_date(value, lang))
    text = f"{text} {word}" if lang in PHRASE_AFTER else f"{word} {text}"
    reading = read_date_cell(text, lang)
    assert reading.value == value
    assert reading.not_before
    assert reading.unknown, text


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("February 30, 2025", "en"),
        ("30. Februar 2025", "de"),
        ("30 de febrero de 2025", "es"),
        ("31 juin 2025", "fr"),
        ("31 April 2025", "id"),
        ("30 febbraio 2025", "it"),
        ("2025年2月30日", "ja"),
        ("2025년 2월 30일", "ko"),
        ("31 de abril de 2025", "pt-BR"),
        ("30 февраля 2025", "ru"),
        ("2025 年 2 月 30 日", "zh-CN"),
        ("2025年13月1日", "zh-TW"),
        ("2025-02-30", "en"),
        ("Not sooner than February 29, 2025", "en"),
        ("Smarch 3, 2025", "en"),
    ],
)
def test_invalid_dates_are_not_read(text: str, lang: str) -> None:
    reading = read_date_cell(text, lang)
    assert reading.value is None
    assert not reading.not_applicable
    assert reading.unknown == text  # the whole cell is reported, for a warning


def test_leap_day_is_read() -> None:
    assert read_date_cell("February 29, 2028", "en").value == date(2028, 2, 29)
    assert read_date_cell("29 февраля 2028", "ru").value == date(2028, 2, 29)


def test_two_dates_in_one_cell_are_not_guessed() -> None:
    reading = read_date_cell("June 1, 2026 or July 1, 2026", "en")
    assert reading.value is None and reading.unknown


def test_iso_dates_in_every_language() -> None:
    for lang in LANGUAGES:
        assert read_date_cell("2026-04-20", lang).value == date(2026, 4, 20)


def test_find_dates_in_prose_keeps_order_and_positions() -> None:
    text = "Retired July 21, 2025 at 9AM PT; announced 2025-01-21."
    found = find_dates(text, "en")
    assert [m.value for m in found] == [date(2025, 7, 21), date(2025, 1, 21)]
    assert text[found[0].start : found[0].end] == "July 21, 2025"


@pytest.mark.parametrize(
    ("lang", "name", "number"),
    [
        (code, name, number)
        for code, data in LANGUAGE_DATA.items()
        for name, number in data.months.items()
    ],
)
def test_every_month_name_round_trips(lang: str, name: str, number: int) -> None:
    """Each entry of each month table reads back, in lower case and capitalised."""
    order = language(lang).date_order
    for spelled in (name, name.capitalize()):
        if order == "mdy":
            text = f"{spelled} 9, 2031"
        elif "de" in language(lang).date_glue:
            text = f"9 de {spelled} de 2031"
        elif lang == "de":
            text = f"9. {spelled} 2031"
        else:
            text = f"9 {spelled} 2031"
        reading = read_date_cell(text, lang)
        assert reading.value == date(2031, number, 9), text
        assert reading.unknown == ""


@pytest.mark.parametrize("lang", [c for c in LANGUAGES if language(c).months])
def test_month_tables_cover_the_year(lang: str) -> None:
    assert set(language(lang).months.values()) == set(range(1, 13))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_month_in_every_language(lang: str) -> None:
    for month in range(1, 13):
        value = date(2029, month, 28)
        assert read_date_cell(write_date(value, lang), lang).value == value
        assert read_date_cell(format_date(value, lang), lang).value == value


def test_unspaced_letters_are_those_of_the_character_class() -> None:
    """`_has_unspaced` compares code points instead of compiling a class: the same answers."""
    import re

    from scraper.read.dates import _has_unspaced

    unspaced = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
    bmp = [chr(code) for code in range(0x10000) if not 0xD800 <= code < 0xE000]
    assert [c for c in bmp if _has_unspaced(c) != bool(unspaced.search(c))] == []
    samples = ("", "Q3 2027", "2027年下半年", "第3四半期頃", "3분기", "août 2027", "x\u30ff")
    for text in samples:
        assert _has_unspaced(text) is bool(unspaced.search(text))
