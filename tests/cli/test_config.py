"""Configuration discovery and validation."""

from __future__ import annotations

from pathlib import Path

import pytest

from delink.config import ConfigError, load_settings, parse_size
from delink.settings import Settings


def test_defaults_without_config(tmp_path: Path) -> None:
    s = load_settings(tmp_path)
    assert s.config_path is None
    assert s.engine == Settings().engine


def test_delink_toml_found_upwards(make_project, tmp_path: Path) -> None:
    make_project({".delink.toml": 'engine = "20.10.24"\n', "a/b/run.sh": ""})
    s = load_settings(tmp_path / "a" / "b" / "run.sh")
    assert s.engine == "20.10.24"
    assert s.root == tmp_path
    assert s.config_path == tmp_path / ".delink.toml"


def test_nearest_wins_and_delink_toml_beats_pyproject(make_project, tmp_path: Path) -> None:
    make_project(
        {
            ".delink.toml": 'engine = "20.10"\n',
            "a/pyproject.toml": '[tool.delink]\nengine = "27.0"\n',
            "a/.delink.toml": 'engine = "29.0"\n',
            "b/pyproject.toml": '[tool.delink]\nengine = "27.0"\n',
            "c/pyproject.toml": '[project]\nname = "x"\n',
        }
    )
    assert load_settings(tmp_path / "a").engine == "29.0"
    assert load_settings(tmp_path / "b").engine == "27.0"
    # a pyproject.toml without [tool.delink] does not count
    assert load_settings(tmp_path / "c").engine == "20.10"


def test_tool_table_in_delink_toml(make_project, tmp_path: Path) -> None:
    make_project({".delink.toml": "[tool.delink]\nkeep-legacy-env = true\n"})
    assert load_settings(tmp_path).keep_legacy_env is True


def test_every_key(make_project, tmp_path: Path) -> None:
    make_project(
        {
            "pyproject.toml": """
[tool.delink]
network = "{project}-net"
select = ["DLK3", "legacy-link"]
ignore = ["DLK305"]
exclude = ["vendor/"]
engine = "v29.0.0"
keep-legacy-env = true
external-consumer-env = "all"
max-file-size = "2MB"
docker-sdk-version = "6.1.3"
respect-gitignore = false

[tool.delink.per-file-ignores]
"tests/*.sh" = ["DLK301"]

[tool.delink.image-ports]
"myorg/api" = [8080, "53/udp"]

[tool.delink.image-env]
"myorg/db" = { DB_USER = "app", LANG = "" }
"""
        }
    )
    s = load_settings(tmp_path)
    assert s.network == "{project}-net"
    assert s.select == ["DLK3", "legacy-link"]
    assert s.ignore == ["DLK305"]
    assert s.exclude == ["vendor/"]
    assert s.engine == "v29.0.0"
    assert s.keep_legacy_env is True
    assert s.external_consumer_env == "all"
    assert s.max_file_size == 2 * 1024 * 1024
    assert s.docker_sdk_version == "6.1.3"
    assert s.respect_gitignore is False
    assert s.per_file_ignores == {"tests/*.sh": ["DLK301"]}
    assert s.image_ports == {"myorg/api": ["8080/tcp", "53/udp"]}
    assert s.image_env == {"myorg/db": {"DB_USER": "app", "LANG": ""}}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("enginee = '28.0'", "`enginee`: unknown key; did you mean `engine`?"),
        ("max_file_size = 10", "`max_file_size`: unknown key; did you mean `max-file-size`?"),
        ("engine = 20.10", '`engine`: expected a version string such as "28.0"'),
        ("engine = 'banana'", "`engine`: expected a Docker Engine version"),
        ("select = 'DLK301'", "`select`: expected an array of strings, got 'DLK301'"),
        ("select = [1]", "`select`: expected an array of strings, item 1 is an integer"),
        ("keep-legacy-env = 'yes'", "`keep-legacy-env`: expected true or false, got 'yes'"),
        ("external-consumer-env = 'some'", '`external-consumer-env`: expected "read" or "all"'),
        ("max-file-size = 'huge'", '`max-file-size`: expected a size in bytes or like "10MB"'),
        ("max-file-size = 0", "`max-file-size`: expected a size above zero"),
        ("network = '{name}-net'", "`network`: unknown placeholder {name}"),
        ("image-ports = {a = ['x']}", "`image-ports.a`: expected ports like 5432"),
        ("image-ports = {a = [70000]}", "`image-ports.a`: expected ports like 5432"),
        ("per-file-ignores = {'x' = 3}", "`per-file-ignores.x`: expected an array of strings"),
        ("image-env = {a = ['X=1']}", "`image-env.a`: expected a table of env values"),
        ("image-env = {a = {'1X' = 'v'}}", "`image-env.a`: expected env variable names, got '1X'"),
        ("image-env = {a = {X = 1}}", "`image-env.a`: expected a string value for X, got"),
        ("docker-sdk-version = 'latest'", "`docker-sdk-version`: expected a docker SDK version"),
        ("engine = ", "invalid TOML"),
    ],
)
def test_errors_name_file_key_and_expectation(
    make_project, tmp_path: Path, text: str, message: str
) -> None:
    make_project({".delink.toml": text + "\n"})
    with pytest.raises(ConfigError) as info:
        load_settings(tmp_path)
    assert str(info.value).startswith(str(tmp_path / ".delink.toml") + ": ")
    assert message in str(info.value)


def test_pyproject_errors_show_the_table(make_project, tmp_path: Path) -> None:
    make_project({"pyproject.toml": "[tool.delink]\nengine = 'x'\n"})
    with pytest.raises(ConfigError, match=r"`tool\.delink\.engine`"):
        load_settings(tmp_path)


def test_explicit_config(make_project, tmp_path: Path) -> None:
    make_project({"conf/my.toml": "engine = '27.1'\n", ".delink.toml": "engine = '20.10'\n"})
    assert load_settings(tmp_path, tmp_path / "conf" / "my.toml").engine == "27.1"
    with pytest.raises(ConfigError, match="no such file"):
        load_settings(tmp_path, tmp_path / "missing.toml")


@pytest.mark.parametrize(
    ("value", "size"),
    [
        (100, 100),
        ("10MB", 10 * 1024**2),
        ("512 KiB", 512 * 1024),
        ("1.5M", 1572864),
        ("2gb", 2 * 1024**3),
        ("77", 77),
        ("77B", 77),
    ],
)
def test_sizes(value: object, size: int) -> None:
    assert parse_size(value) == size


def test_cli_reports_config_errors(make_project, run_cli, tmp_path: Path) -> None:
    make_project({".delink.toml": "colour = 'red'\n"})
    code, out, err = run_cli(["check", "."], cwd=tmp_path)
    assert code == 2
    assert out == ""
    assert err.startswith("delink: error: ")
    assert "`colour`: unknown key" in err
    assert "Traceback" not in err


def test_cli_engine_overrides_config(make_project, run_cli, tmp_path: Path) -> None:
    make_project({".delink.toml": "engine = '20.10'\n"})
    code, _, err = run_cli(["check", "--engine", "nope"], cwd=tmp_path)
    assert code == 2
    assert "`--engine`: expected a Docker Engine version" in err
    code, _, _ = run_cli(["check", "--engine", "29.1"], cwd=tmp_path)
    assert code == 0
