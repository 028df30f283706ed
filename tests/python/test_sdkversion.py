"""The project's pin of the docker SDK, from every file format delink reads."""

from __future__ import annotations

from pathlib import Path

import pytest

from delink.sdkversion import find_pin, parse_specifier, pin_from_config

from .helpers import write


@pytest.mark.parametrize(
    ("spec", "seven", "three_six"),
    [
        ("==7.1.0", True, True),
        (">=7", True, True),
        (">=6.1,<7", False, True),
        ("==6.*", False, True),
        ("~=6.1", False, True),
        ("^6.1", False, True),
        ("~6.1", False, True),
        (">=5", None, True),
        ("<=6.1.3", False, None),
        ("<7.0.0", False, None),
        ("==3.5.1", False, False),
        (">6.9", None, True),
    ],
)
def test_specifiers(spec: str, seven: bool | None, three_six: bool | None) -> None:
    pin = parse_specifier(spec, "x")
    assert pin is not None
    assert pin.at_least((7, 0, 0)) is seven
    assert pin.at_least((3, 6, 0)) is three_six


def test_unbounded_and_legacy_names() -> None:
    assert parse_specifier("", "x") is None
    assert parse_specifier("*", "x") is None
    legacy = parse_specifier("", "x", "docker-py")
    assert legacy is not None and legacy.at_least((2, 0, 0)) is False
    assert pin_from_config("6.1.3") is not None and pin_from_config("") is None


@pytest.mark.parametrize(
    ("files", "spec", "source"),
    [
        (
            {"requirements.txt": "requests\ndocker[ssh]>=6.1,<7 ; python_version>'3'\n"},
            "docker>=6.1,<7",
            "requirements.txt:2",
        ),
        ({"requirements/base.txt": "docker==7.1.0\n"}, "docker==7.1.0", "base.txt:1"),
        (
            {"requirements.txt": "-r deps.txt\n", "deps.txt": "docker==6.1.3\n"},
            "docker==6.1.3",
            "deps.txt:1",
        ),
        (
            {"requirements.txt": "docker-compose==1.29\ndockerfile-parse\ndocker-py==1.10.6\n"},
            "docker-py==1.10.6",
            "requirements.txt:3",
        ),
        (
            {"pyproject.toml": "[project]\nname='x'\ndependencies = ['docker>=7.0']\n"},
            "docker>=7.0",
            "pyproject.toml",
        ),
        (
            {
                "pyproject.toml": "[tool.poetry.dependencies]\npython = '^3.10'\n"
                "docker = {version = '^6.1', extras = ['ssh']}\n"
            },
            "docker^6.1",
            "pyproject.toml [tool.poetry]",
        ),
        ({"Pipfile": "[packages]\ndocker = '==6.1.3'\n"}, "docker==6.1.3", "Pipfile [packages]"),
        (
            {"Pipfile.lock": '{"default": {"docker": {"version": "==7.0.0"}}}'},
            "docker==7.0.0",
            "Pipfile.lock",
        ),
        (
            {"poetry.lock": "[[package]]\nname = 'docker'\nversion = '6.1.3'\n"},
            "docker==6.1.3",
            "poetry.lock",
        ),
        (
            {"uv.lock": '[[package]]\nname = "docker"\nversion = "7.1.0"\n'},
            "docker==7.1.0",
            "uv.lock",
        ),
        (
            {"setup.cfg": "[options]\ninstall_requires =\n    docker>=4,<5\n"},
            "docker>=4,<5",
            "setup.cfg:3",
        ),
        (
            {"setup.py": "setup(install_requires=['requests', \"docker >= 6.0, < 7\"])\n"},
            "docker>= 6.0, < 7",
            "setup.py:1",
        ),
    ],
)
def test_files(tmp_path: Path, files: dict[str, str], spec: str, source: str) -> None:
    write(tmp_path, {**files, "deploy/up.py": "import docker\n"})
    pin = find_pin(str(tmp_path / "deploy" / "up.py"), tmp_path)
    assert pin is not None
    assert pin.spec.replace(" ", "") == spec.replace(" ", "")
    assert pin.source.endswith(source)


def test_lock_files_win_and_the_nearest_directory_wins(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "requirements.txt": "docker>=6\n",
            "poetry.lock": "[[package]]\nname = 'docker'\nversion = '7.1.0'\n",
            "tools/requirements.txt": "docker<7\n",
            "tools/run.py": "",
            "app/run.py": "",
        },
    )
    tools = find_pin(str(tmp_path / "tools" / "run.py"), tmp_path)
    assert (
        tools is not None
        and tools.spec == "docker<7"
        and tools.source == "tools/requirements.txt:1"
    )
    app = find_pin(str(tmp_path / "app" / "run.py"), tmp_path)
    assert app is not None and app.spec == "docker==7.1.0" and app.source == "poetry.lock"


def test_no_pin(tmp_path: Path) -> None:
    write(tmp_path, {"requirements.txt": "requests\n", "run.py": ""})
    assert find_pin(str(tmp_path / "run.py"), tmp_path) is None
