"""Docker Engine versions and the link behaviour that depends on them.

See ``link-semantics.md`` section 0 (version matrix):

* up to v27.x the daemon uses the *old* env-var algorithm (``getDefaultPort`` and
  ``nextContiguous``); every ``YY.MM`` release from 17.03 to 20.10 and every ``1.x``
  release is "up to 27" as well;
* v28.x uses the *new* algorithm (``withTCPPriority``);
* from v29.0 the env vars are off unless the daemon runs with
  ``DOCKER_KEEP_DEPRECATED_LEGACY_LINKS_ENV_VARS=1``;
* from v29.6 creating a container with links on the default bridge returns a
  deprecation warning;
* v30.0 is the target for removing the env vars and the escape hatch (docker/cli
  ``docs/deprecated.md``, "Legacy links environment variables"), and links on the
  default bridge are scheduled for removal with them (docker/docs, legacy links page).
"""

from __future__ import annotations

import re

__all__ = [
    "deprecation_warning",
    "env_off_by_default",
    "env_removed",
    "old_env_algorithm",
    "parse_engine",
]

# "20.10.24+dfsg1", "28", "1.13.1", "v29.0.0", "docker-v29.6.0", "17.03.2-ce",
# "29.0.0-rc.1", "27.5.1~ubuntu": major[.minor[.patch]] then any suffix that starts with
# "-", "+" or "~".
_ENGINE_RE = re.compile(
    r"(?:docker-)?v?(?P<major>0|[1-9][0-9]*)(?:\.(?P<minor>[0-9]+))?(?:\.[0-9]+)?(?:[-+~].*)?",
    re.ASCII | re.DOTALL,
)


def parse_engine(s: str) -> tuple[int, int]:
    """Return ``(major, minor)`` of a Docker Engine version string.

    >>> parse_engine("20.10.24+dfsg1")
    (20, 10)
    >>> parse_engine("28")
    (28, 0)

    Raises :class:`ValueError` for anything that is not a version.
    """
    m = _ENGINE_RE.fullmatch(s.strip())
    if m is None:
        raise ValueError(
            f"not a Docker Engine version: {s!r} (expected something like '20.10.24', '28' "
            "or 'v29.0.0')"
        )
    minor = m.group("minor")
    return int(m.group("major")), int(minor) if minor is not None else 0


def old_env_algorithm(engine: str) -> bool:
    """True for engines up to v27.x, which compute link env vars with the old algorithm."""
    return parse_engine(engine)[0] <= 27


def env_off_by_default(engine: str) -> bool:
    """True from v29.0: link env vars only with the daemon escape hatch
    ``DOCKER_KEEP_DEPRECATED_LEGACY_LINKS_ENV_VARS=1``."""
    return parse_engine(engine)[0] >= 29


def env_removed(engine: str) -> bool:
    """True from v30.0: no link env vars at all, the escape hatch is gone too."""
    return parse_engine(engine)[0] >= 30


def deprecation_warning(engine: str) -> bool:
    """True from v29.6: ``docker create`` with default-bridge links returns a warning."""
    return parse_engine(engine) >= (29, 6)
