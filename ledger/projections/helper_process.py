"""The rebuild helper's own program: a fresh interpreter that writes the rows of a long rebuild.

It starts (`ledger.projections.helper.START`) with its ends of three pipes: requests (rows to write,
commit, finish), answers, and control (take back the end of its share). Between pages of its own
share of the lone records it writes what the rebuild sends, in order, on its one connection.
"""

from __future__ import annotations

import gc
import time
from multiprocessing.connection import Connection as PipeEnd
from typing import Any

from sqlalchemy.engine import Connection

from ledger.projections.helper import lone_records, lone_rows
from ledger.projections.writer import Statements
from ledger.storage.eventstore import EventStore, store_env

PAGE = 500  # the helper looks at the rebuild's queue between pages of its own
LOOK_EVERY = 0.02  # seconds: how often an idle helper looks for a request to take a chunk back
COMMIT_EVERY = 200_000  # rows: keeps the write-ahead log from growing with the whole rebuild


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
