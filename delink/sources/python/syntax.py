"""Syntax handles the Python source leaves on its facts for the fix writer
(:mod:`delink.fixes.python`). They hold ``ast`` nodes of the file and its
:class:`~delink.sources.python.positions.Positions`; offsets are character offsets.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from delink.sources.python.positions import Positions
    from delink.sources.python.scope import Resolver


@dataclass
class PyFile:
    """``FileFacts.syntax`` of a Python file read with ``ast``."""

    tree: ast.Module
    pos: Positions
    resolver: Resolver
    parents: dict[int, ast.AST]
    # read with the tolerant parser (``ast`` rejected the file): fixes are display-only,
    # since delink cannot check that the fixed text still parses as the author meant
    tolerant: bool = False


@dataclass
class Arg:
    """A keyword argument as written: ``links={...}`` in a call, or ``'links': {...}``
    in a dict (or ``dict(links=…)``) that reaches the call through ``**params``."""

    name: str
    value: ast.expr
    start: int  # the keyword / the dict key
    end: int  # the end of the value
    holder: ast.AST  # the ast.Call or ast.Dict that holds it
    in_dict: bool = False  # a ``'key': value`` entry of a dict literal
    # False when the argument is not a keyword or a dict entry a writer can edit in
    # place: a positional argument, ``kwargs['links'] = …``, ``opts.update(links=…)``
    writable: bool = True


@dataclass
class PyCall:
    """``Container.syntax``: the call that creates a container.

    ``role`` is ``run``/``create`` (``client.containers.run/create``) or ``api``
    (``APIClient.create_container``). ``host_config`` is the ``create_host_config`` /
    ``HostConfig`` call of an ``api`` container when delink tied it (written inline, or
    through a variable assigned once). ``receiver`` is the client expression as written
    (``client`` in ``client.containers.run``, ``api`` in ``api.create_container``).
    """

    file: PyFile
    call: ast.Call
    role: str
    receiver: ast.expr | None
    args: dict[str, Arg] = field(default_factory=dict)
    params: ast.AST | None = None  # the dict literal of ``**params`` when there is one
    host_config: ast.Call | None = None
    host_args: dict[str, Arg] = field(default_factory=dict)
    statement: ast.stmt | None = None


@dataclass
class PyLink:
    """``Link.syntax``: the ``links=`` argument (every entry of one argument shares it)."""

    arg: Arg
    # the call the argument belongs to (create_host_config for api links); None for a dict
    # of docker keyword arguments that no call of the file takes
    call: ast.Call | None
    entry: ast.AST | None = None  # the dict item key / list element of this link
