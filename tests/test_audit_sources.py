"""What `audit` checks ids against, and says it did: in a plain code repository (no data
directory) the live English page, read once from --base-url (a loopback server here); a
published latest.json or models.json by option or environment variable; a data directory. The
summary names the source and the day of its data, not the day the audit ran. Retirements the
page gives without a day are said as the page says them, never as a date."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from pageserver import PageServer, Reply, markdown_page, page_path, server_fixture  # noqa: F401
from recordparts import record, status
from test_audit import main_in, write_latest

from scraper import cli
from scraper.act import reference
from scraper.act.audit import AuditOptions, audit, describe, render_sarif, summary_line
from scraper.act.reference import ReferenceSource, load_reference
from scraper.fetch import FetchOptions
from scraper.publish.catalog import models_document
from scraper.publish.sentences import human_date
from scraper.read.records import ModelStatus, PageRecord

DEPRECATED = "claude-sample-3-9"  # pageserver's page: deprecated, retires 15 July 2026


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A plain code repository: no .git, no snapshots/, one file using a deprecated model."""
    root = tmp_path / "service"
    (root / "src").mkdir(parents=True)
    (root / "src" / "app.py").write_text(f'MODEL = "{DEPRECATED}"\n', "utf-8")
    return root


def test_without_data_it_reads_the_live_english_page_once(
    repo: Path, server: PageServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(reference.SNAPSHOT_ENV, raising=False)
    server.route(page_path("en"), Reply(200, markdown_page("en")))
    result = main_in(repo, "--base-url", server.url, "--fail-on", "deprecated", "--today",
                     "2026-03-01")  # fmt: skip
    assert result.returncode == 1, result.stderr  # --fail-on deprecated is met
    assert f"{DEPRECATED}: deprecated, retires 2026-07-15 (in 136 days)" in result.stdout
    assert len(server.requests()) == 1  # one fetch: the Markdown twin
    read_on = human_date(datetime.now(UTC).date())  # the day of the data: read now
    assert result.stderr.rstrip().endswith(
        f"checked against the English page of {read_on} (read now from "
        f"{server.url}{page_path('en')})"
    )
    assert "2026-03-01" not in result.stderr and "1 March 2026" not in result.stderr


def test_the_live_page_by_library_call_says_its_source(server: PageServer, repo: Path) -> None:
    server.route(page_path("en"), Reply(200, markdown_page("en")))
    found = load_reference(page=FetchOptions(base_url=server.url), today=date(2026, 10, 10))
    assert found.source == ReferenceSource(
        kind="page", location=server.url + page_path("en"), language="en", day=date(2026, 10, 10)
    )
    report = audit([repo], found, AuditOptions(today=date(2026, 10, 20), cwd=repo))
    assert "checked against the English page of 10 October 2026 (read now from" in summary_line(
        report
    )


def test_an_unreachable_page_is_a_failure_that_says_what_to_do(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(reference.SNAPSHOT_ENV, raising=False)
    result = main_in(repo, "--base-url", "http://127.0.0.1:9")
    assert result.returncode == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith("error: could not read the English page to check against: en: ")
    assert "--snapshot FILE_OR_URL" in line and reference.SNAPSHOT_ENV in line


def test_a_data_directory_in_the_current_folder_is_used_with_its_day(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(reference.SNAPSHOT_ENV, raising=False)
    english = record("en", [status(DEPRECATED, "deprecated", date(2026, 1, 1), date(2026, 9, 1))])
    write_latest(repo, {"en": english})  # snapshot_date 2026-02-01
    result = main_in(repo, "--today", "2026-03-01", "src")
    assert result.returncode == 0, result.stderr
    assert "checked against the English page of 1 February 2026 (" in result.stderr
    assert "snapshots/latest.json)" in result.stderr


def published_models(day_record: ModelStatus) -> str:
    document = models_document({"en": record("en", [day_record])}, [])
    return document.to_json()


def test_a_published_models_json_by_option_or_environment(
    repo: Path, server: PageServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    row = status(DEPRECATED, "deprecated", date(2026, 1, 1), date(2026, 9, 1))
    body = json.loads(published_models(row))
    body["platforms"] = {"bedrock": {}}  # a field of a newer tracker: ignored
    server.route("/snapshots/models.json", Reply(200, json.dumps(body), content_type="text/plain"))
    url = server.url + "/snapshots/models.json"
    monkeypatch.delenv(reference.SNAPSHOT_ENV, raising=False)
    by_option = main_in(repo, "--snapshot", url, "--today", "2026-03-01", "--format", "json")
    monkeypatch.setenv(reference.SNAPSHOT_ENV, url)
    by_environment = main_in(repo, "--today", "2026-03-01", "--format", "json")
    for result in (by_option, by_environment):
        assert result.returncode == 0, result.stderr
        report = json.loads(result.stdout)
        assert report["source"] == {
            "kind": "models_json", "location": url, "language": "en", "day": None,
        }  # fmt: skip
        [finding] = report["findings"]
        assert (finding["model_id"], finding["retirement_date"]) == (DEPRECATED, "2026-09-01")
        assert f"checked against the English page ({url}; the file does not say of which day)" in (
            result.stderr
        )


def test_a_published_latest_json_from_the_environment(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    english = record("en", [status(DEPRECATED, "retired", date(2025, 1, 1), date(2025, 6, 1))])
    latest = write_latest(tmp_path / "published", {"en": english})
    monkeypatch.setenv(reference.SNAPSHOT_ENV, str(latest))
    result = main_in(repo, "--fail-on", "retired", "src")
    assert result.returncode == 1
    assert f"checked against the English page of 1 February 2026 ({latest})" in result.stderr
    monkeypatch.setenv(reference.SNAPSHOT_ENV, str(tmp_path / "nothing.json"))
    result = main_in(repo, "src")
    assert result.returncode == 2
    assert result.stderr.startswith("error: ") and "nothing.json: no such file" in result.stderr
    assert f"(from ${reference.SNAPSHOT_ENV})" in result.stderr


def test_base_url_and_data_options_exclude_each_other(repo: Path) -> None:
    result = main_in(repo, "--base-url", "http://127.0.0.1:9", "--snapshot", "x.json")
    assert result.returncode == 2 and "not allowed with" in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_the_environment_variable_name_is_the_one_the_help_names() -> None:
    assert cli.SNAPSHOT_ENV == reference.SNAPSHOT_ENV


# -- retirements without a day ---------------------------------------------------------------

UNDATED = [
    ("claude-tba-1", "to_be_announced", "To be announced", None,
     "deprecated, retirement to be announced"),
    ("claude-coarse-1", "coarse", "Q3 2027", 2027, "deprecated, retires in Q3 2027 (as written)"),
    ("claude-odd-1", "unrecognised", "when the moon is blue", None,
     "deprecated, retirement: 'when the moon is blue', not a date the tool reads"),
]  # fmt: skip


def undated_record() -> PageRecord:
    rows = [
        ModelStatus.model_validate(
            {
                "model_id": model_id,
                "state": "deprecated",
                "state_label": "Deprecated",
                "deprecated_on": date(2026, 9, 20),
                "retirement_date": None,
                "retirement_not_before": None,
                "retirement_label": label,
                "retirement_kind": kind,
                "retirement_year": year,
            }
        )
        for model_id, kind, label, year, _ in UNDATED
    ]
    return record("en", rows)


def test_a_retirement_without_a_day_is_said_as_the_page_says_it(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(
        "\n".join(f'M = "{model_id}"' for model_id, *_ in UNDATED) + "\n", "utf-8"
    )
    english = undated_record()
    report = audit([tmp_path], english, AuditOptions(today=date(2026, 10, 1), cwd=tmp_path))
    said = {finding.model_id: describe(finding) for finding in report.findings}
    assert said == {model_id: words for model_id, _, _, _, words in UNDATED}
    for finding in report.findings:
        assert finding.retirement_date is None and finding.days_until_retirement is None
        assert finding.state == "deprecated"
    kinds = {f.model_id: (f.retirement_kind, f.retirement_label) for f in report.findings}
    assert kinds["claude-tba-1"] == ("to_be_announced", "To be announced")
    sarif = render_sarif(report, "0")
    assert "retirement to be announced" in sarif and "2026-" not in sarif.split('"results"')[1]


def test_the_cli_says_to_be_announced_too(tmp_path: Path) -> None:
    english = undated_record()
    write_latest(tmp_path / "data", {"en": english})
    (tmp_path / "app.py").write_text('M = "claude-tba-1"\n', "utf-8")
    result = main_in(tmp_path, "--data-dir", "data", "--fail-on", "deprecated", "app.py")
    assert result.returncode == 1
    assert result.stdout.startswith("claude-tba-1: deprecated, retirement to be announced\n")
