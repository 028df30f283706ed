"""What a one-file ``check --format json`` imports: only what reading the file needs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SCRIPT = "docker run -d --name db postgres:16\ndocker run -d --name web --link db:db app\n"


def _run(code: str, cwd: Path) -> list[str]:
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.splitlines()


def test_grammar_binding_without_its_package(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from tree_sitter import Language, Parser\n"
        "from delink.grammars import language\n"
        "tree = Parser(Language(language('tree_sitter_bash'))).parse(b'docker run --link a:b x')\n"
        "print(tree.root_node.type, tree.root_node.child(0).type)\n"
        "names = ('tree_sitter_bash', 'importlib.r')\n"
        "print(sorted(m for m in sys.modules if m.startswith(names)))\n"
        "import tree_sitter_bash\n"  # the package, imported later, uses the same binding
        "print(tree_sitter_bash.language is sys.modules['tree_sitter_bash._binding'].language)\n"
        "tree = Parser(Language(language('tree_sitter_python'))).parse(b'x = 1\\n')\n"
        "print(tree.root_node.type)\n"
    )
    assert _run(code, tmp_path) == [
        "program command",
        "['tree_sitter_bash._binding']",
        "True",
        "module",
    ]


def test_one_file_json_check_imports_only_what_it_needs(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "run.sh").write_text(SCRIPT)
    code = (
        "import json, sys\n"
        "from delink.cli import main\n"
        "code = main(['check', '--no-cache', '--format', 'json', 'run.sh'])\n"
        "print(code)\n"
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules} & {'shutil', 'difflib',"
        " 'zipfile', 'tempfile', 'tree_sitter_bash', 'libcst', 'rich', 'yaml'})))\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('importlib.re'))))\n"
    )
    lines = _run(code, tmp_path)
    findings = json.loads("\n".join(lines[:-3]))
    assert [(d["code"], d["location"]["row"]) for d in findings] == [("DLK301", 2)]
    assert lines[-3:] == ["1", '["tree_sitter_bash"]', "[]"]
