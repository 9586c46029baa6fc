"""Command line: ``python -m analysis parse|report|corpus``.

Every expected failure is printed as one line, ``mawaqif: error: ...``, with
exit status 2; nothing already written is lost or half-overwritten.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from collections.abc import Sequence

from .errors import MawaqifError

STAGES = {"report": "runner", "corpus": "corpus"}  # subcommand -> module that registers it


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The argument parser with one subcommand per stage.

    When ``argv`` names a stage's subcommand, only that stage's module is
    imported (``report`` then starts its kernels without importing pandas
    here); otherwise all are, for the help and the error messages.
    """
    parser = _Parser(prog="python -m analysis", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    parse = commands.add_parser("parse", help="an article's tables as CSV files")
    parse.add_argument("article", help="article text file (UTF-8, UTF-16 with BOM, Windows-1256)")
    parse.add_argument("--date", help="article date YYYY-MM-DD (resolves weekday words)")
    parse.add_argument("--lexicon", help="user lexicon YAML that extends the built-in one")
    parse.add_argument("--out", required=True, help="output folder (replaced atomically)")
    parse.set_defaults(func=_run_parse)
    named = next((a for a in (argv or ()) if not a.startswith("-")), None)
    modules = [STAGES[named]] if named in STAGES else list(STAGES.values())
    for module in modules:  # optional stages register their own subcommands
        try:
            importlib.import_module(f".{module}", __package__).configure_parser(commands)
        except (ImportError, AttributeError):
            continue
    return parser


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, no usage dump
        raise MawaqifError(message)


def _run_parse(args: argparse.Namespace) -> int:
    from pathlib import Path

    from .pipeline import parse, write_tables

    result = parse(Path(args.article), date=args.date, lexicon=args.lexicon)
    meta = {
        "article": result.name,
        "encoding": result.encoding,
        "date": result.date.isoformat() if result.date else "",
        "lexicon_version": result.lexicon_version,
        "rows": {name: len(frame) for name, frame in result.tables().items()},
    }
    out = write_tables(
        result, args.out, extra={"article.json": json.dumps(meta, ensure_ascii=False, indent=2)}
    )
    rows = ", ".join(f"{n} {name}" for name, n in meta["rows"].items())
    print(f"{result.name} ({result.encoding}): {rows} -> {out}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    try:
        argv = sys.argv[1:] if argv is None else list(argv)
        args = build_parser(argv).parse_args(argv)
        return int(args.func(args) or 0)
    except MawaqifError as exc:
        print(f"mawaqif: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("mawaqif: error: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader of stdout left (``| head``): nothing more to say
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
