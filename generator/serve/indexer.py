"""Re-index the dev site in the background after a rebuild, never holding up the reload."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import threading
from functools import partial
from pathlib import Path
from typing import TextIO

from generator.errors import BuildError
from generator.search import (
    BUNDLE_BYTES,
    BUNDLE_DIR,
    ENTRY_FILE,
    BundleJob,
    bundle_jobs,
    make_bundle,
    pagefind_command,
    write_parts,
)


class _Stopped(Exception):
    """The indexer was stopped while Pagefind ran."""


class BackgroundIndexer:
    """Runs Pagefind on request, one run at a time; requests during a run start one more run after it.

    Pagefind writes into a staging folder inside `work_dir` (never in the served site), and the
    finished bundle replaces `site_dir/pagefind` by two renames under `files_lock`. A large site is
    split into bundles as the build splits it, indexed one after the other at low priority; a bundle
    whose pages an edit left as they were is carried over from the live index.
    """

    def __init__(self, site_dir: Path, work_dir: Path, files_lock: threading.Lock, err: TextIO,
                 bundle_bytes: int = BUNDLE_BYTES) -> None:
        self._site_dir, self._work_dir, self._files_lock, self._err = site_dir, work_dir, files_lock, err
        self._bundle_bytes = bundle_bytes
        self._wanted = threading.Event()
        self._stopping = threading.Event()
        self._process: subprocess.Popen[str] | None = None
        self._process_lock = threading.Lock()
        self.runs = 0
        """How many indexes have been swapped in (tests wait on it)."""
        self._thread = threading.Thread(target=self._run, name="plenary-index", daemon=True)
        self._thread.start()

    def request(self) -> None:
        """Ask for a fresh index of the site as it is now."""
        self._wanted.set()

    def stop(self) -> None:
        """Stop now: a Pagefind run in progress is ended, its staging folder removed."""
        self._stopping.set()
        self._wanted.set()
        with self._process_lock:
            if self._process is not None and self._process.poll() is None:
                self._process.terminate()
        self._thread.join(timeout=10)

    def _run(self) -> None:
        while True:
            self._wanted.wait()
            if self._stopping.is_set():
                return
            self._wanted.clear()
            try:
                self._index_once()
            except BuildError as error:
                if not self._stopping.is_set():
                    print(f"warning: search index not updated: {error}", file=self._err, flush=True)

    def _index_once(self) -> None:
        staging = Path(tempfile.mkdtemp(prefix="pagefind-", dir=self._work_dir))
        try:
            bundle = staging / BUNDLE_DIR
            # Pages are replaced whole (os.replace), so a mirror links either version; one gone is skipped.
            jobs = bundle_jobs(self._site_dir, bundle, staging / "pages", self._bundle_bytes)
            live = self._site_dir / BUNDLE_DIR
            try:
                for job in jobs:
                    make_bundle(job, live, partial(self._pagefind, job))
            except _Stopped:
                return
            write_parts(bundle, len(jobs))
            retired = staging / "retired"
            with self._files_lock:
                if live.exists():
                    live.rename(retired)
                bundle.rename(live)
            self.runs += 1
        finally:
            shutil.rmtree(staging, ignore_errors=True)

    def _pagefind(self, job: BundleJob) -> str:
        """Index the job's pages into its bundle; Pagefind's report. `_Stopped` if stopped meanwhile, a
        BuildError if Pagefind failed."""
        # Lower priority: the author's next rebuild matters more than the search index.
        nice = ["nice", "-n", "10"] if shutil.which("nice") else []
        command = [*nice, *pagefind_command(job.source, job.output)]
        with self._process_lock:
            if self._stopping.is_set():
                raise _Stopped
            try:
                self._process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            except OSError as error:
                raise BuildError(f"Pagefind could not be started: {error}") from None
        report, stderr = self._process.communicate()
        if self._stopping.is_set():
            raise _Stopped
        if self._process.returncode != 0 or not (job.output / ENTRY_FILE).is_file():
            raise BuildError(f"Pagefind exited {self._process.returncode}: {stderr.strip()[-300:]}")
        return report
