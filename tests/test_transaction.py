"""A run as a transaction, under faults: commit failures, relative data dirs, one language's
crash, two runs at once, a date that goes back. Real git repositories, a loopback page server,
and real subprocesses where two runs must overlap."""

from __future__ import annotations

import os
import subprocess
import threading
import time
from pathlib import Path

import pytest
import subprocess_runs as runs
from pageserver import (  # server_fixture is the `server` fixture
    PageServer,
    Reply,
    server_fixture,  # noqa: F401
)
from test_track import CHANGED_HISTORY, CHANGED_ROWS, serve
from trackpages import ALPHA, ROWS, page_text, with_row

import scraper.runner
from scraper.track.store import Store

DAY_ONE, DAY_TWO, DAY_THREE = "2026-03-01", "2026-03-05", "2026-03-06"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    subprocess.run(["git", "init", "-q", str(folder)], check=True)
    return folder


@pytest.fixture
def first_run(server: PageServer, data: Path) -> Path:
    serve(server, en=page_text("en"), de=page_text("de"))
    code, out, err = runs.in_process(server.url, data, DAY_ONE)
    assert code == 0, out + err
    return data


def change_english(server: PageServer) -> None:
    serve(server, en=page_text("en", CHANGED_ROWS, CHANGED_HISTORY))


# -- commit failures -------------------------------------------------------------------------


def test_a_leftover_index_lock_fails_clearly_and_the_next_run_commits(
    server: PageServer, first_run: Path
) -> None:
    data = first_run
    lock = data / ".git" / "index.lock"
    lock.write_text("", encoding="utf-8")
    change_english(server)
    code, out, err = runs.in_process(server.url, data, DAY_TWO)
    assert code == 4, out + err
    assert "Traceback" not in err
    assert f"error: git could not add: {lock} exists." in err
    assert f"If no git process is running, delete {lock} and run again" in err
    assert "not committed (see the error below)" in out
    assert (data / "snapshots" / "en" / f"{DAY_TWO}.json").is_file()  # written, not lost
    assert lock.exists()  # reported, never deleted: a live git process may own it
    assert len(runs.history(data)) == 1

    # Tomorrow, still locked: the pending commit still fails, loudly, and nothing is lost.
    code, out, err = runs.in_process(server.url, data, DAY_THREE)
    assert code == 4 and "index.lock exists" in err

    lock.unlink()
    code, out, err = runs.in_process(server.url, data, DAY_THREE)
    assert code == 0, out + err
    assert f"finished the interrupted run of {DAY_TWO}: " in out and ", committed " in out
    assert runs.uncommitted(data) == []
    [(_, message), _] = runs.history(data)
    assert message.startswith("en: ")  # the day-two run's own message
    ids = runs.event_ids(data, DAY_TWO)
    assert ids and len(ids) == len(set(ids))
    assert not (data / "diffs" / f"{DAY_THREE}.json").exists()


def test_an_unfinished_run_is_not_finished_over_files_changed_since(
    server: PageServer, first_run: Path
) -> None:
    data = first_run
    lock = data / ".git" / "index.lock"
    lock.write_text("", encoding="utf-8")
    change_english(server)
    assert runs.in_process(server.url, data, DAY_TWO)[0] == 4  # its journal stays
    lock.unlink()
    # Meanwhile the data moved on elsewhere (say, a pull of a later run's commit).
    latest = data / "snapshots" / "latest" / "en.json"
    latest.write_text(latest.read_text(encoding="utf-8") + " ", encoding="utf-8")
    code, out, err = runs.in_process(server.url, data, DAY_THREE)
    assert code == 4, out + err
    assert (
        f"error: the interrupted run of {DAY_TWO} cannot be finished: snapshots/latest/en.json "
        "has changed since it started. Move "
    ) in err
    assert latest.read_text(encoding="utf-8").endswith("}\n ")  # left as it was found


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere: no permission error")
def test_a_repository_without_write_permission_fails_clearly(
    server: PageServer, first_run: Path
) -> None:
    objects = first_run / ".git" / "objects"
    change_english(server)
    objects.chmod(0o555)
    try:
        code, out, err = runs.in_process(server.url, first_run, DAY_TWO)
    finally:
        objects.chmod(0o755)
    assert code == 4 and "error: git could not" in err and "Traceback" not in err
    code, out, err = runs.in_process(server.url, first_run, DAY_TWO)
    assert code == 0, out + err
    assert runs.uncommitted(first_run) == []


def test_any_other_git_failure_fails_clearly_and_the_next_run_commits(
    server: PageServer, first_run: Path
) -> None:
    index = first_run / ".git" / "index"
    saved = index.read_bytes()
    index.unlink()
    index.mkdir()  # git cannot read its index: fails even for root
    change_english(server)
    code, out, err = runs.in_process(server.url, first_run, DAY_TWO)
    assert code == 4, out + err
    assert f"error: git could not add in {first_run.resolve()}: fatal: " in err
    assert "Fix that and run again: the files written are committed then." in err
    assert "Traceback" not in err
    index.rmdir()
    index.write_bytes(saved)
    code, out, err = runs.in_process(server.url, first_run, DAY_TWO)
    assert code == 0, out + err
    assert runs.uncommitted(first_run) == []
    assert len(runs.history(first_run)) == 2


def test_a_repository_git_cannot_read_is_reported_not_replaced(
    server: PageServer, first_run: Path
) -> None:
    head = first_run / ".git" / "HEAD"
    head.write_text("garbage\n", encoding="utf-8")
    change_english(server)
    code, out, err = runs.in_process(server.url, first_run, DAY_TWO)
    assert code == 4, out + err
    assert "git could not read the repository" in err
    assert head.read_text(encoding="utf-8") == "garbage\n"


def test_files_left_uncommitted_by_a_no_commit_run_are_committed_by_the_next_run(
    server: PageServer, first_run: Path
) -> None:
    change_english(server)
    code, out, _ = runs.in_process(server.url, first_run, DAY_TWO, "--no-commit")
    assert code == 0 and "(not committed)" in out
    assert runs.uncommitted(first_run)
    code, out, err = runs.in_process(server.url, first_run, DAY_TWO)
    assert code == 0, out + err
    assert runs.uncommitted(first_run) == []
    assert runs.history(first_run)[0][1] == "Commit data files left uncommitted by an earlier run"


# -- where the data directory is -------------------------------------------------------------


def test_a_relative_data_dir_is_committed(
    server: PageServer, data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    serve(server, en=page_text("en"), de=page_text("de"))
    monkeypatch.chdir(data.parent)
    code, out, err = runs.in_process(server.url, "data", DAY_ONE)
    assert code == 0, out + err
    assert runs.uncommitted(data) == []
    assert "snapshots/en/2026-03-01.json" in runs.git(data, "ls-files")


def test_a_data_dir_inside_a_repository_is_committed_with_paths_from_its_top(
    server: PageServer, data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    serve(server, en=page_text("en"), de=page_text("de"))
    (data / "README").write_text("the user's own file\n", encoding="utf-8")
    monkeypatch.chdir(data.parent)
    code, out, err = runs.in_process(server.url, "data/tracking", DAY_ONE)
    assert code == 0, out + err
    files = runs.git(data, "ls-files").split()
    assert "tracking/snapshots/en/2026-03-01.json" in files
    assert "README" not in files  # the user's other work is left alone
    assert runs.git(data, "status", "--porcelain", "--", "tracking") == ""


def test_work_the_user_staged_stays_staged_and_out_of_the_commit(
    server: PageServer, data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    serve(server, en=page_text("en"), de=page_text("de"))
    subprocess.run(["git", "init", "-q", str(data)], check=True)
    (data / "README").write_text("the user's own file\n", encoding="utf-8")
    runs.git(data, "add", "README")
    monkeypatch.chdir(data.parent)
    code, out, err = runs.in_process(server.url, "data/tracking", DAY_ONE)
    assert code == 0, out + err
    committed = runs.git(data, "show", "--name-only", "--format=", "HEAD").split()
    assert "tracking/snapshots/en/2026-03-01.json" in committed
    assert "README" not in committed
    assert runs.git(data, "diff", "--cached", "--name-only").split() == ["README"]
    # The next day, with the user's file still staged, only the data is committed again.
    change_english(server)
    code, out, err = runs.in_process(server.url, "data/tracking", DAY_TWO)
    assert code == 0, out + err
    assert "README" not in runs.git(data, "show", "--name-only", "--format=", "HEAD").split()
    assert runs.git(data, "diff", "--cached", "--name-only").split() == ["README"]
    assert runs.git(data, "status", "--porcelain", "--", "tracking") == ""


# -- one language's unexpected error ---------------------------------------------------------


def fail_for(monkeypatch: pytest.MonkeyPatch, lang: str) -> None:
    real = scraper.runner.diff_records

    def diff_records(old, new, on, anchors=None):  # type: ignore[no-untyped-def]
        if new.language == lang:
            raise RuntimeError(f"boom in {lang}")
        return real(old, new, on, anchors=anchors)

    monkeypatch.setattr(scraper.runner, "diff_records", diff_records)


def test_an_unexpected_error_in_one_language_fails_only_that_language(
    server: PageServer, first_run: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fail_for(monkeypatch, "de")
    change_english(server)
    serve(server, de=page_text("de", with_row(ROWS, ALPHA, state="legacy")))
    code, out, err = runs.in_process(server.url, first_run, DAY_TWO)
    assert code == 1, out + err
    [de_line] = [line for line in out.splitlines() if line.startswith("de ")]
    assert de_line == (
        "de     failed    unexpected error while comparing: RuntimeError: boom in de; "
        f"kept the last good snapshot from {DAY_ONE}"
    )
    assert "en     changed" in out
    assert runs.uncommitted(first_run) == []
    assert not (first_run / "snapshots" / "de" / f"{DAY_TWO}.json").exists()
    # German's page gave no events; its last good record is still judged against English.
    page_events = [e for e in runs.event_ids(first_run, DAY_TWO) if "/finding_" not in e]
    assert {e.split("/")[1] for e in page_events} == {"en"}
    assert "error: 1 of 2 languages held back or failed (de; see above)" in err


def test_a_language_that_fails_before_its_first_snapshot_says_nothing_was_kept(
    server: PageServer, data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fail_for(monkeypatch, "de")
    serve(server, en=page_text("en"), de=page_text("de"))
    code, out, err = runs.in_process(server.url, data, DAY_ONE)
    assert code == 1, out + err
    [de_line] = [line for line in out.splitlines() if line.startswith("de ")]
    assert de_line.endswith("; no snapshot yet; nothing written for it")
    assert "kept" not in de_line
    assert not (data / "snapshots" / "de").exists()
    assert (data / "snapshots" / "en" / f"{DAY_ONE}.json").is_file()


def test_when_every_language_fails_the_summary_gives_a_hint(tmp_path: Path) -> None:
    code, out, err = runs.in_process("http://127.0.0.1:9", tmp_path / "data", DAY_ONE)
    assert code == 1
    assert "nothing written" in out and "nothing changed" not in out
    assert "no snapshot yet; nothing written for it" in out
    # Said once per language (the fetcher's hint), not once more at the end.
    assert out.count("check the network connection, or point --base-url") == 2
    assert "hint:" not in err
    assert "en     failed    could not connect" in out  # the language is named once
    assert not (tmp_path / "data" / ".git").exists()  # nothing to commit: no repository made
    assert "committed" not in out


# -- history only moves forward --------------------------------------------------------------


def test_a_run_dated_before_the_newest_snapshot_is_refused(
    server: PageServer, first_run: Path
) -> None:
    change_english(server)
    assert runs.in_process(server.url, first_run, DAY_TWO)[0] == 0
    before, history = runs.tree(first_run), runs.history(first_run)
    code, out, err = runs.in_process(server.url, first_run, "2026-03-02")
    assert code == 2, out + err
    assert "--date 2026-03-02 is before the newest snapshot of en (2026-03-05)" in err
    assert runs.tree(first_run) == before and runs.history(first_run) == history


# -- two runs at once ------------------------------------------------------------------------


def test_a_second_run_at_once_waits_then_gives_up_with_its_own_exit_code(
    server: PageServer, first_run: Path
) -> None:
    serve(server, en=Reply(200, page_text("en", CHANGED_ROWS, CHANGED_HISTORY), delay=2.5))
    first = runs.start(server.url, first_run, DAY_TWO)
    lock = first_run / ".tracker" / "lock"
    deadline = time.monotonic() + 30
    while f"process {first.pid}," not in lock.read_text(encoding="utf-8"):
        assert time.monotonic() < deadline and first.poll() is None
        time.sleep(0.02)
    waiting = runs.start(server.url, first_run, DAY_TWO, "--lock-wait", "60")
    busy = runs.run(server.url, first_run, DAY_TWO, "--lock-wait", "0.2")
    assert busy.returncode == 3, busy.stdout + busy.stderr
    assert f"error: another run is using {first_run} (process {first.pid}, since " in busy.stderr
    assert "Traceback" not in busy.stderr

    out, err = first.communicate(timeout=60)
    assert first.returncode == 0, out + err
    out, err = waiting.communicate(timeout=60)
    assert waiting.returncode == 0, out + err
    assert "nothing changed; nothing written" in out  # it waited, then saw the first's work
    assert len(runs.history(first_run)) == 2  # the day is one commit, not split across two
    assert runs.uncommitted(first_run) == []


def test_temporary_files_have_unique_names(tmp_path: Path) -> None:
    store = Store(tmp_path)
    target = tmp_path / "snapshots" / "latest.json"
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            for _ in range(30):
                store._atomic_write(target, (str(n) * 50_000).encode())
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert target.read_text() in {str(n) * 50_000 for n in range(6)}
    assert list((tmp_path / ".tracker" / "tmp").iterdir()) == []
    assert sorted(p.name for p in target.parent.iterdir()) == ["latest.json"]


# A staged file's text in the journal, a piece at a time: the pieces cut through multi-byte
# characters (2, 3 and 4 bytes), escapes and controls, and make exactly orjson's whole text.
JOURNAL_TEXTS = [
    "",
    "plain ascii",
    'quotes " and \\ backslash\n\ttab \x00\x1f controls',
    "日本語のテキスト" * 7 + "é" * 5 + "😀𝄞" * 9 + "\u2028\u2029",
    ("ǅ" + "한국어" + "\U0010ffff") * 50,
]


@pytest.mark.parametrize("text", JOURNAL_TEXTS)
@pytest.mark.parametrize("piece", [1, 2, 3, 5, 64, 1 << 16])
def test_a_staged_file_is_encoded_in_pieces_as_one_text(text: str, piece: int) -> None:
    import orjson

    from scraper.track.store import _json_string

    assert b"".join(_json_string(text.encode("utf-8"), piece)) == orjson.dumps(text)


def test_a_staged_file_that_is_not_utf8_is_refused_as_decode_would() -> None:
    from scraper.track.store import _json_string

    for broken in (b"\xff", "日本".encode()[:-1], b"ok\xe3\x81"):
        with pytest.raises(UnicodeDecodeError):
            b"".join(_json_string(broken, 2))


def test_the_journal_holds_every_staged_file_and_what_each_held_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import hashlib
    import json
    from datetime import date

    from scraper.track import store as store_module

    store = Store(tmp_path)
    already = tmp_path / "snapshots" / "already.json"
    already.parent.mkdir(parents=True)
    already.write_text("old\n", encoding="utf-8")
    gone = tmp_path / "snapshots" / "gone.md"
    gone.write_text("old\n", encoding="utf-8")
    store.write(already, "new\n")
    already.write_text("new\n", encoding="utf-8")  # meanwhile, as staged: not written again
    inode = already.stat().st_ino
    big = "新しい 😀\n" * 20_000
    store.write(tmp_path / "diffs" / "new.md", big)
    store.remove(gone)
    seen: dict[str, object] = {}

    def look(step: str) -> None:
        if step == "after-journal":
            seen.update(json.loads((tmp_path / ".tracker" / "journal.json").read_bytes()))

    monkeypatch.setattr(store_module, "checkpoint", look)
    store.save("a message", day=date(2026, 1, 2), commit=False)
    assert seen == {
        "day": "2026-01-02",
        "commit": False,
        "when": None,
        "message": "a message",
        "log": None,
        "before": {
            "diffs/new.md": None,
            "snapshots/already.json": hashlib.sha256(b"new\n").hexdigest(),
            "snapshots/gone.md": hashlib.sha256(b"old\n").hexdigest(),
        },
        "files": {
            "diffs/new.md": big,
            "snapshots/already.json": "new\n",
            "snapshots/gone.md": None,
        },
    }
    assert (tmp_path / "diffs" / "new.md").read_text(encoding="utf-8") == big
    assert already.stat().st_ino == inode
    assert not gone.exists()
    assert not (tmp_path / ".tracker" / "journal.json").exists()
