"""The Ansible writer: a :class:`~delink.planning.model.Plan` -> edits of container tasks.

For the containers of a plan whose ``language == "ansible"`` (``docker_container`` tasks
with their arguments written as a block mapping) it writes:

* the network, once per file, as a task of its own before the first task of the plan
  there, with the module family of that task (``community.docker.docker_network`` beside
  ``community.docker.docker_container``), unless the file already declares it;
* on a consumer: its removed ``links`` items go (the whole ``links`` argument when none
  is left), ``networks: [{name: N}]`` joins the network (an item appended to a block
  ``networks`` list), ``network_mode: bridge|default`` becomes ``N``, and each explicit env
  var becomes an ``env`` entry;
* on a target: the network with ``aliases``.

New lines copy the indentation of the task's own arguments and use the file's line
ending. A task written in ``key=value`` form, with flow-style or templated ``networks``
or ``env``, a target no task of the plan starts, or a value that needs a variable
reference cannot be written exactly: the fix is then only displayed.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

from delink.diagnostics import Edit
from delink.facts import Container
from delink.planning.model import ContainerEdits, ExplicitEnv, Plan
from delink.planning.writers import CannotWrite, container_edits
from delink.sources.ansible import LinkSyntax, TaskSyntax

if TYPE_CHECKING:
    from delink.project import Project

__all__ = ["write"]

_PLAIN = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_./@-]*")
_Change = ContainerEdits[TaskSyntax]


def _scalar(value: str) -> str:
    """A YAML scalar that reads back as the string ``value`` (never a number or bool)."""
    if _PLAIN.fullmatch(value) and not re.fullmatch(
        r"(?i)[-+]?[0-9._]+|true|false|yes|no|on|off|null|~|y|n", value
    ):
        return value
    return json.dumps(value)


def _env_value(e: ExplicitEnv) -> str:
    if e.value is None:
        raise CannotWrite(f"`{e.name}` needs a value from a variable")
    return _scalar(e.value)


class _Writer:
    def __init__(self, plan: Plan, project: Project) -> None:
        self.plan = plan
        self.project = project
        self.changes: dict[str, _Change] = {}
        # (path, offset) -> [(order, text)]: at one offset, lines added to an existing
        # block (order 0) come before new arguments (order 1)
        self.inserts: dict[tuple[str, int], list[tuple[int, str]]] = {}
        self.edits: list[Edit] = []

    def _change(self, c: Container) -> _Change:
        return container_edits(self.changes, c, TaskSyntax, "Ansible")

    def write(self) -> list[Edit]:
        plan = self.plan
        for cc in plan.consumers:
            if cc.container.language == "ansible":
                self._change(cc.container).add_consumer(cc)
        mine = any(x.container.language == "ansible" for x in plan.consumers)
        for t in plan.targets:
            if t.container is None:
                if mine:
                    raise CannotWrite(
                        f"`{t.name}` is not started by a task delink can see: connect it "
                        "to the network by hand"
                    )
                continue
            if t.connect_only and t.container.language == "ansible":
                raise CannotWrite(
                    f"`{t.name}` must stay on the default bridge too, for links delink "
                    "cannot migrate: connect it to the network by hand"
                )
            if t.connect_only:
                continue
            if t.container.language == "ansible":
                self._change(t.container).add_target(t)
        if not self.changes:
            return []
        by_path: dict[str, list[_Change]] = {}
        for ch in self.changes.values():
            by_path.setdefault(ch.syntax.path, []).append(ch)
        for path, chs in sorted(by_path.items()):
            chs.sort(key=lambda x: x.syntax.task_line)
            if plan.create_network and any(x.join for x in chs):
                self._create_network(path, chs[0].syntax)
        for ch in self.changes.values():
            self._task(ch)
        for (path, offset), texts in sorted(self.inserts.items()):
            ordered = sorted(texts, key=lambda x: x[0])
            self.edits.append(Edit.insert(path, offset, "".join(t for _, t in ordered)))
        return self.edits

    def _newline(self, path: str) -> str:
        src = self.project.texts.get(path)
        return src.newline if src is not None else "\n"

    def _insert(self, path: str, offset: int, text: str, *, new: bool = True) -> None:
        self.inserts.setdefault((path, offset), []).append((1 if new else 0, text))

    def _create_network(self, path: str, first: TaskSyntax) -> None:
        n = self.plan.network
        if any(d.name == n and d.span.path == path for d in self.project.networks):
            return
        family = first.module.rpartition(".")[0]
        module = f"{family}.docker_network" if family else "docker_network"
        ti = first.task_indent
        nl = self._newline(path)
        src = self.project.texts.get(path)
        text = src.text if src is not None else ""
        # a blank line after the new task when the file keeps its tasks apart so
        apart = re.search(r"\n[ \t]*\r?\n" + re.escape(ti) + r"- ", text)
        gap = nl if apart is not None else ""
        self._insert(
            path,
            first.task_line,
            f"{ti}- name: Create the network {n}{nl}"
            f"{ti}  {module}:{nl}"
            f"{ti}    name: {_scalar(n)}{nl}{gap}",
        )

    def _task(self, ch: _Change) -> None:
        syn = ch.syntax
        if syn.args_indent is None or syn.args_end is None:
            raise CannotWrite(f"the `{syn.module}` task does not write its arguments as lines")
        nl = self._newline(syn.path)
        ai = syn.args_indent
        n = self.plan.network
        # links
        if ch.remove:
            if len(ch.remove) >= syn.link_items and syn.links is not None:
                self.edits.append(Edit(syn.path, syn.links[0], syn.links[1], ""))
            else:
                for link in ch.remove:
                    ls = link.syntax
                    if not isinstance(ls, LinkSyntax) or ls.item is None:
                        raise CannotWrite("a `links` item that is not on a line of its own")
                    self.edits.append(Edit(syn.path, ls.item[0], ls.item[1], ""))
        # the network
        if ch.join and n not in syn.network_names:
            if syn.network_mode is not None:
                start, end, text = syn.network_mode
                if text in ("bridge", "default"):
                    self.edits.append(Edit(syn.path, start, end, _scalar(n)))
            aliases = "".join(f"{{i}}    - {_scalar(a)}{nl}" for a in ch.aliases)
            if syn.networks_end is not None and syn.networks_dash is not None:
                d = syn.networks_dash
                item = f"{d}- name: {_scalar(n)}{nl}"
                if ch.aliases:
                    item += f"{d}  aliases:{nl}" + aliases.replace("{i}", d)
                self._insert(syn.path, syn.networks_end, item, new=False)
            elif syn.networks_flow:
                raise CannotWrite("`networks` is not a block list delink can add to")
            else:
                text = f"{ai}networks:{nl}{ai}  - name: {_scalar(n)}{nl}"
                if ch.aliases:
                    text += f"{ai}    aliases:{nl}" + aliases.replace("{i}", ai + "  ")
                self._insert(syn.path, syn.args_end, text)
        elif ch.aliases:
            raise CannotWrite(f"the aliases of `{ch.container.display_name}` on `{n}`")
        # explicit env
        if ch.env:
            entries = [(e.name, _env_value(e)) for e in ch.env]
            if syn.env_end is not None and syn.env_indent is not None:
                ei = syn.env_indent
                self._insert(
                    syn.path,
                    syn.env_end,
                    "".join(f"{ei}{k}: {v}{nl}" for k, v in entries),
                    new=False,
                )
            elif syn.env_other:
                raise CannotWrite("`env` is not a block mapping delink can add to")
            else:
                text = f"{ai}env:{nl}" + "".join(f"{ai}  {k}: {v}{nl}" for k, v in entries)
                self._insert(syn.path, syn.args_end, text)


def write(plan: Plan, project: Project) -> list[Edit]:
    """The edits of the plan's Ansible container tasks."""
    return _Writer(plan, project).write()
