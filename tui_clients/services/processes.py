"""Process pools for long work (checking an import, exporting in parts) that start from
a shell or from inside the TUI alike, and never outlive the process that started them.

Two things stand in the way with the standard library alone:

- ``spawn`` starts multiprocessing's resource tracker with the current ``sys.stderr``
  passed down as a file descriptor.  Inside the TUI, Textual has replaced ``sys.stderr``
  with an object whose ``fileno()`` is -1, and the start fails with "bad value(s) in
  fds_to_keep".  The tracker is therefore started here, once, with a real descriptor.
- A worker blocked on its task queue does not notice that its parent was killed (the
  queue's pipe stays open in the worker itself), so it would live on, re-parented to
  PID 1, with the resource tracker beside it.  Each worker here watches its parent's
  sentinel and exits the moment the parent is gone, ``kill -9`` included.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context, parent_process, resource_tracker
from multiprocessing.connection import wait
from typing import Any

_tracker_lock = threading.Lock()


def _has_real_stderr() -> bool:
    try:
        return sys.stderr is not None and sys.stderr.fileno() >= 0
    except (AttributeError, OSError, ValueError):
        return False


# all the tracker would print: Python's English warning about the semaphores it cleans up
# after a parent killed by kill -9 or a closed terminal (given to the tracker as its -W)
QUIET_TRACKER = "ignore::UserWarning:multiprocessing.resource_tracker"


def _start_tracker() -> None:
    """Start (or find running) the resource tracker with a real stderr descriptor."""
    with _tracker_lock:
        options = list(sys.warnoptions)
        sys.warnoptions.append(QUIET_TRACKER)
        try:
            if _has_real_stderr():
                resource_tracker.ensure_running()
                return
            saved = sys.stderr
            with open(os.devnull, "w") as quiet:
                sys.stderr = quiet
                try:
                    resource_tracker.ensure_running()
                finally:
                    sys.stderr = saved
        finally:
            sys.warnoptions[:] = options


def _exit_with_parent() -> None:
    """In a worker: end this process as soon as the parent process ends."""
    parent = parent_process()
    if parent is None:
        return

    def watch() -> None:
        wait([parent.sentinel])
        os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _start_worker(initializer: Callable[..., Any] | None, initargs: tuple) -> None:
    # Ctrl+C in a terminal reaches the whole process group: the parent decides what it
    # means (an import stops after its batch), a worker would only print a traceback
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _exit_with_parent()
    if initializer is not None:
        initializer(*initargs)


def worker_pool(
    workers: int, initializer: Callable[..., Any] | None = None, initargs: tuple = ()
) -> ProcessPoolExecutor:
    """A pool of ``workers`` fresh (spawned) processes bound to this process's life."""
    _start_tracker()
    return ProcessPoolExecutor(
        workers,
        mp_context=get_context("spawn"),
        initializer=_start_worker,
        initargs=(initializer, initargs),
    )


def end_pool(pool: ProcessPoolExecutor, *, kill: bool = False) -> None:
    """Shut ``pool`` down, its queued tasks cancelled.  ``kill``: its workers are killed
    rather than waited for (one stopped by a signal would never finish its task)."""
    if not kill:
        pool.shutdown(wait=True, cancel_futures=True)
        return
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:  # SIGKILL reaches a stopped process too
        process.kill()
    for process in processes:
        process.join()
