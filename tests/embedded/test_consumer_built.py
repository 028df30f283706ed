"""Link env var names built at run time and the precision of the consumer scanner:
setters, dictionary keys and sentences are no reads; the line that spells a built shape
is one read, named with ``*`` for its run-time parts."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from delink.lint import Linter
from delink.settings import Settings

from .helpers import extract, reads


def _built(path: str, text: str) -> list[tuple[int, int, str, str]]:
    src, facts = extract("consumer" if not path.endswith(".json") else "json", text, path)
    return [
        (*src.position(r.span.start), r.name, src.text[r.span.start : r.span.end])
        for r in sorted(facts.reads, key=lambda x: x.span.start)
        if r.built and r.pattern
    ]


@pytest.mark.parametrize(
    ("path", "text", "expected"),
    [
        (
            "links.go",
            "package links\n"
            "\n"
            "func Host(name string, port int) string {\n"
            '\tkey := fmt.Sprintf("%s_PORT_%d_TCP_ADDR", strings.ToUpper(name), port)\n'
            "\treturn os.Getenv(key)\n"
            "}\n"
            "\n"
            "func fig(name string, port int) string {\n"
            '\treturn os.Getenv(fmt.Sprintf("%s_1_PORT_%d_TCP_ADDR", name, port))\n'
            "}\n",
            [
                (4, 22, "*_PORT_*_TCP_ADDR", "%s_PORT_%d_TCP_ADDR"),
                (9, 32, "*_1_PORT_*_TCP_ADDR", "%s_1_PORT_%d_TCP_ADDR"),
            ],
        ),
        (
            "src/links.ts",
            "export const host = (alias: string, port: number) =>\n"
            "  process.env[`${alias.toUpperCase()}_PORT_${port}_TCP_ADDR`];\n"
            "const LINK = /^(\\w+)_PORT_(\\d+)_TCP_ADDR$/;\n"
            "const url = process.env[alias + '_PORT_' + port + '_TCP'];\n",
            [
                (2, 16, "*_PORT_*_TCP_ADDR", "${alias.toUpperCase()}_PORT_${port}_TCP_ADDR"),
                (3, 16, "*_PORT_*_TCP_ADDR", "(\\w+)_PORT_(\\d+)_TCP_ADDR"),
                (4, 34, "*_PORT_*_TCP", "_PORT_' + port + '_TCP"),
            ],
        ),
        (
            "lib/parse.js",
            "var linkRegex = /^([A-Z0-9_]+)_PORT_[0-9]+_([A-Z0-9]+)$/;\n"
            "if (!/^NAME$|^PORT$|^PORT_\\d+_TCP(_ADDR|_PORT|_PROTO)?$/.test(key)) return;\n",
            [
                (1, 19, "*_PORT_*_*", "([A-Z0-9_]+)_PORT_[0-9]+_([A-Z0-9]+)"),
                (2, 22, "*_PORT_*_TCP*", "PORT_\\d+_TCP(_ADDR|_PORT|_PROTO)?"),
            ],
        ),
        (
            "lib/links.rb",
            "def link_host(name, port)\n"
            '  ENV["#{name.upcase}_PORT_#{port}_TCP_ADDR"]\n'
            "end\n"
            "LINKED = ENV.keys.grep(/_PORT_\\d+_TCP$/)\n"
            'USER = ENV.fetch("#{PREFIX}_ENV_MYSQL_USER", "root")\n',
            [
                (2, 8, "*_PORT_*_TCP_ADDR", "#{name.upcase}_PORT_#{port}_TCP_ADDR"),
                (4, 25, "*_PORT_*_TCP", "_PORT_\\d+_TCP"),
                (5, 19, "*_ENV_MYSQL_USER", "#{PREFIX}_ENV_MYSQL_USER"),
            ],
        ),
        (
            "config/db.php",
            "<?php\n"
            "$host = getenv($alias . '_PORT_' . $port . '_TCP_ADDR');\n"
            '$port = getenv("{$alias}_PORT_{$port}_TCP_PORT");\n'
            'if (preg_match("/^PORT_(?<port>[0-9]+)_(?<protocol>((TCP)|(UDP)))$/", $k, $m)) {}\n',
            [
                (2, 26, "*_PORT_*_TCP_ADDR", "_PORT_' . $port . '_TCP_ADDR"),
                (3, 17, "*_PORT_*_TCP_PORT", "{$alias}_PORT_{$port}_TCP_PORT"),
                (4, 19, "*_PORT_*_*", "PORT_(?<port>[0-9]+)_(?<protocol>((TCP)|(UDP)))"),
            ],
        ),
        (
            "src/main/java/app/Links.java",
            "class Links {\n"
            "  static String host(String alias, int port) {\n"
            '    return System.getenv(String.format("%s_PORT_%d_TCP_ADDR", alias, port));\n'
            "  }\n"
            "  static String port(String alias, int port) {\n"
            '    return System.getenv(alias.toUpperCase() + "_PORT_" + port + "_TCP_PORT");\n'
            "  }\n"
            "}\n",
            [
                (3, 41, "*_PORT_*_TCP_ADDR", "%s_PORT_%d_TCP_ADDR"),
                (6, 49, "*_PORT_*_TCP_PORT", '_PORT_" + port + "_TCP_PORT'),
            ],
        ),
        (
            "build.gradle.kts",
            'val dbHost = System.getenv("${alias}_PORT_${port}_TCP_ADDR") ?: "localhost"\n',
            [(1, 29, "*_PORT_*_TCP_ADDR", "${alias}_PORT_${port}_TCP_ADDR")],
        ),
        (
            "Jenkinsfile.groovy",
            'def host = env["${name}_PORT_5432_TCP_ADDR"]\n',
            [(1, 17, "*_PORT_5432_TCP_ADDR", "${name}_PORT_5432_TCP_ADDR")],
        ),
    ],
)
def test_built_names_in_six_languages(
    path: str, text: str, expected: list[tuple[int, int, str, str]]
) -> None:
    assert _built(path, text) == expected


@pytest.mark.parametrize(
    ("path", "text"),
    [
        # Kubernetes-style env entries and NAME=value strings set variables
        (
            "k8s.go",
            'env = append(env, api.EnvVar{\n\tName: fmt.Sprintf("%s_PORT_%d_TCP_ADDR", n, p),\n})\n'
            'vars = append(vars, fmt.Sprintf("%s_PORT_%d_TCP_ADDR=%s", prefix, port, ip))\n',
        ),
        # a sentence, keys of other tools, comments
        (
            "log.go",
            'log.Printf("no %s_PORT_%d_TCP_ADDR set", name, port)\n'
            'key := fmt.Sprintf("%s_%s_PORT", a, b)\n'
            '// os.Getenv(fmt.Sprintf("%s_PORT_%d_TCP_ADDR", a, p))\n',
        ),
        (
            "settings.js",
            "config.port = env[`DB_PORT_${environment}`];\n"
            "const id = `DANGEROUS_PORT_${p}_TCP_ALERT`;\n",
        ),
        ("labels.rb", 'label = "#{prefix}_ENV_FILE"\n'),
    ],
)
def test_built_shapes_that_are_no_reads(path: str, text: str) -> None:
    assert _built(path, text) == []


@pytest.mark.parametrize(
    ("path", "text", "expected"),
    [
        # setters and removals are no reads; ||= reads a default
        (
            "main.go",
            'os.Setenv("DB_PORT_5432_TCP_ADDR", "127.0.0.1")\n'
            'os.Unsetenv("DB_PORT_5432_TCP_PORT")\n'
            'h := os.Getenv("DB_PORT_5432_TCP_ADDR")\n',
            [(3, 17, "DB_PORT_5432_TCP_ADDR")],
        ),
        (
            "spec/helper.rb",
            "ENV['REDIS_PORT_6379_TCP_ADDR'] = 'localhost'\n"
            "ENV['REDIS_PORT_6379_TCP_PORT'] ||= '6379'\n"
            "EXPECTED = { 'REDIS_PORT_6379_TCP' => 'tcp://127.0.0.1:6379' }\n",
            [(2, 6, "REDIS_PORT_6379_TCP_PORT")],
        ),
        (
            "test/env.test.js",
            "process.env.DB_PORT_5432_TCP_ADDR = 'db';\n"
            "delete process.env.DB_PORT_5432_TCP_PORT;\n"
            "const env = { 'DB_ENV_POSTGRES_USER': 'app' };\n"
            "if (process.env.DB_PORT_5432_TCP_ADDR === 'db') {}\n",
            [(4, 17, "DB_PORT_5432_TCP_ADDR")],
        ),
        # a PHP config filled in by sed: $NAME is a placeholder, $DB_PORT a PHP variable
        (
            "config.php",
            "<?php\n"
            "$db = array(\n"
            "  'host' => '$MYSQL_PORT_3306_TCP_ADDR',\n"
            "  'port' => \"${MYSQL_PORT_3306_TCP_PORT}\",\n"
            ");\n"
            "$DB_PORT = 3306;\n",
            [(3, 15, "MYSQL_PORT_3306_TCP_ADDR"), (4, 16, "MYSQL_PORT_3306_TCP_PORT")],
        ),
    ],
)
def test_setters_keys_and_placeholders(
    path: str, text: str, expected: list[tuple[int, int, str]]
) -> None:
    src, facts = extract("consumer", text, path)
    assert reads(src, facts) == expected


def test_heredocs_written_to_files() -> None:
    text = (
        "#!/bin/sh\n"
        "cat > config/database.yml <<EOF\n"
        "host: <%= ENV['DB_PORT_5432_TCP_ADDR'] %>\n"
        "user: $DB_ENV_POSTGRES_USER\n"
        "EOF\n"
        "cat <<'EOF' > /etc/app.conf.tmpl\n"
        "upstream $API_PORT_80_TCP_ADDR;\n"
        "EOF\n"
        "sh <<EOF\n"
        "psql -p $DB_PORT_5432_TCP_PORT\n"
        "EOF\n"
        "tee /etc/b.conf <<'EOF' >/dev/null\n"
        "b = <?= getenv('B_PORT_80_TCP_ADDR') ?>\n"
        "EOF\n"
        "cat <<'EOF'\n"
        "usage: set $DB_PORT_5432_TCP_ADDR\n"
        "EOF\n"
    )
    src, facts = extract("shell", text, "setup.sh")
    assert reads(src, facts) == [
        (3, 16, "DB_PORT_5432_TCP_ADDR"),
        (4, 8, "DB_ENV_POSTGRES_USER"),
        (7, 11, "API_PORT_80_TCP_ADDR"),
        (10, 10, "DB_PORT_5432_TCP_PORT"),
        (13, 17, "B_PORT_80_TCP_ADDR"),
    ]


def test_a_regex_with_named_groups_reaches_the_scanner(tmp_path: Path) -> None:
    """The prefilter lets a file through whose only link text is ``PORT_(?<port>…)``."""
    (tmp_path / "Link.php").write_text(
        "<?php\n"
        "function ports(array $env) {\n"
        '    return preg_grep("/^PORT_(?<port>[0-9]+)_(?<proto>((TCP)|(UDP)))$/", '
        "array_keys($env));\n"
        "}\n"
    )
    old = os.getcwd()
    os.chdir(tmp_path)
    try:
        result = Linter(Settings(root=Path("."))).lint(["."])
    finally:
        os.chdir(old)
    got = [
        (d.code, *result.files[d.path].position(d.span.start))
        for d in result.diagnostics
        if d.code.startswith("DLK5")
    ]
    assert got == [("DLK502", 3, 25)]
