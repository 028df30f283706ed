"""Running delink in a child process with a time and memory ceiling, so that a
regression to a hang or a blow-up fails its test instead of stopping the suite."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

# Without these two capabilities root obeys file permissions like any user (CI runs as
# root, and a chmod 000 directory must still be unreadable to the child).
_NO_DAC = ["setpriv", "--bounding-set=-dac_override,-dac_read_search"]


def run_delink(
    args: list[str],
    cwd: Path,
    *,
    timeout: float = 60,
    memory_mb: int = 2048,
    as_user: bool = False,
) -> tuple[int, str, str]:
    """``python -m delink ARGS`` in ``cwd``: (exit code, stdout, stderr). Fails the test
    (``subprocess.TimeoutExpired``) past ``timeout`` seconds; the child cannot map more
    than ``memory_mb``."""

    def limit() -> None:
        size = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (size, size))

    cmd = [sys.executable, "-m", "delink", *args]
    if as_user and os.geteuid() == 0:
        cmd = _NO_DAC + cmd
    env = {k: v for k, v in os.environ.items() if k != "DELINK_DEBUG"}
    env["PYTHONIOENCODING"] = "utf-8"
    proc = subprocess.run(
        cmd,
        cwd=cwd,
        capture_output=True,
        timeout=timeout,
        preexec_fn=limit,
        env=env,
        check=False,
    )
    return proc.returncode, proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8")
