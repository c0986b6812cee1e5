"""Re-index the dev site in the background after a rebuild, never holding up the reload."""

from __future__ import annotations

import shutil
import subprocess
import threading
from pathlib import Path
from typing import TextIO

from generator.errors import BuildError
from generator.search import BUNDLE_DIR, pagefind_executable


class BackgroundIndexer:
    """Runs Pagefind on request, one run at a time; requests during a run start one more run after it."""

    def __init__(self, site_dir: Path, files_lock: threading.Lock, err: TextIO) -> None:
        self._site_dir, self._files_lock, self._err = site_dir, files_lock, err
        self._wanted = threading.Event()
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="plenary-index", daemon=True)
        self._thread.start()
        self.runs = 0
        """How many indexes have been swapped in (tests wait on it)."""

    def request(self) -> None:
        """Ask for a fresh index of the site as it is now."""
        self._wanted.set()

    def stop(self) -> None:
        """Finish the current run, if any, and stop."""
        self._stopping.set()
        self._wanted.set()
        self._thread.join(timeout=60)

    def _run(self) -> None:
        while True:
            self._wanted.wait()
            if self._stopping.is_set():
                return
            self._wanted.clear()
            try:
                self._index_once()
            except BuildError as error:
                print(f"warning: search index not updated: {error}", file=self._err, flush=True)

    def _index_once(self) -> None:
        staging = self._site_dir.parent / f"{self._site_dir.name}.pagefind-next"
        shutil.rmtree(staging, ignore_errors=True)
        command = [str(pagefind_executable()), "--site", str(self._site_dir), "--output-path", str(staging), "--silent"]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise BuildError(f"Pagefind exited {result.returncode}: {result.stderr.strip()[-300:]}")
        bundle = self._site_dir / BUNDLE_DIR
        retired = self._site_dir.parent / f"{self._site_dir.name}.pagefind-old"
        with self._files_lock:
            shutil.rmtree(retired, ignore_errors=True)
            if bundle.exists():
                bundle.rename(retired)
            staging.rename(bundle)
        shutil.rmtree(retired, ignore_errors=True)
        self.runs += 1
