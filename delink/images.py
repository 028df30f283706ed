"""Image identity: which containers run an image built from a directory of the repository.

An image is known by its repository (``org/app``), whatever the tag: ``docker build -t
org/app .`` builds the code that ``org/app:1.0`` and ``org/app:latest`` run (the tag
names a version of the same code). ``docker tag A B`` makes B the same image as A; a
Compose service with ``build:`` and ``image:`` builds the image it names. A reference
written with a variable is identified by the value the variable defaults to
(``${APP_IMAGE:-org/app}``), else by its text, within its own file (``$(IMAGE)`` in a
Makefile's build and run recipes).
"""

from __future__ import annotations

import os

from delink.facts import Container, ImageBuild, ImageTag, Value
from delink.unionfind import UnionFind

_REGISTRY_PREFIXES = ("docker.io/", "index.docker.io/", "registry-1.docker.io/")


def repository(image: str) -> str:
    """An image reference without its tag or digest, Docker Hub's registry and
    ``library/`` dropped: ``docker.io/library/postgres:16`` → ``postgres``."""
    ref = image.strip().split("@", 1)[0]
    head, _, last = ref.rpartition("/")
    last = last.split(":", 1)[0]
    ref = f"{head}/{last}" if head else last
    for prefix in _REGISTRY_PREFIXES:
        if ref.startswith(prefix):
            ref = ref[len(prefix) :]
            break
    if ref.startswith("library/"):
        ref = ref[len("library/") :]
    return ref


def image_key(path: str, value: Value) -> str:
    """The identity of an image reference as written in ``path``."""
    if value.literal:
        return repository(value.literal)
    if value.default:
        return repository(value.default)
    return f"{path}\0{value.display}"


def _build_key(build: ImageBuild) -> str:
    if build.static:
        return repository(build.tag)
    return f"{build.span.path}\0{build.tag}"


class Images:
    """Build contexts of the repository and the containers that run what they build."""

    def __init__(
        self, builds: list[ImageBuild], tags: list[ImageTag], containers: list[Container]
    ) -> None:
        self.sets = UnionFind()
        for tag in tags:
            self.sets.union(repository(tag.source), repository(tag.target))
        contexts: dict[str, str] = {}
        for build in builds:
            contexts[self.sets.find(_build_key(build))] = build.context
        for c in containers:
            # a Compose service with build: and image: builds the image it names
            if c.build_context is not None and c.image is not None:
                contexts.setdefault(self.sets.find(image_key(c.path, c.image)), c.build_context)
        self.by_context: dict[str, list[Container]] = {}
        self.context: dict[str, str] = {}  # container key -> its build context
        for c in containers:
            ctx = c.build_context
            if ctx is None and c.image is not None:
                ctx = contexts.get(self.sets.find(image_key(c.path, c.image)))
            if ctx is not None:
                norm = os.path.normpath(ctx)
                self.by_context.setdefault(norm, []).append(c)
                self.context[c.key] = norm
