"""A long rebuild's second process: it writes the rows and projects a share of the lone records itself.

Most of a log is statements, meetings and proposals that open a stream of their own and are never
corrected: each gives exactly one timeline row, from its own event alone. The helper reads those
(`lone_openers`) from the start of the log, decodes them and inserts their rows, while the rebuild's
own process decodes and derives everything else (the helper's share is left out of its reading) and
sends the rows it derives here. When it is done, it takes back the helper's share a chunk of positions
at a time from the end (`take`), each chunk the helper has not started, until the two meet. The helper
writes every row in the order
sent, on its one connection: the database keeps a single writer. Two processes, so the rebuild uses
both cores of a small machine.

The rows land in a generation no reader uses yet: a rebuild that fails leaves only rows the next one
clears. `flush` commits everything so far (before the rebuild reads its own tables); `finish` ends the
helper's share, commits and stops it.

The helper is a fresh interpreter running `START`, on the caller's import path, that talks with the
rebuild over three pipes: it imports the ledger and nothing of the caller's. (`multiprocessing`'s spawn
would import the caller's `__main__` again in it: a script without a main guard would run a second
time there, up to its rebuild, and fail.)
"""

from __future__ import annotations

import gc
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
from sqlalchemy.engine import Connection

from ledger.domain.catalogue import FIXES
from ledger.domain.facts import Fact
from ledger.domain.streams import OPENS, Record
from ledger.errors import LedgerError
from ledger.projections.writer import Closing, Opening, Statements, lone_values
from ledger.storage.eventstore import EventStore, store_env

# Positions the rebuild's own process takes back at once, from the end of the helper's share. The
# helper always keeps the first chunk (it starts there at once); the two end at most a chunk apart.
CHUNK = 10_000
PAGE = 500  # the helper looks at the rebuild's queue between pages of its own
QUEUED = 16  # pages of rows the rebuild may send ahead of the helper
LOOK_EVERY = 0.02  # seconds: how often an idle helper looks for a request to take a chunk back
COMMIT_EVERY = 200_000  # rows: keeps the write-ahead log from growing with the whole rebuild
# The helper's program: the caller's import path (the same ledger, the same libraries), then `main`.
START = "import json, sys; sys.path[:] = json.loads(sys.argv[1]); from ledger.projections.helper import main; main(sys.argv[2:])"


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


class _Helper:
    def __init__(self, url: str, generation: int, head: int) -> None:
        self.store = EventStore(env=store_env(url))
        self.store.tune()
        self.generation, self.head = generation, head
        self.mine = lone_records(self.store, head)
        self.statements = Statements(self.store.engine.dialect)
        self.after = 0  # the last position of the helper's share projected
        self.stop = head  # where its share ends (earlier as the rebuild takes chunks back)
        self.done = False
        self.uncommitted = 0
        self.report = {"own_rows": 0, "sent_rows": 0, "own_s": 0.0, "sent_s": 0.0, "received_s": 0.0,
                       "starved_s": 0.0}

    def summary(self) -> dict[str, Any]:
        return {**{k: round(v, 3) if isinstance(v, float) else v for k, v in self.report.items()},
                "peak_mib": peak_memory_mib()}

    def project_page(self, connection: Connection) -> None:
        """The timeline rows of the next page of the helper's share."""
        started = time.perf_counter()
        page = self.store.log_page(self.after, PAGE, self.stop, self.mine)
        if not page:
            self.done = True
            return
        rows = lone_rows(page, self.generation, self.statements.day)
        self.statements.run(connection, {}, {"timeline": rows})
        self.after = page[-1][0].position  # type: ignore[assignment]
        self.written(connection, len(rows))
        self.report["own_rows"] += len(rows)
        self.report["own_s"] += time.perf_counter() - started

    def give_back(self, start: int) -> int:
        """Give up the positions after `start` to the end of the share, unless a page already reached them;
        the new end of the share."""
        if not self.done and self.after <= start < self.stop:
            self.stop = start
        return self.stop

    def written(self, connection: Connection, rows: int) -> None:
        self.uncommitted += rows
        if self.uncommitted >= COMMIT_EVERY:
            connection.commit()
            self.uncommitted = 0


def peak_memory_mib() -> int:
    """This process's peak resident memory. On Linux, from its own memory image (`VmHWM`): the
    resource usage of a spawned process also counts the parent's pages it shared before it started
    its own interpreter."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) // 1024
    except OSError:
        pass
    import resource  # Unix only, and then counted in KiB

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def lone_rows(page: list[tuple[Fact, UUID]], generation: int, day: Callable[[Any], Any]) -> list[tuple[Any, ...]]:
    """The rows of records alone in their streams, ready to insert: each fact's timeline row is all it
    derives, known from its own recording."""
    return [lone_values(fact, generation, str(sid), day) for fact, sid in page]


def main(ends: list[str]) -> None:
    """The helper process's program (`START`), given its ends of the three pipes."""
    requests = PipeEnd(int(ends[0]), writable=False)
    answers = PipeEnd(int(ends[1]), readable=False)
    control = PipeEnd(int(ends[2]), writable=False)
    try:
        _, url, generation, head = requests.recv()
    except EOFError:  # the rebuild ended before it began
        return
    _serve(url, generation, head, requests, answers, control)


def _serve(url: str, generation: int, head: int, requests: PipeEnd,
           answers: PipeEnd, control: PipeEnd) -> None:
    """The helper process: between pages of its own share, write what the rebuild sends, in order."""
    gc.disable()  # it keeps nothing between pages, so nothing for the cycle collector to find (see projector)
    try:
        helper = _Helper(url, generation, head)
        with helper.store.engine.connect() as connection:
            if connection.dialect.name == "sqlite":
                # The generation's key index takes random inserts: keep all of it in memory (256 MiB).
                connection.exec_driver_sql("PRAGMA cache_size = -262144")
                # No fsync at each of the helper's commits: until the switch nobody needs its rows, and
                # the switch's own commit syncs the write-ahead log they are in. (WAL mode stays safe
                # from corruption at NORMAL; a crash before the switch only loses an unused generation.)
                connection.exec_driver_sql("PRAGMA synchronous = NORMAL")
                # No checkpoint at each of its commits either: the hot pages of the indexes would be copied
                # into the database again at every one. The rebuild checkpoints once, at the end
                # (`drop_old_generations`), each page once.
                connection.exec_driver_sql("PRAGMA wal_autocheckpoint = 0")
            while True:
                if control.poll():
                    _, start = control.recv()
                    answers.send(("ok", {"stop": helper.give_back(start)}))
                started = time.perf_counter()
                # Once its share is done it waits for rows, looking at the control pipe now and then. (When
                # the rebuild's process ends, its end of the pipe reads as ready; `recv` then ends this one.)
                if not requests.poll(LOOK_EVERY if helper.done else 0):
                    if helper.done:
                        helper.report["starved_s"] += time.perf_counter() - started
                    else:
                        helper.project_page(connection)
                    continue
                message = requests.recv()
                # Done, it waited for the message; else the time is taking it off the queue (unpickling).
                helper.report["starved_s" if helper.done else "received_s"] += time.perf_counter() - started
                if message[0] == "rows":
                    started = time.perf_counter()
                    helper.statements.run(connection, message[1], message[2])
                    written = sum(len(rows) for rows in message[2].values())
                    helper.written(connection, written)
                    helper.report["sent_rows"] += written
                    helper.report["sent_s"] += time.perf_counter() - started
                    continue
                if message[0] == "finish":
                    while not helper.done:
                        helper.project_page(connection)
                connection.commit()
                helper.uncommitted = 0
                answers.send(("ok", helper.summary()))
                if message[0] == "finish":
                    return
    except BaseException as e:  # noqa: BLE001 - said back to the rebuild, which raises it
        try:
            answers.send(("failed", f"{type(e).__name__}: {e}".splitlines()[0]))
        except OSError:
            pass
