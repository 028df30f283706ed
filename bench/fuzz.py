"""A fuzz campaign against every source, outside CI: ``python bench/fuzz.py``.

Random mutations of real-looking seeds (the harness of ``tests/reliability/fuzzing.py``,
which CI runs through hypothesis for a few seconds per source) for a time budget, each
input under a per-input alarm so that a hang is a finding, not a stuck campaign. Prints
how many inputs ran per source and every distinct finding with a reproducer.

    python bench/fuzz.py --minutes 20            # all sources, round robin
    python bench/fuzz.py --minutes 5 --source compose --second-fix
    python bench/fuzz.py --atheris --minutes 10  # coverage-guided (pip install atheris)
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import FrameType

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.reliability.fuzzing import (  # noqa: E402
    OPS,
    TARGETS,
    TOKENS,
    Finding,
    Mutation,
    Target,
    check,
    mutate,
    summary,
)


class _Hang(BaseException):  # not an Exception: the harness must not catch it
    pass


def _alarm(signum: int, frame: FrameType | None) -> None:
    raise _Hang


def random_mutations(rnd: random.Random) -> list[Mutation]:
    return [
        Mutation(
            rnd.choice(OPS),
            rnd.random(),
            rnd.random(),
            rnd.choice(TOKENS),
            rnd.choice((1, 1, 2, 3, 5, 10, 30, 100, 300)),
        )
        for _ in range(rnd.randint(1, 8))
    ]


class Campaign:
    def __init__(self, hang_seconds: int, second_fix: bool) -> None:
        self.hang_seconds = hang_seconds
        self.second_fix = second_fix
        self.counts: dict[str, int] = {}
        self.findings: dict[str, tuple[Finding, str]] = {}

    def run_one(self, target: Target, text: str) -> None:
        self.counts[target.language] = self.counts.get(target.language, 0) + 1
        signal.alarm(self.hang_seconds)
        try:
            found = check(target, text, second_fix=self.second_fix)
        except _Hang:
            found = [Finding("hang", target.language, f"over {self.hang_seconds} s")]
        finally:
            signal.alarm(0)
        for f in found:
            if f.signature not in self.findings:
                self.findings[f.signature] = (f, text)
                print(f"[new] {f.signature}", flush=True)


def random_campaign(args: argparse.Namespace, camp: Campaign) -> None:
    rnd = random.Random(args.seed)
    targets = [TARGETS[args.source]] if args.source else list(TARGETS.values())
    deadline = time.monotonic() + args.minutes * 60
    k = 0
    while time.monotonic() < deadline:
        target = targets[k % len(targets)]
        k += 1
        text = mutate(target, rnd.randrange(1 << 30), random_mutations(rnd))
        camp.run_one(target, text)


def atheris_campaign(args: argparse.Namespace, camp: Campaign, report: Callable[[], None]) -> None:
    import atheris  # optional: pip install atheris

    targets = [TARGETS[args.source]] if args.source else list(TARGETS.values())
    deadline = time.monotonic() + args.minutes * 60

    def one(data: bytes) -> None:
        if time.monotonic() > deadline:  # libFuzzer would call an exit a crash
            report()
            os._exit(1 if camp.findings else 0)
        fdp = atheris.FuzzedDataProvider(data)
        target = targets[fdp.ConsumeIntInRange(0, len(targets) - 1)]
        seed = target.seeds[fdp.ConsumeIntInRange(0, len(target.seeds) - 1)]
        at = fdp.ConsumeIntInRange(0, len(seed))
        text = seed[:at] + fdp.ConsumeUnicodeNoSurrogates(fdp.remaining_bytes()) + seed[at:]
        camp.run_one(target, text)

    atheris.Setup([sys.argv[0], "-rss_limit_mb=4096"], one)
    with atheris.instrument_imports():
        import delink.lint  # noqa: F401
    atheris.Fuzz()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--source", choices=sorted(TARGETS), help="one source only")
    parser.add_argument("--seed", type=int, default=12, help="random seed (reproducible runs)")
    parser.add_argument("--hang-seconds", type=int, default=60, help="per-input alarm")
    parser.add_argument("--second-fix", action="store_true", help="also write and fix again")
    parser.add_argument("--atheris", action="store_true", help="coverage-guided (atheris)")
    parser.add_argument("--json", type=Path, help="write counts and findings here")
    args = parser.parse_args()
    signal.signal(signal.SIGALRM, _alarm)
    camp = Campaign(args.hang_seconds, args.second_fix)
    started = time.monotonic()

    def report() -> None:
        print(summary(camp.counts, camp.findings))
        print(f"{time.monotonic() - started:.0f} s", flush=True)
        if args.json is not None:
            data = {
                "counts": camp.counts,
                "findings": [
                    {"signature": sig, "detail": f.detail, "input": text}
                    for sig, (f, text) in sorted(camp.findings.items())
                ],
            }
            args.json.write_text(json.dumps(data, indent=2, ensure_ascii=False))
        sys.stdout.flush()

    if args.atheris:
        atheris_campaign(args, camp, report)  # does not return
    random_campaign(args, camp)
    report()
    return 1 if camp.findings else 0


if __name__ == "__main__":
    raise SystemExit(main())
