"""A ledger in a user's own program: closed means closed, wrong arguments are said as such, one ledger may
serve several threads, and a refusal tells whether trying again can help."""

from __future__ import annotations

import shlex
import threading
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import make_url

from ledger import Busy, Closed, Conflict, InvalidArgument, Ledger, SchemaBehind
from ledger.storage.schema import upgrade_command
from tests.integration.test_rules import BASE, cite


def inquiry(n: int, writer: int = 0) -> dict[str, Any]:
    return {"type": "InquiryOpened", "id": f"inq-{writer}-{n}", "occurred_on": "2009-07-01", "source": cite(),
            "panel_id": "p", "subject": f"subject {writer}/{n}"}


def test_a_closed_ledger_reads_and_writes_nothing(ledger_url: str) -> None:
    with Ledger.open(ledger_url) as lg:
        lg.append_many(BASE)
    head = len(BASE)
    asked = [lambda: lg.append(inquiry(1)), lambda: lg.append_many([inquiry(2)]), lambda: lg.as_of("2010-01-01"),
             lambda: lg.head(), lambda: lg.timeline(), lambda: lg.verify(), lambda: lg.rebuild(), lambda: lg.audit(),
             lambda: lg.load("no-such-file.jsonl")]  # closed is what is wrong, not the path
    for ask in asked:
        with pytest.raises(Closed, match=r"this ledger was closed; open it again with Ledger.open\(url\)"):
            ask()
    lg.close()  # closing again does nothing
    with Ledger.open(ledger_url) as again:
        assert again.head() == head  # the appends after the close stored nothing
        assert again.as_of("2010-01-01").panel("p") is not None


def test_a_load_of_nothing_is_refused_as_a_job_whose_files_are_missing_would_want(ledger: Ledger) -> None:
    for paths in ((), ([],)):
        with pytest.raises(InvalidArgument, match="give at least one file or folder to load") as refused:
            ledger.load(*paths)
        assert refused.value.field == "paths"
    assert ledger.head() == 0


@pytest.mark.parametrize(("given", "said"), [
    (None, "takes a list of documents, not None"),
    ({"type": "SourceRegistered"}, "takes a list of documents, not one document: `append` takes one"),
    ("src.un", "takes a list of documents, not a str"),
    (7, "takes a list of documents, not a int"),
])
def test_append_many_says_what_it_takes(ledger: Ledger, given: Any, said: str) -> None:
    with pytest.raises(InvalidArgument, match=said) as refused:
        ledger.append_many(given)
    assert refused.value.field == "documents"


def test_append_many_answers_a_list_that_counts_what_was_new(ledger: Ledger) -> None:
    first = ledger.append_many(BASE)
    assert isinstance(first, list) and (first.new, first.repeated) == (len(BASE), 0)
    again = ledger.append_many([*BASE[:2], inquiry(1)])
    assert (again.new, again.repeated, again.flagged) == (1, 2, [])
    assert [r.event_id for r in again] == ["src.un", "src.article", "inq-0-1"]


def test_threads_may_share_one_ledger(ledger: Ledger) -> None:
    ledger.append_many(BASE)
    failures: list[BaseException] = []

    def write(writer: int) -> None:
        try:
            for n in range(10):
                ledger.append(inquiry(n, writer))
                ledger.as_of("2009-12-31")
        except BaseException as e:  # noqa: BLE001 - the test shows whatever a thread met
            failures.append(e)

    threads = [threading.Thread(target=write, args=(w,)) for w in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    panel = ledger.as_of("2009-12-31").panel("p")
    assert panel is not None and len(panel.inquiries) == 40
    assert ledger.verify().ok


def test_a_taken_id_is_a_conflict_that_retrying_cannot_mend(ledger: Ledger) -> None:
    ledger.append_many(BASE)
    with pytest.raises(Conflict) as refused:
        ledger.append({**BASE[0], "title": "Another title"})
    assert not isinstance(refused.value, Busy) and refused.value.field == "id"


def test_the_upgrade_command_hides_the_password_and_survives_a_shell() -> None:
    url = "postgresql+psycopg://ledger:s3cret@db.example/un?options=-csearch_path%3Dun_ledger&connect_timeout=5"
    command = upgrade_command(url)
    assert "s3cret" not in command and command.endswith(" upgrade head (with the password in place of ***)")
    words = shlex.split(command.removesuffix(" (with the password in place of ***)"))
    given = next(w for w in words if w.startswith("url="))
    shown = make_url(given.removeprefix("url="))
    assert (shown.username, shown.password, shown.host, shown.database) == ("ledger", "***", "db.example", "un")
    assert shown.query == {"options": "-csearch_path=un_ledger", "connect_timeout": "5"}
    assert "***" not in upgrade_command("sqlite:///ledger.db")  # no password, no note


@pytest.mark.postgres
def test_opening_without_upgrading_names_no_password(postgres_schema_url: str) -> None:
    with_password = postgres_schema_url.replace("postgresql+psycopg://postgres@", "postgresql+psycopg://postgres:s3cret@")
    assert with_password != postgres_schema_url  # the server trusts this machine: any password connects
    with pytest.raises(SchemaBehind) as refused:
        Ledger.open(with_password, upgrade=False)
    assert "s3cret" not in str(refused.value) and "postgres:***@" in str(refused.value)


def test_an_unwritten_upgrade_path_keeps_its_folder_quoted(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'a folder' / 'ledger.db'}"
    command = upgrade_command(url)
    assert f"url={url}" in shlex.split(command)
