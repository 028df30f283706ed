"""Exit codes: 0 clean, 1 findings at or above the ``fail-on`` threshold, 2 delink failed.

By default only warnings and errors fail a run; ``--fail-on info`` (or the config key
``fail-on``) makes info findings fail it too, ``--fail-on error`` only errors.
``--exit-zero`` turns 1 into 0, never 2.
"""

from __future__ import annotations

from collections.abc import Iterable

from delink.diagnostics import Diagnostic, Severity

EXIT_CLEAN = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2

FAIL_ON = ("info", "warning", "error")
DEFAULT_FAIL_ON = "warning"


def fails(diagnostics: Iterable[Diagnostic], fail_on: str = DEFAULT_FAIL_ON) -> bool:
    """Whether any finding is at least as severe as ``fail_on``."""
    threshold = Severity(fail_on).rank
    return any(d.severity.rank <= threshold for d in diagnostics)


def exit_code(failed: bool, errors: bool, exit_zero: bool = False) -> int:
    """The code for a run: ``errors`` (delink failed) wins, then ``failed`` findings."""
    if errors:
        return EXIT_ERROR
    if failed and not exit_zero:
        return EXIT_FINDINGS
    return EXIT_CLEAN
