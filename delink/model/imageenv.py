"""The ENV that images set: the bundled table of popular official images and the user's
``image-env`` entries.

A legacy link passed its target's env on (``<ALIAS>_ENV_<NAME>``, ``HOME`` and ``PATH``
excepted): the container's ``-e`` and its image's ``ENV``. When the image's ENV is known,
a name the image does not set, and the container does not get with ``-e``, was never
injected; the value of a name it sets is known when it does not depend on the tag.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

from delink.model.ports import image_table_key

__all__ = ["image_env"]


@cache
def _table() -> dict[str, dict[str, str | None]]:
    """The bundled table, loaded on first use (never at import)."""
    import json

    from delink.datafiles import read_text

    text = read_text("image_env.json")
    raw = json.loads(text)
    return {name: dict(entry["env"]) for name, entry in raw["images"].items()}


def image_env(
    image: str, extra: Mapping[str, Mapping[str, str]] | None = None
) -> dict[str, str | None] | None:
    """The ENV an image reference sets: name -> value (None: set, with a value that
    depends on the tag), from ``extra`` (user entries, which win) or the bundled table;
    None when the image's ENV is not known."""
    name, _tag = image_table_key(image)
    if extra:
        for key, env in extra.items():
            if image_table_key(key)[0] == name:
                return dict(env)
    found = _table().get(name)
    return dict(found) if found is not None else None
