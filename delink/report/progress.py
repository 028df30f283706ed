"""A progress display on stderr for runs that take more than about a second.

:class:`DelayedProgress` is called once per file the linter reads. It shows nothing (and
imports nothing) until ``delay`` seconds have passed; then it starts a transient rich
progress line on stderr, which :meth:`DelayedProgress.close` removes. Short runs and
runs that are not watched at a terminal never load rich.
"""

from __future__ import annotations

import time
from typing import Any, TextIO

DELAY = 1.0


class DelayedProgress:
    def __init__(self, err: TextIO, delay: float = DELAY) -> None:
        self.err = err
        self.delay = delay
        self.started = time.monotonic()
        self.files = 0
        self._progress: Any = None
        self._task: Any = None

    def __call__(self, path: str) -> None:  # the path is not shown: names can hold anything
        self.files += 1
        if self._progress is None:
            if time.monotonic() - self.started < self.delay:
                return
            self._start()
        self._progress.update(self._task, completed=self.files)

    def _start(self) -> None:
        from rich.console import Console
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        console = Console(file=self.err, highlight=False, markup=False)
        self._progress = Progress(
            SpinnerColumn(),
            TextColumn("checked {task.completed} files"),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        )
        self._task = self._progress.add_task("delink", total=None)
        self._progress.start()

    def close(self) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None
