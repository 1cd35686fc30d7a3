"""Incremental rebuilds under ``mkdocs serve``: edit one chapter, time until the rebuild is done.

The server is the real one (livereload and its file watcher); each edit appends a sentence to a
chapter and waits, as a browser does, on the server's livereload endpoint for the new version of
the site: the wall time from the edit to that answer is what a writer waits (the watcher's small
debounce included). MkDocs' own "Documentation built in N seconds" figure is kept too when it is
printed (MkDocs never prints the same log line twice, so a repeated figure goes missing). The
chapter is restored afterwards, so the corpus stays as generated.
"""

from __future__ import annotations

import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from .measure import build_env

_BUILT = re.compile(r"Documentation built in ([0-9.]+) seconds")


@dataclass
class ServeResult:
    wall_seconds: list[float] = field(default_factory=list)  # edit → the new version is served
    reported_seconds: list[float] = field(default_factory=list)  # MkDocs' own figures, when printed
    initial_seconds: float = 0.0
    error: str = ""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _reader(stream, lines: queue.Queue, log) -> None:
    for raw in iter(stream.readline, b""):
        text = raw.decode("utf-8", errors="replace")
        log.write(text)
        lines.put((time.monotonic(), text))
    lines.put((time.monotonic(), None))


def _wait_for(lines: queue.Queue, pattern: re.Pattern, deadline: float):
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError(f"no '{pattern.pattern}' in time")
        try:
            stamp, text = lines.get(timeout=left)
        except queue.Empty as exc:
            raise TimeoutError(f"no '{pattern.pattern}' in time") from exc
        if text is None:
            raise RuntimeError("mkdocs serve stopped")
        match = pattern.search(text)
        if match:
            return stamp, match


def _epoch(port: int, after: int, deadline: float) -> int:
    """The version of the site the server shows, once it is newer than ``after`` (livereload's poll)."""
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("the site was not rebuilt in time")
        url = f"http://127.0.0.1:{port}/livereload/{after}/1"
        with urllib.request.urlopen(url, timeout=left + 5) as response:
            epoch = int(response.read())
        if epoch > after:
            return epoch


def _drain(lines: queue.Queue, into: list[float]) -> None:
    while True:
        try:
            _, text = lines.get_nowait()
        except queue.Empty:
            return
        match = _BUILT.search(text or "")
        if match:
            into.append(float(match.group(1)))


def rebuild_times(corpus: Path, variant: str, edits: int, log: Path, timeout: float,
                  chapter: str = "docs/chapters/ch0001.md") -> ServeResult:
    result = ServeResult()
    target = corpus / chapter
    original = target.read_text(encoding="utf-8")
    cited = re.search(r"\[@([^\],;\s]+)", original)
    sentence = f" See also [@{cited.group(1)}]." if cited else ""
    port = _free_port()
    command = [sys.executable, "-m", "mkdocs", "serve", "-f", f"mkdocs-{variant}.yml", "-a", f"127.0.0.1:{port}"]
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "w", encoding="utf-8") as out:
        proc = subprocess.Popen(command, cwd=corpus, env=build_env(), stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
        lines: queue.Queue = queue.Queue()
        threading.Thread(target=_reader, args=(proc.stdout, lines, out), daemon=True).start()
        try:
            stamp, match = _wait_for(lines, _BUILT, time.monotonic() + timeout)
            result.initial_seconds = float(match.group(1))
            _wait_for(lines, re.compile(r"Serving on"), time.monotonic() + 60)
            epoch = _epoch(port, 0, time.monotonic() + 60)
            time.sleep(1.0)  # let the watcher settle
            for number in range(1, edits + 1):
                edited = original.rstrip("\n") + f"\n\nEdit number {number} of this chapter.{sentence}\n"
                start = time.monotonic()
                target.write_text(edited, encoding="utf-8")
                epoch = _epoch(port, epoch, start + timeout)
                result.wall_seconds.append(round(time.monotonic() - start, 3))
                time.sleep(0.5)
                _drain(lines, result.reported_seconds)
        except (TimeoutError, RuntimeError, OSError) as exc:
            result.error = str(exc)
        finally:
            target.write_text(original, encoding="utf-8")
            os.killpg(proc.pid, signal.SIGINT)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
    return result
