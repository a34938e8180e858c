"""Counted nouns in everything the tool prints or writes: "1 event", "2 events", "0 files",
and lists in words: "a, b and c".

One helper and one table of the plurals that do not just add an "s", so no output says
"1 events" or "replayed 1 days".
"""

from __future__ import annotations

from collections.abc import Sequence

# Nouns whose plural is not the noun + "s" (the last word of a phrase is what changes).
IRREGULAR_PLURALS: dict[str, str] = {
    "entry": "entries",
    "directory": "directories",
    "summary": "summaries",
    "inconsistency": "inconsistencies",
    "this": "these",
    "is": "are",
    "was": "were",
    "has": "have",
}


def plural(noun: str) -> str:
    """The plural of `noun` (or of a phrase's last word): `history section` → `history sections`."""
    head, space, last = noun.rpartition(" ")
    return head + space + IRREGULAR_PLURALS.get(last, last + "s")


def counted(count: int, noun: str, plural_form: str | None = None) -> str:
    """`1 event`, `0 events`, `2 events`; `plural_form` for a noun the table does not know."""
    return f"{count} {noun if count == 1 else plural_form or plural(noun)}"


def agree(count: int, singular: str) -> str:
    """The word that agrees with `count`: `agree(1, "was")` → `was`, `agree(3, "was")` → `were`."""
    return singular if count == 1 else plural(singular)


def join_words(items: Sequence[str]) -> str:
    """`a`, `a and b`, `a, b and c`."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"
