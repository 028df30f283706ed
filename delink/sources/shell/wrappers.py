"""Command wrappers (``sudo``, ``env``, ``nohup``, ``timeout`` …) and the words that run
docker (``docker``, ``/usr/bin/docker``, ``"$DOCKER_BIN"``, ``${DOCKER:-docker}``)."""

from __future__ import annotations

from delink.sources.shell.words import PARAM, Word, is_name

_WRAPPERS_KEPT = frozenset({"sudo", "env"})
WRAPPERS = frozenset(
    {
        "sudo",
        "env",
        "command",
        "exec",
        "time",
        "nohup",
        "nice",
        "ionice",
        "stdbuf",
        "timeout",
        "chronic",
        "unbuffer",
        "builtin",
        "setsid",
        "caffeinate",
        "doas",
        "winpty",
        "xargs",
    }
)
_WRAPPER_VALUE_OPTS = {
    "sudo": frozenset(["-u", "-g", "-C", "-D", "-h", "-p", "-r", "-t", "-U", "-T"]),
    "doas": frozenset({"-u", "-C"}),
    "env": frozenset({"-u", "-C", "-S", "--unset", "--chdir"}),
    "exec": frozenset({"-a"}),
    "nice": frozenset({"-n", "--adjustment"}),
    "ionice": frozenset({"-c", "-n", "-t", "--class", "--classdata"}),
    "stdbuf": frozenset({"-i", "-o", "-e"}),
    "timeout": frozenset({"-s", "-k", "--signal", "--kill-after"}),
    "xargs": frozenset(
        {"-I", "-n", "-P", "-L", "-d", "-a", "-s", "-E", "--max-args", "--max-procs"}
        | {"--max-lines", "--delimiter", "--arg-file", "--max-chars", "--eof"}
    ),
}


def is_assignment_word(w: Word) -> bool:
    prefix = w.lit_prefix()
    eq = prefix.find("=")
    if eq <= 0:
        return False
    name = prefix[:eq]
    if name.endswith("+"):
        name = name[:-1]
    return is_name(name) and not w.units[0].quoted


def unwrap(words: list[Word], i: int) -> tuple[int, list[int]]:
    """Skip command wrappers (sudo, env, exec, time, nohup...). Returns the index of
    the real command and the indices of the wrapper words worth repeating (sudo, env)."""
    kept: list[int] = []
    while i < len(words):
        lit = words[i].literal
        if lit is None:
            break
        base = lit.rsplit("/", 1)[-1]
        if base not in WRAPPERS:
            break
        keep = base in _WRAPPERS_KEPT
        if keep:
            kept.append(i)
        i += 1
        value_opts = _WRAPPER_VALUE_OPTS.get(base, frozenset())
        while i < len(words):
            wl = words[i].literal
            if wl is None:
                break
            if base == "command" and wl in ("-v", "-V"):
                return len(words), kept
            if wl == "--":
                if keep:
                    kept.append(i)
                i += 1
                break
            if wl.startswith("-") and len(wl) > 1:
                if keep:
                    kept.append(i)
                if wl in value_opts or (wl.startswith("--") and "=" not in wl and wl in value_opts):
                    if keep and i + 1 < len(words):
                        kept.append(i + 1)
                    i += 2
                else:
                    i += 1
                continue
            if base in ("env", "sudo") and is_assignment_word(words[i]):
                if keep:
                    kept.append(i)
                i += 1
                continue
            if base == "timeout" and wl[:1].isdigit():
                i += 1
            break
    return i, kept


def is_docker_word(w: Word) -> bool:
    lit = w.literal
    if lit is not None:
        return lit.rsplit("/", 1)[-1] in ("docker", "docker.exe")
    for u in w.units:
        if u.kind == PARAM and ((u.name and "DOCKER" in u.name.upper()) or "docker" in u.op):
            return all(x.kind == PARAM or x.text in "/" for x in w.units) or w.display.endswith(
                "docker"
            )
    return False
