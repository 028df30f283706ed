"""Fix writers: a migration plan (:mod:`delink.plan`) -> text edits, one module per
language. Each writer only writes syntax; what changes is decided by the planner.

* :func:`delink.fixes.shell.shell_edits` — containers started by shell commands
  (``docker run`` / ``docker create``), in shell scripts and shell embedded elsewhere.
"""

from __future__ import annotations
