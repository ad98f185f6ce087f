"""A long rebuild's second process: it writes the rows and projects a share of the lone records itself.

Most of a log is statements, meetings and proposals that open a stream of their own and are never
corrected: each gives exactly one timeline row, from its own event alone. The helper reads those
(`lone_openers`) from the start of the log, decodes them and inserts their rows, while the rebuild's
own process decodes and derives everything else (the helper's share is left out of its reading) and
sends the rows it derives here. When it is done, it takes back the helper's share a chunk of positions
at a time from the end (`take`), each chunk the helper has not started, until the two meet. The helper
writes every row in the order sent, on its one connection: the database keeps a single writer. Two
processes, so the rebuild uses both cores of a small machine.

The rows land in a generation no reader uses yet: a rebuild that fails leaves only rows the next one
clears. `flush` commits everything so far (before the rebuild reads its own tables); `finish` ends the
helper's share, commits and stops it.

This module is the rebuild's side; the helper's program is `ledger.projections.helper_process`, run
in a fresh interpreter (`START`) on the caller's import path, that talks with the rebuild over three
pipes: it imports the ledger and nothing of the caller's. (`multiprocessing`'s spawn would import the
caller's `__main__` again in it: a script without a main guard would run a second time there, up to
its rebuild, and fail.)
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from multiprocessing.connection import Connection as PipeEnd
from typing import Any
from uuid import UUID

from eventsourcing.utils import get_topic
from sqlalchemy.engine import Connection, FrozenResult, Result

from ledger.domain.catalogue import FIXES
from ledger.domain.facts import Fact
from ledger.domain.streams import OPENS, Record
from ledger.errors import LedgerError
from ledger.projections.writer import Closing, Opening, lone_values
from ledger.storage.eventstore import EventStore

# Positions the rebuild's own process takes back at once, from the end of the helper's share. The
# helper always keeps the first chunk (it starts there at once); the two end at most a chunk apart.
CHUNK = 10_000
TAKEN_PAGE = 2000  # events read at once from a chunk taken back
QUEUED = 16  # pages of rows the rebuild may send ahead of the helper
# The helper's program: the caller's import path (the same ledger, the same libraries), then `main`.
START = "import json, sys; sys.path[:] = json.loads(sys.argv[1]); from ledger.projections.helper_process import main; main(sys.argv[2:])"


def lone_record_topics() -> list[str]:
    """The topics of the events that open a record stream (a statement, a meeting...)."""
    return sorted(get_topic(getattr(Record, kind)) for kind, (cls, _) in OPENS.items() if cls is Record)


def lone_records(store: EventStore, head: int) -> Any:
    """The condition that picks the helper's events: the records alone in their streams."""
    # A record stream grows only by fixes: each is stored in the stream of the fact it fixes.
    return store.lone_openers(lone_record_topics(), FIXES, head)


class HelperFailed(LedgerError):
    """The helper process stopped before the rebuild ended: readers keep the tables they had."""

    kind = "rebuild failed"

    def __init__(self, why: str) -> None:
        super().__init__(f"{why}; readers keep the read models they had (run the rebuild again)")


class RebuildHelper:
    """The rebuild's side of the helper: send it rows, ask it to commit, wait for it to finish.

    Rows go through a queue whose feeder thread pickles and sends them, so this process goes on
    deriving while the helper is busy with a page of its own; the queue's bound keeps memory in check.
    The helper starts at once and this process goes on while it imports what it needs.
    """

    def __init__(self, url: str, generation: int, head: int) -> None:
        self.head = head
        self._stop = head  # where the helper's share ends: earlier as the caller takes chunks back
        # Three pipes, each a (read, write) pair: requests and control to the helper (control is looked at
        # between pages, ahead of the requests), answers back. The helper gets one end of each.
        requests, answers, control = os.pipe(), os.pipe(), os.pipe()
        theirs = [requests[0], answers[1], control[0]]
        self._errors = tempfile.TemporaryFile()  # its standard error: the last line says why, if it dies
        self._unsent: str | None = None  # why the feeder could not send a message, if it could not
        path = [entry for entry in sys.path if isinstance(entry, str)]
        try:
            # Not a fork (it would share this process's connections) and not `multiprocessing` (see above).
            self._process = subprocess.Popen(
                [sys.executable, "-c", START, json.dumps(path), *map(str, theirs)], pass_fds=theirs,
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=self._errors)
        except (OSError, ValueError, TypeError) as e:  # no program to start (an embedded interpreter...)
            for fd in (requests[1], answers[0], control[1]):
                os.close(fd)
            self._errors.close()
            raise HelperFailed(f"the rebuild's helper process did not start ({e})") from None
        finally:
            for fd in theirs:
                os.close(fd)  # the helper's now: when it ends, this process reads the end of its answers
        self._requests = PipeEnd(requests[1], readable=False)
        self._answers = PipeEnd(answers[0], writable=False)
        self._control = PipeEnd(control[1], readable=False)
        self._outbox: queue.Queue[tuple[Any, ...] | None] = queue.Queue(maxsize=QUEUED)
        self._feeder = threading.Thread(target=self._feed, name="ledger-rebuild-feeder", daemon=True)
        self._feeder.start()
        self._send(("start", url, generation, head))  # the URL may hold a password: not on the command line

    def theirs(self, store: EventStore) -> Any:
        """The condition that picks the events the helper projects (the rebuild reads all others)."""
        return lone_records(store, self.head)

    def write(self, connection: Callable[[], Connection], closing: Closing, opening: Opening) -> None:
        self._send(("rows", closing, opening))

    def insert(self, opening: Opening) -> None:
        """Rows to open, nothing to close."""
        self._send(("rows", {}, opening))

    def flush(self) -> None:
        self._send(("commit",))
        self._answer()

    def take(self) -> tuple[int, int] | None:
        """Take back the last chunk of the helper's share, if it has not started it: the positions (after,
        up to) whose events of the share are now the caller's to project; None when the helper keeps the rest."""
        start = (self._stop - 1) // CHUNK * CHUNK
        if start <= 0:
            return None
        try:
            self._control.send(("take", start))
        except OSError:
            raise HelperFailed(self._stopped()) from None
        stop, end = int(self._answer()["stop"]), self._stop
        self._stop = stop
        return (stop, end) if stop < end else None

    def take_over(self, store: EventStore, generation: int, day: Callable[[Any], Any]) -> int:
        """Project the records of the helper's share it has not reached, as it would: a chunk at a time
        from the end, until it has started every chunk left. How many were taken."""
        taken, theirs = 0, self.theirs(store)
        while chunk := self.take():
            for page in store.log_pages(*chunk, TAKEN_PAGE, theirs):
                self.insert({"timeline": lone_rows(page, generation, day)})
                taken += len(page)
        return taken

    def finish(self) -> dict[str, Any]:
        """Wait for the helper to end its share and commit; what it did and how long it took.

        Its answer comes once every row is committed: the rebuild goes on without waiting for the
        process to wind down (`abandon` ends it)."""
        started = time.perf_counter()
        self._send(("finish",))
        report = self._answer()
        return {**report, "waited_s": round(time.perf_counter() - started, 3)}

    def abandon(self) -> None:
        """Stop the helper: after `finish` it has nothing left to do; before, what it wrote is never used."""
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait()
        try:
            self._outbox.put_nowait(None)  # the feeder stops here, or at its next send to the helper now gone
        except queue.Full:
            pass
        self._feeder.join()
        for end in (self._requests, self._answers, self._control):
            end.close()
        self._errors.close()

    def _feed(self) -> None:
        while (message := self._outbox.get()) is not None:
            try:
                self._requests.send(message)
            except OSError:  # the helper is gone: `_send` and `_answer` say why
                return
            except Exception as e:  # noqa: BLE001 - a message it cannot send: the helper must not wait for it
                self._unsent = f"{type(e).__name__}: {e}".splitlines()[0]
                self._process.kill()
                return

    def _send(self, message: tuple[Any, ...]) -> None:
        while True:
            try:
                self._outbox.put(message, timeout=1)
                return
            except queue.Full:
                if self._process.poll() is not None:
                    self._answer()  # the helper's last word says why it stopped
                    raise HelperFailed(self._stopped()) from None

    def _answer(self) -> dict[str, Any]:
        while not self._answers.poll(1):
            if self._process.poll() is not None and not self._answers.poll():
                raise HelperFailed(self._stopped())
        try:
            answer = self._answers.recv()
        except (EOFError, OSError):
            raise HelperFailed(self._stopped()) from None
        if answer[0] != "ok":
            raise HelperFailed(f"the rebuild's helper process failed: {answer[1]}")
        return answer[1]  # type: ignore[no-any-return]

    def _stopped(self) -> str:
        """Why the helper is gone: its exit code, and the last line it wrote on standard error, if any."""
        try:
            code: int | None = self._process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            code = None
        self._errors.seek(0)
        said = [line for line in self._errors.read().decode(errors="replace").splitlines() if line.strip()]
        why = f"could not send it a message ({self._unsent})" if self._unsent else said[-1].strip() if said else None
        return f"the rebuild's helper process stopped (exit code {code})" + (f": {why}" if why else "")


def lone_rows(page: list[tuple[Fact, UUID]], generation: int, day: Callable[[Any], Any]) -> list[tuple[Any, ...]]:
    """The rows of records alone in their streams, ready to insert: each fact's timeline row is all it
    derives, known from its own recording."""
    return [lone_values(fact, generation, str(sid), day) for fact, sid in page]


class ReadsAfterFlush:
    """What a filling projector reads of its own tables: first everything sent to the writer is committed."""

    def __init__(self, store: EventStore, writer: RebuildHelper) -> None:
        self.store, self.writer = store, writer

    def execute(self, statement: Any) -> Result[Any]:
        self.writer.flush()
        with self.store.transaction(commit=False) as session:
            frozen: FrozenResult[Any] = session.execute(statement).freeze()
            return frozen()

    def connection(self) -> Any:
        raise AssertionError("a filling projector's rows go to its writer process")
