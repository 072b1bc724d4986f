"""Turning a writer that pushes text into a file into an iterator a streaming response pulls.

The export writers (``contacts.exports``) write to a file object; a
StreamingHttpResponse wants an iterator. The writer runs in a thread and
hands over chunks through a small bounded queue, so memory stays flat and a
slow client slows the writer down instead of piling text up. A writer that
fails part-way makes the iterator raise after the text written so far, so the
server breaks the response off and the download fails, instead of ending as a
file that looks whole but lacks its remaining rows.
"""

from __future__ import annotations

import contextlib
import logging
import queue
import threading
from collections.abc import Callable, Iterator
from typing import IO, Any

from django.db import connections

log = logging.getLogger(__name__)

CHUNK_CHARS = 64 * 1024
_DONE = object()


class _Cancelled(Exception):
    """The client went away; the writer stops."""


class ExportInterrupted(Exception):
    """The writer failed before the end of the file."""


class _QueueWriter:
    def __init__(self, chunks: queue.Queue, cancelled: threading.Event) -> None:
        self.chunks, self.cancelled, self.buffer = chunks, cancelled, []
        self.size = 0

    def write(self, text: str) -> int:
        self.buffer.append(text)
        self.size += len(text)
        if self.size >= CHUNK_CHARS:
            self.flush()
        return len(text)

    def flush(self) -> None:
        if self.buffer:
            self._put("".join(self.buffer))
            self.buffer, self.size = [], 0

    def _put(self, item: object) -> None:
        while True:
            if self.cancelled.is_set():
                raise _Cancelled
            try:
                self.chunks.put(item, timeout=1)
                return
            except queue.Full:
                continue


def stream_writer(write: Callable[[Any, IO[str]], int], source: Any) -> Iterator[str]:
    """The text ``write(source, out)`` produces, chunk by chunk, as it is written."""
    chunks: queue.Queue = queue.Queue(maxsize=8)
    cancelled = threading.Event()
    out = _QueueWriter(chunks, cancelled)
    failed = threading.Event()

    def produce() -> None:
        try:
            write(source, out)
            out.flush()
        except _Cancelled:
            pass
        except Exception:
            log.exception("an export failed while streaming")
            failed.set()
        finally:
            connections.close_all()  # the thread's own database connection
            with contextlib.suppress(_Cancelled):
                out._put(_DONE)

    threading.Thread(target=produce, name="export-writer", daemon=True).start()
    try:
        while (chunk := chunks.get()) is not _DONE:
            yield chunk
        if failed.is_set():
            raise ExportInterrupted("the export failed before its end (see the log)")
    finally:
        cancelled.set()
