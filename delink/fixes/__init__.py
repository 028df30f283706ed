"""Writers: a migration plan (:mod:`delink.planning.model`) -> text edits, one module per
host language, registered in :mod:`delink.planning.writers` and imported only when a fix
is rendered. Each writer only writes syntax; what changes is decided by planning.

* :mod:`delink.fixes.shell` — containers started by shell commands (``docker run`` /
  ``docker create``), in shell scripts and shell embedded elsewhere;
* :mod:`delink.fixes.python` — docker SDK calls;
* :mod:`delink.fixes.compose` (with :mod:`delink.fixes.compose_edit` and
  :mod:`delink.fixes.compose_upgrade`) — Compose files.
"""

from __future__ import annotations
