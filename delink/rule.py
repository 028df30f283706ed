"""Rule base class, rule examples, and the registry that finds rules in ``delink.rules``."""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar

from delink.diagnostics import Diagnostic, Fix, Related, Severity, Span

if TYPE_CHECKING:
    from delink.project import Project

_CODE = re.compile(r"^DLK[1-5]\d\d$")
_NAME = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Example:
    """A tiny project and what the rule reports on it: the rule's own test.

    ``expect`` holds text-output lines without the code frame:
    ``"run.sh:3:12: DLK301 message"``; only this rule's diagnostics are compared.
    ``fixed`` maps paths to their text after ``delink fix`` (with ``--unsafe-fixes``
    when ``unsafe`` is true); None means: no fix is expected to change anything.
    """

    files: dict[str, str]
    expect: Sequence[str]
    fixed: dict[str, str] | None = None
    unsafe: bool = False
    config: dict[str, object] = field(default_factory=dict)
    title: str = ""


class Rule:
    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity]
    summary: ClassVar[str]  # one line, shown in `delink rule`
    what: ClassVar[str]  # what it does
    why: ClassVar[str]  # why it matters
    example: ClassVar[str]
    instead: ClassVar[str]  # use instead
    fix_safety: ClassVar[str]
    fixable: ClassVar[bool] = False  # offers fixes `delink fix` can apply (safe or unsafe)
    examples: ClassVar[Sequence[Example]] = ()

    def check(self, project: Project) -> Iterable[Diagnostic]:
        raise NotImplementedError

    def diagnostic(
        self,
        span: Span,
        message: str,
        fix: Fix | None = None,
        related: Iterable[Related] = (),
        severity: Severity | None = None,
    ) -> Diagnostic:
        return Diagnostic(
            code=self.code,
            name=self.name,
            severity=severity or self.severity,
            message=message,
            span=span,
            fix=fix,
            related=list(related),
        )

    @classmethod
    def docs(cls) -> str:
        """The rule's documentation in ruff's order, as Markdown."""
        parts = [
            f"# {cls.code} {cls.name}",
            "",
            f"Severity: {cls.severity.value}. Fixable: {'yes' if cls.fixable else 'no'}. "
            f"{cls.summary}",
            "",
            "## What it does",
            cls.what.strip(),
            "",
            "## Why is this bad?",
            cls.why.strip(),
            "",
            "## Example",
            cls.example.strip(),
            "",
            "## Use instead",
            cls.instead.strip(),
            "",
            "## Fix safety",
            cls.fix_safety.strip(),
        ]
        return "\n".join(parts) + "\n"


class RegistryError(Exception):
    pass


_RULES: dict[str, type[Rule]] | None = None


def _discover() -> dict[str, type[Rule]]:
    # rules/ is installed as delink.rules (package-dir mapping), so import it by name.
    package = importlib.import_module("delink.rules")

    found: dict[str, type[Rule]] = {}
    names: set[str] = set()
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        for obj in vars(module).values():
            if not (isinstance(obj, type) and issubclass(obj, Rule) and obj is not Rule):
                continue
            if obj.__module__ != module.__name__:
                continue
            if not _CODE.match(obj.code) or not _NAME.match(obj.name):
                raise RegistryError(f"bad rule code or name: {obj.code} {obj.name}")
            if obj.code in found or obj.name in names:
                raise RegistryError(f"duplicate rule {obj.code} {obj.name}")
            found[obj.code] = obj
            names.add(obj.name)
    return dict(sorted(found.items()))


def all_rules() -> dict[str, type[Rule]]:
    """Every rule, keyed by code, in code order."""
    global _RULES
    if _RULES is None:
        _RULES = _discover()
    return _RULES


def tool_diagnostic(
    code: str, name: str, severity: Severity, span: Span, message: str
) -> Diagnostic:
    """A diagnostic delink itself raises (a bad suppression, a fix it refused) as the
    rule ``code`` reports it; the plain ``name``/``severity`` when that rule is not
    installed."""
    rule = all_rules().get(code)
    if rule is not None:
        return rule().diagnostic(span, message)
    return Diagnostic(code, name, severity, message, span)


def resolve_code(token: str) -> list[str]:
    """Codes named by a selector: a code (``DLK301``), a kebab name (``legacy-link``),
    a prefix (``DLK3``, ``DLK``) or ``ALL``. Unknown selectors give []."""
    rules = all_rules()
    token = token.strip()
    if not token:
        return []
    if token.upper() == "ALL":
        return list(rules)
    up = token.upper()
    if up in rules:
        return [up]
    for code, rule in rules.items():
        if rule.name == token.lower():
            return [code]
    if (up.startswith("DLK") and up[3:].isdigit()) or up == "DLK":
        return [code for code in rules if code.startswith(up)]
    return []


def rule_for(code: str) -> type[Rule] | None:
    codes = resolve_code(code)
    if len(codes) == 1:
        return all_rules()[codes[0]]
    return None


def iter_rules(codes: Iterable[str]) -> Iterator[Rule]:
    rules = all_rules()
    for code in codes:
        yield rules[code]()


def rules_markdown() -> str:
    """The documentation of every rule, as ``docs/rules.md`` holds it."""
    rules = all_rules()
    parts = [
        "# delink rules",
        "",
        "Generated from the rules' own documentation (`delink rule CODE` prints one).",
        "Regenerate with `python -m delink.rule > docs/rules.md`.",
        "",
        "| code | name | severity | fixable | summary |",
        "|---|---|---|---|---|",
    ]
    for code, rule in rules.items():
        anchor = f"{code.lower()}-{rule.name}"
        parts.append(
            f"| [{code}](#{anchor}) | {rule.name} | {rule.severity.value} | "
            f"{'yes' if rule.fixable else 'no'} | {rule.summary} |"
        )
    parts.append("")
    for rule in rules.values():
        doc = rule.docs().replace(f"# {rule.code} {rule.name}", f"## {rule.code} {rule.name}", 1)
        doc = doc.replace("\n## ", "\n### ").replace("\n### " + rule.code, "\n## " + rule.code)
        parts.append(doc)
    return "\n".join(parts)


if __name__ == "__main__":  # pragma: no cover
    import sys

    # Rules subclass delink.rule.Rule, not this __main__ copy of it.
    from delink.rule import rules_markdown as _generate

    sys.stdout.write(_generate())
