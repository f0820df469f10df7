"""Parse in a child process with a time and memory limit, so no file can hold a worker.

    parsed = parse_bounded(data, name="r.pdf", limits=Limits(seconds=300),
                           progress=report, should_stop=cancelled)

A file that takes too long, or would take too much memory (a zip bomb that slips
past the archive checks, a pathological PDF), ends the child; the caller gets an
``IngestError`` with a sentence for the administrator and is free for the next file.
"""

from __future__ import annotations

import os
import pickle
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection, Pipe

from .base import IngestError, ParsedDocument

POLL_SECONDS = 0.2
_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


@dataclass(frozen=True)
class Limits:
    seconds: float = 600.0
    memory_bytes: int = 2 * 1024**3  # address space: the interpreter and libraries need ~0.3 GB


class ParseCancelled(IngestError):
    """``should_stop`` said so: the administrator cancelled the parse."""


def parse_bounded(
    data: bytes,
    name: str = "",
    fmt: str | None = None,
    limits: Limits = Limits(),
    progress: Callable[[float], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> ParsedDocument:
    """``parse_bytes`` in a child process; raise ``IngestError`` when a limit is hit."""
    # A fresh interpreter (not fork: safe from a threaded server; not multiprocessing's
    # spawn, which re-imports the caller's __main__) talking over a pipe.
    parent, child = Pipe(duplex=False)
    job = pickle.dumps((data, name, fmt, limits.memory_bytes))
    proc = subprocess.Popen(
        [sys.executable, "-m", "portal.ingest.bounded", str(child.fileno())],
        stdin=subprocess.PIPE,
        pass_fds=[child.fileno()],
        cwd=_ROOT,
    )
    child.close()
    try:
        proc.stdin.write(job)
        proc.stdin.close()
        return _wait(proc, parent, limits, progress, should_stop)
    except BrokenPipeError:
        return _wait(proc, parent, limits, progress, should_stop)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        parent.close()


def _wait(proc, conn, limits: Limits, progress, should_stop) -> ParsedDocument:
    deadline = time.monotonic() + limits.seconds
    while True:
        if conn.poll(POLL_SECONDS):
            try:
                kind, value = conn.recv()
            except EOFError:
                break  # the child died without a word: see its exit code below
            if kind == "progress":
                if progress:
                    progress(value)
                continue
            return _outcome(kind, value, limits)
        if should_stop and should_stop():
            raise ParseCancelled("The parse was cancelled; nothing was stored.")
        if time.monotonic() > deadline:
            raise IngestError(
                f"Reading this file took longer than the {limits.seconds:,.0f}-second limit, "
                "so it was stopped and nothing was stored: split it into smaller files."
            )
        if proc.poll() is not None and not conn.poll():
            break
    code = proc.wait()
    if code < 0:
        return _outcome("memory", "", limits)  # killed by a signal: the kernel's OOM killer
    raise IngestError(f"The parser stopped unexpectedly (exit code {code}); nothing was stored.")


def _outcome(kind: str, value, limits: Limits) -> ParsedDocument:
    if kind == "done":
        return value
    if kind == "error":
        raise IngestError(value)
    if kind == "memory":
        raise IngestError(
            f"Reading this file needed more than the {limits.memory_bytes / 1024**3:.1f} GB "
            "memory limit, so it was stopped and nothing was stored: it may be a zip bomb, "
            "or too large to read in one piece."
        )
    raise IngestError(f"The file could not be parsed ({value}); nothing was stored.")


def _child(conn: Connection) -> None:
    data, name, fmt, memory_bytes = pickle.loads(sys.stdin.buffer.read())
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    from portal.ingest import parse_bytes  # after the limit: the libraries count too

    last = [0.0]

    def report(fraction: float) -> None:
        now = time.monotonic()
        if now - last[0] >= POLL_SECONDS:  # a long PDF reports per page: thin it out
            last[0] = now
            conn.send(("progress", fraction))

    try:
        conn.send(("done", parse_bytes(data, name, fmt, progress=report)))
    except IngestError as exc:
        conn.send(("error", str(exc)))
    except MemoryError:
        conn.send(("memory", ""))
    except Exception as exc:  # a parser bug: report it rather than die silently
        conn.send(("crash", f"{exc.__class__.__name__}: {exc}"))
    finally:
        conn.close()


if __name__ == "__main__":
    _child(Connection(int(sys.argv[1]), readable=False))
