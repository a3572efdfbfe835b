"""WriterTurns: SQLite writers take turns on a lock, across threads and across processes."""

from __future__ import annotations

import fcntl
import multiprocessing
import threading
import time
from pathlib import Path

from sqlalchemy import Engine, create_engine

from bot.store.writer_turns import WriterTurns


def _try_lock(path: str, answer: multiprocessing.connection.Connection) -> None:
    with open(path, "ab") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            answer.send("busy")
            return
        answer.send("free")


def _other_process_finds(path: Path) -> str:
    ours, theirs = multiprocessing.Pipe()
    child = multiprocessing.get_context("fork").Process(target=_try_lock, args=(str(path), theirs))
    child.start()
    child.join(10)
    return str(ours.recv())


def test_a_turn_keeps_another_process_out_until_it_ends(sqlite_engine: Engine) -> None:
    turns = WriterTurns(sqlite_engine)
    lock = Path(f"{sqlite_engine.url.database}-writer.lock")
    with turns.turn():
        assert _other_process_finds(lock) == "busy"
    assert _other_process_finds(lock) == "free"


def test_threads_take_turns_and_a_nested_turn_does_not_wait_for_itself(
    sqlite_engine: Engine,
) -> None:
    turns = WriterTurns(sqlite_engine)
    inside: list[int] = []
    most = 0

    def write() -> None:
        nonlocal most
        with turns.turn(), turns.turn():  # nested: the same thread holds it already
            inside.append(1)
            most = max(most, len(inside))
            time.sleep(0.01)
            inside.pop()

    threads = [threading.Thread(target=write) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert most == 1


def test_a_forked_child_takes_its_own_turn(sqlite_engine: Engine) -> None:
    """An flock belongs to an open file, which a child shares with its parent after a fork:
    the child must open its own, or the two would never exclude each other."""
    turns = WriterTurns(sqlite_engine)
    with turns.turn():
        pass  # the parent has opened its file
    lock = Path(f"{sqlite_engine.url.database}-writer.lock")
    ours, theirs = multiprocessing.Pipe()

    def child() -> None:
        with turns.turn():
            theirs.send("in")
            time.sleep(0.3)

    process = multiprocessing.get_context("fork").Process(target=child)
    process.start()
    assert ours.recv() == "in"
    assert _other_process_finds(lock) == "busy"  # the child holds it, on its own file
    process.join(10)


def test_an_in_memory_database_needs_no_turns(tmp_path: Path) -> None:
    memory = WriterTurns(create_engine("sqlite://"))
    with memory.turn(), memory.turn():
        pass
    assert not list(tmp_path.glob("*.lock"))
