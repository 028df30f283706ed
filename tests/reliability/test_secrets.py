"""Secrets are never printed (issue 12): masking whole shell words and whole YAML
scalars, one classification for reporting and fixing, and masking in linear time."""

from __future__ import annotations

import time

import pytest

from delink.secrets import is_secret, is_secret_name, is_secret_value, mask, masked_line

MASKED = [
    # a quoted word is one value, blanks included
    ('docker run -e "POSTGRES_PASSWORD=a b" app', 'docker run -e "POSTGRES_PASSWORD=****" app'),
    ("docker run -e PASSWORD=a\\ b app", "docker run -e PASSWORD=**** app"),
    ("docker run -e PASSWORD='a'\"b\" app", "docker run -e PASSWORD=**** app"),
    ("PASSWORD=${X}secret", "PASSWORD=****"),
    ("PASSWORD=${X:-secret}", "PASSWORD=****"),
    ("PASSWORD=$X$Y", "PASSWORD=$X$Y"),
    # flags that take a secret
    ("mycmd --password x", "mycmd --password ****"),
    ("mycmd --db-token=x", "mycmd --db-token=****"),
    ("mysql -pX -h db", "mysql -p**** -h db"),
    ("mysql -p db", "mysql -p db"),
    ("docker login -p x registry", "docker login -p **** registry"),
    ("docker --config d --debug login -p x r", "docker --config d --debug login -p **** r"),
    ("docker login -p x r && run -p 80:80", "docker login -p **** r && run -p 80:80"),
    (' login -p x reg")', ' login -p **** reg")'),
    ("docker login --password x registry", "docker login --password **** registry"),
    ("docker run -p 80:80 app", "docker run -p 80:80 app"),
    ("docker login --password-stdin registry", "docker login --password-stdin registry"),
    ("curl -u a:x http://h", "curl -u a:**** http://h"),
    ("curl --user=a:x http://h", "curl --user=a:**** http://h"),
    ("curl -ua:x http://h", "curl -ua:**** http://h"),
    ("docker run -u 1000:1000 app", "docker run -u 1000:1000 app"),
    # headers and URLs
    ('curl -H "Authorization: Bearer xyz" h', 'curl -H "Authorization: Bearer ****" h'),
    ("Authorization: token abc", "Authorization: ****"),
    ("redis://:x@db:6379", "redis://:****@db:6379"),
    ("git clone https://x@host/r", "git clone https://****@host/r"),
    ("DATABASE_URL=postgres://u:x@db/app", "DATABASE_URL=postgres://u:****@db/app"),
    ("url: https://${USER}:${PASS}@h", "url: https://${USER}:${PASS}@h"),
    # defaults of secret-named reads
    ('os.getenv("DB_PASSWORD", "secret")', 'os.getenv("DB_PASSWORD", "****")'),
    ("ENV.fetch('API_TOKEN', 'abc')", "ENV.fetch('API_TOKEN', '****')"),
    ('os.getenv("DB_HOST", "db")', 'os.getenv("DB_HOST", "db")'),
    # wider secret names
    ("APP_KEY=base64:abc", "APP_KEY=****"),
    ("ADMIN_PW=x JWT_KEY=y LICENSE_KEY=z", "ADMIN_PW=**** JWT_KEY=**** LICENSE_KEY=****"),
    # YAML scalars with their continuation lines
    (
        'environment:\n  PASSWORD: "abc\n    def"\n  X: 1\n',
        'environment:\n  PASSWORD: "****\n    ****"\n  X: 1\n',
    ),
    (
        "environment:\n  PASSWORD: abc\n    def\n  X: 1\n",
        "environment:\n  PASSWORD: ****\n    ****\n  X: 1\n",
    ),
    (
        "x:\n  SSH_PRIVATE_KEY: |\n    line1\n\n    line2\n  X: 1\n",
        "x:\n  SSH_PRIVATE_KEY: |\n    ****\n\n    ****\n  X: 1\n",
    ),
    (
        "secrets:\n  db:\n    file: ./db.txt\n",  # a mapping, not a scalar: only its values
        "secrets:\n  db:\n    file: ./db.txt\n",
    ),
    ("- POSTGRES_PASSWORD=a b  # c", "- POSTGRES_PASSWORD=****  # c"),
    ("description: don't\nPASSWORD: x\n", "description: don't\nPASSWORD: ****\n"),
    ("a\r\nPASSWORD: x\r\n", "a\r\nPASSWORD: ****\r\n"),
    # code inside a quoted string, compact JSON (found by bench/fuzz.py)
    ('system("docker login -p x reg")', 'system("docker login -p **** reg")'),
    (
        'sh "docker run app  environment: {POSTGRES_PASSWORD: x}"',
        'sh "docker run app  environment: {POSTGRES_PASSWORD: ****}"',
    ),
    ('{"password":"x","user":"u"}', '{"password":"****","user":"u"}'),
    ("{'api_key':'abc'}", "{'api_key':'****'}"),
    ("POSTGRES_PASSWORD:alias db:5432", "POSTGRES_PASSWORD:alias db:5432"),
    ("PASSWORD=a}}", "PASSWORD=****"),
    # an apostrophe of prose is no quote that runs on over later lines (a README)
    (
        "Redmine's setup:\n\n    docker run --env='DB_USER=u' --env='DB_PASS=pw' \\\n"
        "      redmine\n\nThat's all. Don't worry.\n",
        "Redmine's setup:\n\n    docker run --env='DB_USER=u' --env='DB_PASS=****' \\\n"
        "      redmine\n\nThat's all. Don't worry.\n",
    ),
]


@pytest.mark.parametrize(("text", "masked"), MASKED)
def test_masking_whole_values(text: str, masked: str) -> None:
    assert mask(text) == masked


def test_a_frame_line_is_masked_in_the_context_of_its_file() -> None:
    text = "environment:\n  PASSWORD: |\n    hunter2\n"
    start = text.index("    hunter2")
    line, remap = masked_line(text, start, start + len("    hunter2"))
    assert line == "    ****" and remap(4) == 4 and remap(11) == 8


@pytest.mark.parametrize(
    "name",
    ["APP_KEY", "JWT_KEY", "SESSION_KEY", "LICENSE_KEY", "HMAC_KEY", "ADMIN_PW", "SSH_KEY"],
)
def test_wider_secret_names(name: str) -> None:
    assert is_secret_name(name)


@pytest.mark.parametrize("name", ["KEY", "KEYBOARD", "DB_HOST", "AUTHOR", "MONKEY"])
def test_not_secret_names(name: str) -> None:
    assert not is_secret_name(name)


def test_secret_values_whatever_the_name() -> None:
    assert is_secret("DATABASE_URL", "postgres://u:x@db/app")
    assert is_secret("REPO", "https://ghp_abc@github.com/o/r")
    assert is_secret("HEADER", "Bearer abc")
    assert not is_secret("DATABASE_URL", "postgres://db/app")
    assert not is_secret_value("postgres://${U}:${P}@db/app")


N = 200_000  # characters: a quadratic scan of this takes minutes, a linear one < 1 s


@pytest.mark.parametrize(
    "unit",
    [
        "a",
        "x ",
        "a=",
        "a b ",
        '"',
        "\\",
        '"\\',
        "$(",
        "${A:-",
        "://",
        "- ",
        "--password ",
        "Bearer ",
        "-p",
        "PASSWORD: ",
        "\n  ",
        '{"password":',
        '"password":"',
        '"a b PASSWORD="',
        '"PASSWORD=x ',
        "{PASSWORD: }",
    ],
)
def test_masking_is_linear(unit: str) -> None:
    text = "PASSWORD=" + unit * (N // len(unit)) + "\n"
    t = time.perf_counter()
    mask(text)
    assert time.perf_counter() - t < 5
