"""Watch the author's folders and hand bursts of changes, debounced, to a rebuild callback.

The watchdog handler only records paths and sets a flag; a single worker thread waits for
the burst to settle and then calls the callback, so rebuilds never overlap.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

log = logging.getLogger(__name__)

DEBOUNCE_SECONDS = 0.05
"""Quiet time after the last event before rebuilding: editors save in several steps."""

_IGNORED_SUFFIXES = (".swp", ".swx", ".swo", ".tmp", ".bak", "~", ".part", ".crdownload")
_IGNORED_PREFIXES = (".#", "#", ".~", "~")


def is_ignored(path: Path, root: Path | None = None) -> bool:
    """True for editor swap, backup and lock files, hidden files, and anything in a hidden folder under `root`."""
    name = path.name
    if name.endswith(_IGNORED_SUFFIXES) or name.startswith(_IGNORED_PREFIXES) or name == "4913":
        return True  # vim writes a probe file named 4913 to test that the folder is writable
    if name.startswith(".") or "___jb_" in name:  # hidden files, JetBrains safe-write temporaries
        return True
    if root is not None and root in path.parents:
        return any(part.startswith(".") for part in path.relative_to(root).parts[:-1])
    return False


class _Collector(FileSystemEventHandler):
    """Records changed paths under one watched folder; touches nothing else."""

    def __init__(self, root: Path, changed: set[Path], lock: threading.Lock, wake: threading.Event) -> None:
        self._root, self._changed, self._lock, self._wake = root, changed, lock, wake

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write") or (event.is_directory and event.event_type == "modified"):
            return
        paths = [event.src_path, getattr(event, "dest_path", "")]
        for raw in paths:
            if not raw:
                continue
            path = Path(os.fsdecode(raw)).absolute()
            if not is_ignored(path, self._root):
                with self._lock:
                    self._changed.add(path)
                self._wake.set()


class Watcher:
    """Watches folders; calls `on_change(paths)` once per settled burst of events."""

    def __init__(self, folders: Iterable[Path], on_change: Callable[[set[Path]], None],
                 debounce: float = DEBOUNCE_SECONDS) -> None:
        self._folders = [folder.absolute() for folder in folders if folder.is_dir()]
        self._on_change = on_change
        self._debounce = debounce
        self._changed: set[Path] = set()
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._observer = Observer()
        self._worker = threading.Thread(target=self._run, name="plenary-rebuild", daemon=True)

    def start(self) -> None:
        """Begin watching and rebuilding."""
        for folder in self._folders:
            handler = _Collector(folder, self._changed, self._lock, self._wake)
            self._observer.schedule(handler, str(folder), recursive=True)
        self._observer.start()
        self._worker.start()

    def stop(self) -> None:
        """Stop watching; waits for a rebuild in progress to finish."""
        self._stopping.set()
        self._wake.set()
        self._observer.stop()
        self._observer.join(timeout=5)
        self._worker.join(timeout=30)

    def _run(self) -> None:
        while not self._stopping.is_set():
            self._wake.wait()
            if self._stopping.is_set():
                return
            self._settle()
            with self._lock:  # emptied in place: the handlers hold this very set
                changed = set(self._changed)
                self._changed.clear()
            if changed:
                try:
                    self._on_change(changed)
                except Exception:  # a rebuild bug must not kill the watcher; it is logged in full
                    log.exception("rebuild failed")

    def _settle(self) -> None:
        """Wait until no event has arrived for the debounce interval."""
        while True:
            self._wake.clear()
            if not self._wake.wait(self._debounce) or self._stopping.is_set():
                return
