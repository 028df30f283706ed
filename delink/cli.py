"""The command line: ``delink check``, ``delink fix``, ``delink rule``.

Exit codes: 0 clean, 1 findings remain, 2 usage, configuration or internal error. No
traceback reaches the user unless ``DELINK_DEBUG=1``. Heavy modules are imported only
when a command needs them, so ``delink --version`` and ``--help`` start fast.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

from delink.escape import escape_path, escape_text
from delink.secrets import mask

if TYPE_CHECKING:
    from collections.abc import Iterator

    from delink.fixer import FixOutcome
    from delink.lint import Linter
    from delink.report.output import OutputOptions, Report
    from delink.report.progress import DelayedProgress
    from delink.settings import Settings

EXIT_CLEAN = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2


class UsageError(Exception):
    """A problem with the command line or the configuration: message, exit 2."""


class _Parser(argparse.ArgumentParser):
    _building = False

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_ERROR, f"delink: error: {message}\n")

    def add_argument(self, *args: Any, **kwargs: Any) -> argparse.Action:
        self._building = True
        try:
            return super().add_argument(*args, **kwargs)
        finally:
            self._building = False

    def _get_formatter(self) -> argparse.HelpFormatter:
        if self._building:
            # add_argument only checks the metavar with it: the width does not matter,
            # so the terminal is not asked (which imports shutil) forty times per run
            return argparse.HelpFormatter(self.prog, width=80)
        return super()._get_formatter()


def _version() -> str:
    from delink import __version__

    return f"delink {__version__}"


def build_parser() -> argparse.ArgumentParser:
    common = _Parser(add_help=False)
    common.add_argument(
        "--format",
        choices=("text", "json", "sarif", "github", "gitlab"),
        default="text",
        help="output format (text)",
    )
    common.add_argument("--output-file", metavar="FILE", help="write the report to FILE")
    common.add_argument(
        "--select",
        action="append",
        metavar="CODES",
        help="rules to run: codes, names, prefixes (DLK3) or ALL; comma list, repeatable; "
        "replaces the configuration's",
    )
    common.add_argument(
        "--ignore",
        action="append",
        metavar="CODES",
        help="rules not to run (same forms as --select); replaces the configuration's",
    )
    common.add_argument("--config", metavar="PATH", help="use this configuration file")
    common.add_argument(
        "--engine", metavar="VERSION", help="Docker Engine version the project runs on"
    )
    common.add_argument(
        "--no-gitignore", action="store_true", help="also check files .gitignore ignores"
    )
    common.add_argument("--no-cache", action="store_true", help="neither read nor write the cache")
    common.add_argument(
        "--cache-dir",
        metavar="DIR",
        help="keep the cache in DIR (default: $DELINK_CACHE_DIR, else .delink_cache at the "
        "project root)",
    )
    common.add_argument(
        "--jobs",
        type=_positive,
        metavar="N",
        help="processes that read and parse files (default: the number of CPUs)",
    )
    common.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour text output (auto: on a terminal without NO_COLOR)",
    )
    common.add_argument(
        "--fail-on",
        choices=("info", "warning", "error"),
        help="least severe finding that exits 1 (default: the config's fail-on, else warning)",
    )
    common.add_argument(
        "--exit-zero", action="store_true", help="exit 0 even with findings (2 still on failure)"
    )
    common.add_argument(
        "--statistics", action="store_true", help="count findings per rule instead of listing"
    )
    common.add_argument(
        "-q", "--quiet", action="store_true", help="print findings only: no summary or progress"
    )

    parser = _Parser(
        prog="delink",
        description="Find and fix Docker legacy container links (--link, Compose links, "
        "docker SDK links=).",
    )
    parser.add_argument("--version", action="version", version=_version())
    # prog given: argparse would otherwise build a help formatter (and import shutil)
    sub = parser.add_subparsers(
        dest="command", metavar="COMMAND", parser_class=_Parser, prog="delink"
    )

    check = sub.add_parser("check", parents=[common], help="report legacy links (default: .)")
    check.add_argument("paths", nargs="*", metavar="PATH", help="files or directories")
    baseline = check.add_mutually_exclusive_group()
    baseline.add_argument(
        "--baseline", metavar="FILE", help="report only findings that FILE does not record"
    )
    baseline.add_argument(
        "--write-baseline", metavar="FILE", help="record today's findings in FILE, exit 0"
    )

    fix = sub.add_parser("fix", parents=[common], help="rewrite legacy links")
    fix.add_argument("paths", nargs="*", metavar="PATH", help="files or directories")
    fix.add_argument(
        "--unsafe-fixes", action="store_true", help="also apply fixes that may change behaviour"
    )
    fix.add_argument(
        "--diff", action="store_true", help="print the changes as a unified diff; write nothing"
    )

    sub.add_parser(
        "server", help="run the language server on stdio (needs the lsp extra: delink[lsp])"
    )

    rule = sub.add_parser("rule", help="explain a rule, or list all rules")
    rule.add_argument("code", nargs="?", metavar="CODE", help="a code (DLK301) or name")
    rule.add_argument("--format", choices=("text", "json"), default="text")

    from delink.commands import add_commands

    add_commands(sub)  # explain, report, inspect
    return parser


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive number, got {text!r}")
    return value


def _split(values: list[str] | None) -> list[str] | None:
    if values is None:
        return None
    return [t.strip() for v in values for t in v.split(",") if t.strip()]


def _settings(args: argparse.Namespace, paths: list[str]) -> Settings:
    from pathlib import Path

    from delink.config import ConfigError, check_engine, load_settings

    try:
        settings = load_settings(
            Path(paths[0]), Path(args.config) if args.config is not None else None
        )
        if args.engine is not None:
            settings.engine = check_engine(args.engine, "--engine")
    except ConfigError as exc:
        raise UsageError(str(exc)) from None
    if args.no_gitignore:
        settings.respect_gitignore = False
    return settings


def _linter(args: argparse.Namespace, settings: Settings, codes: list[str] | None) -> Linter:
    """The linter of a check or fix run: its cache and its number of processes; with
    ``codes`` None, ``--select`` / ``--ignore`` are resolved when the rules run."""
    from delink.lint import Linter
    from delink.scan import default_jobs

    cache = None
    if not args.no_cache:
        from pathlib import Path

        from delink.cache import CACHE_DIR_NAME, ENV_CACHE_DIR, FileCache

        directory = args.cache_dir or os.environ.get(ENV_CACHE_DIR) or None
        path = Path(directory) if directory else settings.root / CACHE_DIR_NAME
        cache = FileCache(path, settings)
    jobs = args.jobs if args.jobs is not None else default_jobs()
    selection = (_split(args.select), _split(args.ignore))
    return Linter(settings, codes, cache=cache, jobs=jobs, selection=selection)


def _codes(args: argparse.Namespace, settings: Settings) -> list[str]:
    from delink.selection import SelectionError, selected_codes

    try:
        return selected_codes(settings, _split(args.select), _split(args.ignore))
    except SelectionError as exc:
        raise UsageError(str(exc)) from None


def _options(args: argparse.Namespace) -> OutputOptions:
    from delink.report.output import OutputOptions

    return OutputOptions(args.format, args.color, args.quiet, args.statistics)


@contextlib.contextmanager
def _output(args: argparse.Namespace, out: TextIO) -> Iterator[TextIO]:
    """stdout, or the ``--output-file`` (UTF-8, written whole at the end of the run)."""
    if args.output_file is None:
        yield out
        return
    try:
        with open(args.output_file, "w", encoding="utf-8", newline="\n") as fh:
            yield fh
    except OSError as exc:
        raise UsageError(f"{args.output_file}: cannot write: {exc.strerror or exc}") from None


def _progress(args: argparse.Namespace, out: TextIO, err: TextIO) -> DelayedProgress | None:
    from delink.report.output import is_terminal, uses_rich

    if args.quiet or args.output_file is not None or args.statistics:
        return None
    if not (uses_rich(_options(args), out) and is_terminal(err)):
        return None
    from delink.report.progress import DelayedProgress

    return DelayedProgress(err)


def _fail_on(args: argparse.Namespace, settings: Settings) -> str:
    return str(args.fail_on or settings.fail_on)


def cmd_check(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from delink import exitcode
    from delink.context import scope
    from delink.report.output import Report, write

    paths = args.paths or ["."]
    settings = _settings(args, paths)
    where = scope(paths, settings)
    progress = _progress(args, out, err)
    from delink.selection import SelectionError

    try:  # the rules are selected only if the run is not replayed (no rule is loaded)
        result = _linter(args, settings, None).check(where.paths, progress=progress)
    except SelectionError as exc:
        raise UsageError(str(exc)) from None
    finally:
        if progress is not None:
            progress.close()
    report = Report(where.filter(result.diagnostics), result.files, result.statements)
    if args.write_baseline is not None or args.baseline is not None:
        from delink import baseline

        # the baseline records link words itself: it is never a finding of its own
        report.diagnostics = baseline.without_itself(
            report.diagnostics, args.write_baseline or args.baseline
        )
    if args.write_baseline is not None:
        try:
            baseline.write(report.diagnostics, report.texts, report.statements, args.write_baseline)
        except baseline.BaselineError as exc:
            raise UsageError(str(exc)) from None
        n = len(report.diagnostics)
        err.write(f"Wrote {n} {'finding' if n == 1 else 'findings'} to {args.write_baseline}.\n")
        return exitcode.exit_code(False, bool(result.errors))
    if args.baseline is not None:
        _apply_baseline(args, report, err)
    with _output(args, out) as stream:
        write(report, _options(args), stream)
    for message in result.errors:
        err.write(f"delink: error: {escape_text(message)}\n")
    failed = exitcode.fails(report.diagnostics, _fail_on(args, settings))
    return exitcode.exit_code(failed, bool(result.errors), args.exit_zero)


def _apply_baseline(args: argparse.Namespace, report: Report, err: TextIO) -> None:
    from delink import baseline

    try:
        known = baseline.load(args.baseline)
    except baseline.BaselineError as exc:
        raise UsageError(str(exc)) from None
    filtered = baseline.apply(known, report.diagnostics, report.texts, report.statements)
    report.diagnostics = filtered.diagnostics
    notes = baseline.notes(filtered, args.baseline)
    if args.format == "text" and not args.statistics:
        report.notes.extend(notes)
    elif not args.quiet:
        for note in notes:
            err.write(note + "\n")


def cmd_fix(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from delink import exitcode
    from delink.context import scope
    from delink.fingerprint import statements_of
    from delink.fixer import run_fix, unified_diff
    from delink.report.output import Report, write

    paths = args.paths or ["."]
    settings = _settings(args, paths)
    codes = _codes(args, settings)
    where = scope(paths, settings)
    keep = where.keeps if where.named is not None else None
    outcome = run_fix(
        where.paths,
        settings,
        codes,
        args.unsafe_fixes,
        write=not args.diff,
        linter=_linter(args, settings, codes),
        keep=keep,
        writable=paths,
    )
    remaining = where.filter(outcome.diagnostics)
    left_out = _left_out_notes(args, outcome, where.root or ".")
    # what reached the disk: a file another process changed meanwhile is not counted
    n_files = len(outcome.changes) if args.diff else len(outcome.written)
    files_word = "file" if n_files == 1 else "files"
    problems_word = "problem" if outcome.fixed == 1 else "problems"
    with _output(args, out) as stream:
        if args.diff:
            for change in outcome.changes.values():
                stream.write(unified_diff(change))
            if outcome.changes:
                err.write(f"Would fix {outcome.fixed} {problems_word} in {n_files} {files_word}.\n")
            else:
                err.write("No fixes to apply.\n")
        else:
            report = Report(remaining, outcome.result.files, statements_of(outcome.result.project))
            if n_files:
                report.notes.append(
                    f"Fixed {outcome.fixed} {problems_word} in {n_files} {files_word}."
                )
            if left_out and args.format == "text":
                report.notes.append(left_out.pop())  # the summary line: with the summary
            write(report, _options(args), stream)
    for message in [*outcome.notes, *left_out]:
        err.write(f"delink: note: {escape_text(message)}\n")
    for message in outcome.result.errors + outcome.errors:
        err.write(f"delink: error: {escape_text(message)}\n")
    failed = exitcode.fails(remaining, _fail_on(args, settings))
    if args.diff:
        failed = failed or bool(outcome.changes)
    return exitcode.exit_code(failed, bool(outcome.errors or outcome.result.errors), args.exit_zero)


def _left_out_notes(args: argparse.Namespace, outcome: FixOutcome, root: str) -> list[str]:
    """For the fixes left out because they also edit files that were not named: one
    note each, then a summary line; [] when none was."""
    import shlex

    from delink.report import position

    if not outcome.left_out:
        return []
    unsafe = ["--unsafe-fixes"] if args.unsafe_fixes else []
    command = " ".join(["delink fix", *unsafe, shlex.quote(escape_text(root))])
    notes = []
    for item in outcome.left_out:
        row, col = position(outcome.result.files, item.diag.path, item.diag.span.start)
        names = [escape_path(p) for p in item.outside[:MAX_NAMED]]
        if len(item.outside) > MAX_NAMED:
            names.append(f"{len(item.outside) - MAX_NAMED} more")
        were = "was" if len(item.outside) == 1 else "were"
        notes.append(
            f"{escape_path(item.diag.path)}:{row}:{col}: the fix for {item.diag.code} was left "
            f"out: it also edits {', '.join(names)}, which {were} not named (`{command}` "
            "applies it)"
        )
    n = len(outcome.left_out)
    if n == 1:
        summary = "1 fix was left out, as it also edits files that were not named"
    else:
        summary = f"{n} fixes were left out, as they also edit files that were not named"
    notes.append(f"{summary}: `{command}` applies {'it' if n == 1 else 'them'}.")
    return notes


MAX_NAMED = 5  # files named in a note before "N more"


def cmd_server(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from delink import server

    if not server.available():
        raise UsageError(server.MISSING)
    return server.main()


def cmd_rule(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from delink.rule import all_rules, rule_for

    if args.code is not None:
        rule = rule_for(args.code)
        if rule is None:
            from delink.selection import _suggest

            raise UsageError(
                f"unknown rule `{args.code}`{_suggest(args.code)} (`delink rule` lists the rules)"
            )
        rules = [rule]
    else:
        rules = list(all_rules().values())
    if args.format == "json":
        import json

        data = [
            {
                "code": r.code,
                "name": r.name,
                "severity": r.severity.value,
                "summary": r.summary,
                "fixable": _fixable(r),
                "explanation": r.docs(),
            }
            for r in rules
        ]
        out.write(json.dumps(data if args.code is None else data[0], indent=2) + "\n")
        return EXIT_CLEAN
    if args.code is not None:
        out.write(rules[0].docs())
        return EXIT_CLEAN
    rows = [
        (r.code, r.name, r.severity.value, "yes" if _fixable(r) else "", r.summary) for r in rules
    ]
    heads = ("CODE", "NAME", "SEVERITY", "FIX", "SUMMARY")
    widths = [max(len(h), *(len(row[i]) for row in rows)) for i, h in enumerate(heads[:4])]
    for row in [heads, *rows]:
        cells = [row[i].ljust(widths[i]) for i in range(4)]
        out.write(("  ".join(cells) + "  " + row[4]).rstrip() + "\n")
    return EXIT_CLEAN


def _fixable(rule: object) -> bool:
    """Whether a rule can offer a fix that ``delink fix`` applies (``Rule.fixable``)."""
    return bool(getattr(rule, "fixable", False))


def main(argv: Sequence[str] | None = None) -> int:
    """Run delink; returns the exit code (the console script exits with it)."""
    out, err = sys.stdout, sys.stderr
    for stream in (out, err):
        # a file name or message in a character the terminal cannot show must not crash
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(OSError, ValueError):
                reconfigure(errors="backslashreplace")
    try:
        parser = build_parser()
        try:
            args = parser.parse_args(list(argv) if argv is not None else None)
        except SystemExit as exc:
            return exc.code if isinstance(exc.code, int) else EXIT_ERROR
        if args.command is None:
            parser.print_help(err)
            return EXIT_ERROR
        handler = {"check": cmd_check, "fix": cmd_fix, "rule": cmd_rule, "server": cmd_server}.get(
            args.command
        )
        if handler is None:
            from delink.commands import run_command

            return run_command(args, out, err, _settings)
        return handler(args, out, err)
    except UsageError as exc:
        err.write(f"delink: error: {escape_text(str(exc))}\n")
        return EXIT_ERROR
    except KeyboardInterrupt:
        err.write("delink: interrupted\n")
        return 130
    except BrokenPipeError:
        # the reader went away (delink check | head): stop quietly
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError):
            pass
        return EXIT_ERROR
    except Exception as exc:
        if os.environ.get("DELINK_DEBUG") == "1":
            raise
        message = escape_text(mask(str(exc).replace("\n", " "))) or type(exc).__name__
        err.write(f"delink: internal error: {type(exc).__name__}: {message} (please report this)\n")
        return EXIT_ERROR
