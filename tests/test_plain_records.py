"""The page as read (`read/plain.py`, no pydantic) and its record (`read/records.py`).

`fetch` counts plain records; everything kept, compared or written goes through
`records.page_record`, which validates them with the models. These tests hold the two sets of
classes to the same fields and show the conversion validates and orders what it is given.
"""

from __future__ import annotations

import inspect

import pytest
from fixtures import SAMPLE_PARAMETERS, SAMPLE_ROWS, page
from pydantic import BaseModel, ValidationError

from scraper.read import plain, records
from scraper.read.parse import parse_plain, parse_text
from scraper.read.records import page_record

PLAIN_CLASSES = {
    name: cls
    for name, cls in vars(plain).items()
    if inspect.isclass(cls) and issubclass(cls, tuple) and cls.__module__ == plain.__name__
}


def test_every_record_model_has_a_plain_twin() -> None:
    models = {
        name
        for name, cls in vars(records).items()
        if inspect.isclass(cls)
        and issubclass(cls, BaseModel)
        and cls.__module__ == records.__name__
        and not name.startswith("_")
    }
    assert set(PLAIN_CLASSES) == models


@pytest.mark.parametrize("name", sorted(PLAIN_CLASSES))
def test_a_plain_record_has_its_models_fields_in_order(name: str) -> None:
    model: type[BaseModel] = getattr(records, name)
    assert PLAIN_CLASSES[name]._fields == tuple(model.model_fields)


def test_the_value_types_are_the_models_own() -> None:
    for name in ("State", "SourceFormat", "RetirementKind", "UnreadField"):
        assert getattr(records, name) is getattr(plain, name)


def _text() -> str:
    return page("de", SAMPLE_ROWS, parameters=SAMPLE_PARAMETERS)


def test_the_record_of_a_page_is_the_page_as_read_in_canonical_order() -> None:
    text = _text()
    url = "https://example.test/docs/de/about-claude/model-deprecations.md"
    read = parse_plain(text, url=url)
    assert [m.model_id for m in read.models] == [row.model_id for row in SAMPLE_ROWS]
    assert [m.model_id for m in read.models] != sorted(m.model_id for m in read.models)
    record = page_record(read)
    assert [m.model_id for m in record.models] == sorted(row.model_id for row in SAMPLE_ROWS)
    assert record.to_json() == parse_text(text, url=url).to_json()
    assert record.model_dump(mode="json")["parameter_deprecations"] == [
        {
            "parameters": ["sampling_knob", "other_knob"],
            "status": "Deprecated",
            "behavior": "Ignored.",
            "replacement": "Leave it out.",
        }
    ]


@pytest.mark.parametrize(
    "change",
    [
        {"state": "gone"},  # not a state
        {"retirement_kind": "someday"},  # not a retirement kind
        {"not_understood": ["colour"]},  # not a field that can be unread
        {"deprecated_on": "the 5th"},  # not a date
    ],
    ids=["state", "kind", "unread", "date"],
)
def test_the_models_validate_what_the_plain_records_hold(change: dict[str, object]) -> None:
    """A value the plain records were given wrong (a reader bug) is a ValidationError where
    the page becomes a record, not a record holding it."""
    read = parse_plain(_text(), url="de.md", language="de")
    wrong = read._replace(models=[read.models[0]._replace(**change), *read.models[1:]])
    page_record(read)  # as read, it is a record
    with pytest.raises(ValidationError):
        page_record(wrong)
