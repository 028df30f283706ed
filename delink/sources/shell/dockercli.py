"""The docker CLI grammar: which words are flags, which take a value, where the image is.

The flag tables follow docker/cli (``cli/command/container/opts.go`` ``addFlags``,
``run.go``, ``create.go``; ``cli/flags/options.go`` for the global flags; the network,
rm, exec and build commands), plus flags older engines had. pflag rules: ``--flag=v``,
``--flag v`` (a non-bool flag takes the next word even when it starts with ``-``),
short clusters (``-dit``), attached short values (``-p8080:80``, ``-eX=1``, ``-e=X``),
``--`` ends the flags; ``SetInterspersed(false)``: the first positional word is the
image and everything after it belongs to the container's command. Pre-1.0 engines
took long flags with one dash (``-link a:b``, ``-name=x``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from delink.sources.shell.words import LIT, PARAM, Word, names

# -- docker run / create --------------------------------------------------------------

RUN_VALUE_FLAGS = names(
    """
    add-host annotation attach blkio-weight blkio-weight-device cap-add cap-drop
    cgroup-parent cgroupns cidfile cpu-count cpu-percent cpu-period cpu-quota
    cpu-rt-period cpu-rt-runtime cpu-shares cpus cpuset-cpus cpuset-mems detach-keys
    device device-cgroup-rule device-read-bps device-read-iops device-write-bps
    device-write-iops dns dns-opt dns-option dns-search domainname entrypoint env
    env-file expose gpus group-add health-cmd health-interval health-retries
    health-start-interval health-start-period health-timeout hostname io-maxbandwidth
    io-maxiops ip ip6 ipc isolation kernel-memory label label-file link link-local-ip
    log-driver log-opt mac-address memory memory-reservation memory-swap
    memory-swappiness mount name net net-alias network network-alias oom-score-adj pid
    pids-limit platform publish pull restart runtime security-opt shm-size stop-signal
    stop-timeout storage-opt sysctl tmpfs ulimit user userns uts volume volume-driver
    volumes-from workdir cpuset lxc-conf
    """
)
RUN_BOOL_FLAGS = names(
    """
    detach interactive tty rm privileged read-only publish-all sig-proxy init
    no-healthcheck oom-kill-disable quiet disable-content-trust use-api-socket help
    """
)
RUN_SHORT = {
    "a": "attach",
    "c": "cpu-shares",
    "d": "detach",
    "e": "env",
    "h": "hostname",
    "i": "interactive",
    "l": "label",
    "m": "memory",
    "p": "publish",
    "P": "publish-all",
    "q": "quiet",
    "t": "tty",
    "u": "user",
    "v": "volume",
    "w": "workdir",
}
# Long flags pre-1.0 engines took with one dash (``-link``, ``-name``); tried before
# reading a single-dash word as a cluster of short flags.
LEGACY_SINGLE_DASH = names(
    """
    link name rm privileged dns volumes-from entrypoint expose lxc-conf cidfile
    sig-proxy net env-file restart add-host cap-add cap-drop device dns-search
    publish-all
    """
)

# -- global flags (before the subcommand) ---------------------------------------------

GLOBAL_VALUE_FLAGS = frozenset(
    ["host", "config", "context", "log-level", "tlscacert", "tlscert", "tlskey"]
)
GLOBAL_BOOL_FLAGS = frozenset(["debug", "tls", "tlsverify", "version", "help"])
GLOBAL_SHORT = {"H": "host", "c": "context", "l": "log-level", "D": "debug", "v": "version"}

# -- other subcommands ----------------------------------------------------------------

CONNECT_VALUE = frozenset(
    ["alias", "link", "ip", "ip6", "link-local-ip", "driver-opt", "gw-priority"]
)
CONNECT_BOOL = frozenset({"help"})
NETCREATE_VALUE = names(
    """
    driver subnet gateway ip-range aux-address opt ipam-driver ipam-opt label scope
    config-from ipv4 ipv6
    """
)
NETCREATE_BOOL = frozenset(["internal", "attachable", "ingress", "config-only", "help"])
NETCREATE_SHORT = {"d": "driver", "o": "opt"}
RM_VALUE: frozenset[str] = frozenset()
RM_BOOL = frozenset(["force", "link", "volumes", "help"])
RM_SHORT = {"f": "force", "l": "link", "v": "volumes"}
EXEC_VALUE = frozenset(["env", "env-file", "user", "workdir", "detach-keys"])
EXEC_BOOL = frozenset(["detach", "interactive", "tty", "privileged", "help"])
EXEC_SHORT = {
    "d": "detach",
    "e": "env",
    "i": "interactive",
    "t": "tty",
    "u": "user",
    "w": "workdir",
}
BUILD_VALUE = names(
    """
    tag file build-arg label target network platform cache-from cache-to secret ssh
    add-host iidfile output progress shm-size ulimit memory memory-swap cpu-shares
    cpu-period cpu-quota cpuset-cpus cpuset-mems cgroup-parent isolation security-opt
    builder allow attest annotation build-context call metadata-file sbom provenance
    """
)
BUILD_BOOL = frozenset(
    ["quiet", "no-cache", "pull", "rm", "force-rm", "compress", "squash", "load", "push", "help"]
)
BUILD_SHORT = {
    "t": "tag",
    "f": "file",
    "q": "quiet",
    "m": "memory",
    "c": "cpu-shares",
    "o": "output",
}


@dataclass(frozen=True)
class Grammar:
    value: frozenset[str]
    boolean: frozenset[str]
    short: dict[str, str]
    legacy: frozenset[str] = frozenset()

    def takes_value(self, name: str) -> bool:
        return name in self.value


RUN = Grammar(RUN_VALUE_FLAGS, RUN_BOOL_FLAGS, RUN_SHORT, LEGACY_SINGLE_DASH)
GLOBAL = Grammar(GLOBAL_VALUE_FLAGS, GLOBAL_BOOL_FLAGS, GLOBAL_SHORT)
CONNECT = Grammar(CONNECT_VALUE, CONNECT_BOOL, {})
NETCREATE = Grammar(NETCREATE_VALUE, NETCREATE_BOOL, NETCREATE_SHORT)
RM = Grammar(RM_VALUE, RM_BOOL, RM_SHORT)
EXEC = Grammar(EXEC_VALUE, EXEC_BOOL, EXEC_SHORT)
BUILD = Grammar(BUILD_VALUE, BUILD_BOOL, BUILD_SHORT)

# Variables that usually hold options rather than an image (``$OPTS``, ``$DOCKER_ARGS``).
_OPTION_VAR = re.compile(r"OPT|ARG|FLAG|LINK|PARAM|EXTRA|ENV|VOL|PORT|NET|MOUNT|RUN_|DOCKER", re.I)
_IMAGE_VAR = re.compile(r"IMAGE|IMG|REPO|TAG", re.I)


@dataclass
class Opt:
    name: str  # canonical long name ("link", "network"); "?" for an unknown flag
    flag: Word  # the word that holds the flag
    value: Word | None  # the value (a slice of ``flag`` when attached)
    index: int  # index of ``flag`` in the word list
    spelled: str  # the flag as written: "--link", "-link", "-e", "--link="
    attached: bool = False
    legacy: bool = False


@dataclass
class Parsed:
    opts: list[Opt] = field(default_factory=list)
    args: list[Word] = field(default_factory=list)  # positional words (image, command...)
    arg_index: int = -1  # index of the first positional word
    opaque: list[Word] = field(default_factory=list)  # unknown expansions read as options
    unknown: list[Opt] = field(default_factory=list)

    def get(self, *names: str) -> list[Opt]:
        return [o for o in self.opts if o.name in names]


def sub_after(word: Word, k: int) -> Word:
    """The part of ``word`` after unit ``k`` (the value of ``--flag=value``): to the end
    of the word, or of its units when ``k`` is inside quotes (``"--link=a:b"``)."""
    if word.units[k].quoted:
        return word.part(k + 1)
    return word.sub(k + 1, None, start=word.units[k].end)


def _opaque(word: Word, following: list[Word]) -> bool:
    """Is an unquoted, unknown expansion in option position more likely options than
    the image? (``docker run $OPTS image``)."""
    if word.via is not None and not word.static and not word.via.quoted:
        name = word.via.name or ""  # a variable whose value we only partly know
    elif len(word.units) != 1 or word.units[0].kind != PARAM or word.units[0].quoted:
        return False
    else:
        name = word.units[0].name or ""
    if following and following[0].lit_prefix().startswith("-"):
        return True
    if _IMAGE_VAR.search(name):
        return False
    return bool(_OPTION_VAR.search(name)) and bool(following)


def parse_flags(
    words: list[Word], start: int, grammar: Grammar, *, interspersed: bool = False
) -> Parsed:
    """Read flags from ``words[start:]`` until the first positional word (or to the end
    with ``interspersed``: flags may follow positional words, as in ``network connect``)."""
    out = Parsed()
    i = start
    n = len(words)
    while i < n:
        w = words[i]
        prefix = w.lit_prefix()
        if prefix == "--" and len(w.units) == 2:
            i += 1
            if not interspersed:
                out.arg_index = i
                out.args.extend(words[i:])
                return out
            out.args.extend(words[i:])
            return out
        if prefix.startswith("--") and len(prefix) > 2:
            eq = w.find_lit("=")
            name = prefix[2:eq] if eq >= 0 else w.lit_prefix()[2:]
            if eq < 0 and not w.static:
                name = prefix[2:]
            if eq >= 0:
                opt = Opt(name, w, sub_after(w, eq), i, f"--{name}=", attached=True)
                i += 1
            elif name in grammar.value:
                value = words[i + 1] if i + 1 < n else None
                opt = Opt(name, w, value, i, f"--{name}")
                i += 2
            else:
                opt = Opt(name, w, None, i, f"--{name}")
                i += 1
            if name in grammar.value or name in grammar.boolean:
                out.opts.append(opt)
            else:
                opt.name = "?" if name not in grammar.boolean else name
                out.unknown.append(opt)
            continue
        if prefix.startswith("-") and len(w.units) > 1 and w.units[1].kind == LIT:
            body = prefix[1:]
            eq = w.find_lit("=")
            lname = prefix[1:eq] if eq >= 0 else body
            if grammar.legacy and lname in grammar.legacy and len(lname) > 1:
                if eq >= 0:
                    out.opts.append(Opt(lname, w, sub_after(w, eq), i, f"-{lname}=", True, True))
                    i += 1
                elif lname in grammar.value:
                    value = words[i + 1] if i + 1 < n else None
                    out.opts.append(Opt(lname, w, value, i, f"-{lname}", legacy=True))
                    i += 2
                else:
                    out.opts.append(Opt(lname, w, None, i, f"-{lname}", legacy=True))
                    i += 1
                continue
            # a cluster of short flags
            consumed_next = False
            k = 1
            while k < len(w.units):
                u = w.units[k]
                if u.kind != LIT:
                    break
                long = grammar.short.get(u.text)
                if long is None:
                    out.unknown.append(Opt("?", w, None, i, f"-{u.text}"))
                    k += 1
                    continue
                if long in grammar.value:
                    if k + 1 < len(w.units):
                        j = (
                            k + 1
                            if w.units[k + 1].text != "=" or w.units[k + 1].kind != LIT
                            else k + 2
                        )
                        value = w.sub(j, None, start=w.units[j - 1].end)
                        out.opts.append(Opt(long, w, value, i, f"-{u.text}", attached=True))
                    else:
                        value = words[i + 1] if i + 1 < n else None
                        out.opts.append(Opt(long, w, value, i, f"-{u.text}"))
                        consumed_next = True
                    break
                out.opts.append(Opt(long, w, None, i, f"-{u.text}"))
                k += 1
            i += 2 if consumed_next else 1
            continue
        if not interspersed and _opaque(w, words[i + 1 :]):
            out.opaque.append(w)
            i += 1
            continue
        if out.arg_index < 0:
            out.arg_index = i
        out.args.append(w)
        i += 1
        if not interspersed:
            out.args.extend(words[i:])
            return out
    return out


def subcommand(words: list[Word], start: int) -> tuple[tuple[str, ...], int, Parsed] | None:
    """After the docker word at ``words[start - 1]``: global flags, then the
    subcommand. Returns the subcommand words, the index after them and the global
    flags; None when there is no subcommand we read."""
    g = parse_flags(words, start, GLOBAL)
    i = g.arg_index
    if i < 0 or i >= len(words):
        return None
    first = words[i].literal
    if first is None:
        return None
    second = words[i + 1].literal if i + 1 < len(words) else None
    if first in ("run", "create", "rm", "build", "exec", "rename", "tag"):
        return (first,), i + 1, g
    if first == "container" and second in ("run", "create", "rm", "exec", "rename"):
        return (first, second), i + 2, g
    if first == "image" and second in ("build", "tag"):
        return (first, second), i + 2, g
    if first == "buildx" and second == "build":
        return (first, second), i + 2, g
    if first == "network" and second in ("connect", "create"):
        return (first, second), i + 2, g
    return None
