"""Markdown code blocks read as what they show."""

from __future__ import annotations

import pytest

from delink.sources import classify

from .helpers import extract, links, reads, sets


def test_fenced_console_blocks_prompts_and_output() -> None:
    text = (
        "Run it:\n"
        "\n"
        "```console\n"
        "$ docker run -d --name db postgres\n"
        "$ docker run -it --rm --link db:db busybox env\n"
        "DB_PORT_5432_TCP_ADDR=172.17.0.2\n"
        "--link shown:as-output\n"
        "```\n"
        "\n"
        "~~~bash\n"
        "user@host:~$ sudo docker run --link=cache:redis \\\n"
        ">   app\n"
        "~~~\n"
        "Prose mentions --link x:y and $DB_PORT_5432_TCP_ADDR.\n"
    )
    src, facts = extract("markdown", text, "README.md")
    assert links(src, facts) == [
        (5, 23, "--link db:db", "db"),
        (11, 30, "--link=cache:redis", "redis"),
    ]
    assert facts.reads == []


def test_indented_tab_blocks_and_placeholders() -> None:
    text = (
        "# Image\n"
        "\n"
        "\tdocker run --name a --link db:db -t %%IMAGE%%\n"
        "\tdocker run --name b --link db:db -t %%IMAGE%%\n"
        "\n"
        "    store-host $ docker run -d --link cache:redis amb\n"
        "    PONG\n"
    )
    src, facts = extract("markdown", text, "content.md")
    assert links(src, facts) == [
        (3, 22, "--link db:db", "db"),
        (4, 22, "--link db:db", "db"),
        (6, 32, "--link cache:redis", "redis"),
    ]
    assert [c.image.display for c in facts.containers if c.image is not None][:2] == [
        "%%IMAGE%%",
        "%%IMAGE%%",
    ]


def test_missing_line_continuation() -> None:
    text = (
        "```console\r\n"
        "$ docker run --name wiki -d \\\r\n"
        "    -v /etc/wiki.yml:/etc/wiki.yml\r\n"
        "    -v data:/data \\\r\n"
        "    --link postgresql:database \\\r\n"
        "    %%IMAGE%%\r\n"
        "```\r\n"
    )
    src, facts = extract("markdown", text, "content.md")
    assert links(src, facts) == [(5, 5, "--link postgresql:database", "database")]
    [problem] = facts.problems
    assert "missing line continuation" in problem.message
    assert src.position(problem.span.start) == (3, 35)


def test_bare_option_line_is_read_as_docker_run_flags() -> None:
    text = "Set it by hand:\n\n    --expose 7000 -e REDIS_PORT_7000_TCP=tcp://10.0.0.1:6379\n"
    src, facts = extract("markdown", text, "doc.md")
    assert sets(src, facts) == [(3, 22, "REDIS_PORT_7000_TCP")]


def test_dockerfile_erb_and_js_blocks() -> None:
    text = (
        "    # build it\n"
        "    FROM alpine\n"
        "    CMD env | grep _TCP= | sed 's/.*_PORT_\\([0-9]*\\)_TCP=.*/x/' | sh\n"
        "\n"
        "Then `database.yml`:\n"
        "\n"
        "    host: <%= ENV.fetch('DB_1_PORT_5432_TCP_ADDR', 'localhost') %>\n"
        "    port: 5432\n"
        "\n"
        "```js\n"
        "const h = process.env.DB_ENV_PASSWORD\n"
        "```\n"
        "```text\n"
        "DB_PORT_5432_TCP_ADDR=1.2.3.4\n"
        "```\n"
    )
    src, facts = extract("markdown", text, "doc.md")
    pattern = [r for r in facts.reads if r.pattern]
    assert len(pattern) == 1 and src.position(pattern[0].span.start)[0] == 3
    assert [x for x in reads(src, facts) if x[2] != "*_PORT_*_TCP"] == [
        (7, 26, "DB_1_PORT_5432_TCP_ADDR"),
        (11, 23, "DB_ENV_PASSWORD"),
    ]


def test_ci_yaml_block_and_sh_block_comments() -> None:
    text = (
        "```yaml\n"
        "script:\n"
        "  - docker run --link db:db app\n"
        "```\n"
        "```sh\n"
        "# docker run --link commented:out app\n"
        "docker run --link a:b app\n"
        "```\n"
    )
    src, facts = extract("markdown", text, "ci.md")
    assert links(src, facts) == [(3, 16, "--link db:db", "db"), (7, 12, "--link a:b", "b")]


@pytest.mark.parametrize(
    ("path", "head", "language"),
    [
        ("deploy/README", b"docker run -d --link db:db app\n", "markdown"),
        ("INSTALL.txt", b"Install\n", "markdown"),
        ("changes.txt", b"docker run --link db:db app\n", "consumer"),
        ("cluster-functions", b"# source me\n: ${DB:=farm-db}\n", "shell"),
        ("helpers", b"#\n\nstart_db() {\n  docker run x\n}\n", "shell"),
        ("helpers", b"function start_db {\n", "shell"),
        ("LICENSE", b"MIT License\n\nCopyright (c) 2016\n", None),
        ("Procfile", b"web: bundle exec rails s\n", None),
        (".bashrc", b"set -e\n", "consumer"),
    ],
)
def test_classify_text_docs_and_sourced_shell(path: str, head: bytes, language: str | None) -> None:
    """A plain-text README is documentation; an extensionless file without a shebang whose
    first statement only shell writes is shell (a file meant to be sourced)."""
    assert classify(path, head) == language


def test_plain_text_readme_reads_command_lines() -> None:
    text = (
        "Start it:\n"
        "docker run -d --name db postgres\n"
        "$ docker run -d --link db:db \\\n"
        "    --name web app\n"
        "Then pass --link db:db to new containers.\n"
        "--link db:other\n"
        "    docker run --link db:third app\n"
    )
    src, facts = extract("markdown", text, "README")
    assert links(src, facts) == [
        (3, 17, "--link db:db", "db"),
        (7, 16, "--link db:third", "third"),
    ]
    # the same text in a Markdown file is prose (line 7 follows no blank line)
    src, facts = extract("markdown", text, "README.md")
    assert links(src, facts) == []


def test_console_cat_of_a_compose_file() -> None:
    text = (
        "```\n"
        "$cat docker-compose.yml\n"
        "web:\n"
        "  links:\n"
        "    - db:database\n"
        "```\n"
        "```console\n"
        "$ cat compose.yaml\n"
        "services:\n"
        "  api:\n"
        "    image: app\n"
        "    links: [cache]\n"
        "$ docker compose up\n"
        "links:\n"
        "```\n"
    )
    src, facts = extract("markdown", text, "README.md")
    assert links(src, facts) == [(5, 7, "db:database", "database"), (12, 13, "cache", "cache")]


def test_windows_and_text_blocks() -> None:
    text = (
        "```powershell\n"
        "docker run -d `\n"
        "  --link db:db app\n"
        "```\n"
        "```cmd\n"
        "docker run -d ^\n"
        "  --link db:two app\n"
        "```\n"
        "```text\n"
        "docker run --link db:three app\n"
        "```\n"
        "```text\n"
        "Error: --link db:four is not supported\n"
        "```\n"
    )
    src, facts = extract("markdown", text, "README.md")
    assert links(src, facts) == [
        (3, 3, "--link db:db", "db"),
        (7, 3, "--link db:two", "two"),
        (10, 12, "--link db:three", "three"),
    ]


def test_compose_snippets_that_are_not_valid_yaml() -> None:
    """A snippet with a `//` comment, an eliding line or a key indented one blank short is
    still read (the YAML error stays an info problem); its links keep host positions and
    belong to the right service."""
    text = (
        "```yml\n"
        "services:\n"
        "  web:\n"
        "    ports:\n"
        '      - "80:80"     // the public port\n'
        "    links:\n"
        "      - db\n"
        " worker:\n"
        "    links:\n"
        "      - queue\n"
        "```\n"
        "```\n"
        "web:\n"
        " links:\n"
        "     - cache\n"
        " <SNIP>\n"
        " security_opt:\n"
        "     - apparmor=web\n"
        "```\n"
        "```yaml\n"
        "web:\n"
        "  links: [db, {\n"
        "```\n"
    )
    src, facts = extract("markdown", text, "README.md")
    assert links(src, facts) == [
        (7, 9, "db", "db"),
        (10, 9, "queue", "queue"),
        (15, 8, "cache", "cache"),
    ]
    assert sorted(c.service or "" for c in facts.containers if c.links) == ["web", "web", "worker"]
    assert [(src.position(p.span.start), p.message) for p in facts.problems] == [
        ((5, 21), "not valid YAML: did not find expected '-' indicator"),
        ((17, 2), "not valid YAML: could not find expected ':'"),
        ((22, 16), "not valid YAML: did not find expected node content"),
    ]


def test_ansible_container_services_in_a_code_block() -> None:
    """Ansible Container's services (v1-like, with `dev_overrides` and `options`) in a
    reStructuredText code block are read as Compose; its links, also those of its
    `dev_overrides`, are Docker links."""
    text = (
        "Django:\n"
        "\n"
        ".. code-block:: yaml\n"
        "\n"
        "      django:\n"
        "        image: centos:7\n"
        "        links:\n"
        "          - postgresql\n"
        "        dev_overrides:\n"
        "          command: ['runserver']\n"
        "          links:\n"
        "            - cache\n"
        "        options:\n"
        "          kube:\n"
        "            runAsUser: 1000\n"
    )
    src, facts = extract("rst", text, "docs/getting_started.rst")
    assert links(src, facts) == [
        (8, 13, "postgresql", "postgresql"),
        (12, 15, "cache", "cache"),  # the development settings' links
    ]
    # the same keys in a file that only its shape could call Compose: not Compose
    from delink.sources.compose.detect import detect
    from delink.sources.compose.nodes import load_all

    [root] = load_all("django:\n  image: centos:7\n  links: [db]\n  options: {}\n")
    assert detect(root, compose_named=False) is None
    assert detect(root, compose_named=True) == ("v1", None)
