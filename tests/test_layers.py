"""The import order of delink's layers, read from the source (every import statement,
also those inside functions and under ``TYPE_CHECKING``):

    model ← facts ← sources ← project ← planning ← writers (delink.fixes)

rules see the project and planning (and the plain data below them), never a source or a
writer; the command line sits on top. Module-level imports form no cycle.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# (layer, module prefixes), lowest first; a module may import its own layer and below
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    (
        "base",
        (
            "delink",
            "delink.diagnostics",
            "delink.text",
            "delink.secrets",
            "delink.unionfind",
            "delink.settings",
            "delink.atomic",
        ),
    ),
    ("model", ("delink.model",)),
    ("config", ("delink.config",)),
    ("facts", ("delink.facts", "delink.factcodec")),
    ("sources", ("delink.sources", "delink.sdkversion")),
    ("project", ("delink.project", "delink.order", "delink.images")),
    ("planning", ("delink.planning",)),
    ("writers", ("delink.fixes",)),
    ("rules", ("delink.rules", "delink.rule", "delink.ruletools")),
    (
        "app",
        (
            "delink.lint",
            "delink.scan",
            "delink.runmemo",
            "delink.livefacts",
            "delink.fixer",
            "delink.cli",
            "delink.__main__",
            "delink.report",
            "delink.suppress",
            "delink.selection",
            "delink.discover",
            "delink.gitignore",
            "delink.context",
            "delink.exitcode",
            "delink.fingerprint",
            "delink.baseline",
            "delink.server",
            "delink.commands",
        ),
    ),
]
# what rules may not import although it is below them
HIDDEN_FROM_RULES = ("delink.sources", "delink.sdkversion", "delink.fixes")


def _modules() -> dict[str, Path]:
    out: dict[str, Path] = {}
    for p in [*ROOT.glob("delink/**/*.py"), *ROOT.glob("rules/*.py")]:
        parts = list(p.relative_to(ROOT).with_suffix("").parts)
        if parts[0] == "rules":
            parts = ["delink", "rules", *parts[1:]]
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = p
    return out


def _layer(module: str) -> int:
    best = (-1, -1)  # (prefix length, layer)
    for k, (_name, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best[0]:
                best = (len(prefix), k)
    assert best[1] >= 0, f"{module} is in no layer: add it to LAYERS"
    return best[1]


def _imports(module: str, path: Path, known: dict[str, Path]) -> list[tuple[str, bool]]:
    """(imported module, at module level) for each import of a delink module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    top = set()
    for node in tree.body:
        top.add(id(node))
        if isinstance(node, ast.If):  # ``if TYPE_CHECKING:`` does not run
            for inner in node.body:
                top.discard(id(inner))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                name = ".".join(base + ([node.module] if node.module else []))
            else:
                name = node.module or ""
            candidates = [f"{name}.{a.name}" for a in node.names] + [name]
        elif isinstance(node, ast.Import):
            candidates = [a.name for a in node.names]
        else:
            continue
        for cand in candidates:
            if cand in known and cand != module:
                out.append((cand, id(node) in top))
                break
    return out


def test_layers_import_downwards_only() -> None:
    known = _modules()
    wrong = []
    for module, path in sorted(known.items()):
        mine = _layer(module)
        for imported, _ in _imports(module, path, known):
            theirs = _layer(imported)
            if theirs > mine:
                wrong.append(
                    f"{module} ({LAYERS[mine][0]}) imports {imported} ({LAYERS[theirs][0]})"
                )
            elif LAYERS[mine][0] == "rules" and imported.startswith(HIDDEN_FROM_RULES):
                wrong.append(f"{module} (rules) imports {imported}")
    assert wrong == []


def test_no_import_cycles() -> None:
    known = _modules()
    graph = {
        m: sorted({i for i, at_top in _imports(m, p, known) if at_top}) for m, p in known.items()
    }
    state: dict[str, int] = {}  # 1: on the stack, 2: done
    cycles: list[list[str]] = []

    def visit(m: str, stack: list[str]) -> None:
        state[m] = 1
        for n in graph.get(m, []):
            if n.startswith(m + "."):
                continue  # a package importing its own submodule runs it first
            if state.get(n) == 1:
                cycles.append([*stack[stack.index(n) :], n])
            elif n not in state:
                visit(n, [*stack, n])
        state[m] = 2

    for m in sorted(graph):
        if m not in state:
            visit(m, [m])
    assert cycles == []


def test_every_module_has_a_layer() -> None:
    for module in _modules():
        _layer(module)
