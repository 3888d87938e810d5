"""The command line: parse arguments, call the library, pick a renderer, map errors to exit codes."""
from __future__ import annotations

import os
import sys
from enum import Enum
from typing import Annotated, Optional

import typer

from cnncalc.errors import SpecError

EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 3

app = typer.Typer(
    name="cnncalc",
    help="Exact parameter and FLOP counts for CNN layer stacks, from a small YAML spec.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class Format(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


class DType(str, Enum):
    float64 = "float64"
    float32 = "float32"
    float16 = "float16"
    bfloat16 = "bfloat16"
    int8 = "int8"


FormatOption = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
JsonOption = Annotated[bool, typer.Option("--json", help="Shorthand for --format json.")]
BatchOption = Annotated[int, typer.Option("--batch", min=1, help="Batch size: scales MACs and activations.")]
DTypeOption = Annotated[DType, typer.Option("--dtype", help="Bytes per activation value.")]
DepthOption = Annotated[
    Optional[int],
    typer.Option("--depth", min=1, help="Fold blocks nested deeper than N into one row (1: top level only)."),
]
FormulaOption = Annotated[bool, typer.Option("--formulas/--no-formulas", help="Show the formula column.")]
MaxLayersOption = Annotated[
    int, typer.Option("--max-layers", min=1, help="Refuse specs that expand to more layers than this.")
]


def _version(value: bool) -> None:
    if value:
        from cnncalc import __version__

        print(f"cnncalc {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Exact parameter and FLOP counts for CNN layer stacks, from a small YAML spec."""


def _color() -> bool:
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"


def _width() -> int | None:
    if not sys.stdout.isatty():
        return None
    return os.get_terminal_size(sys.stdout.fileno()).columns


def _load(source: str, max_layers: int):
    from cnncalc import spec

    limits = spec.Limits(max_layers=max_layers)
    if source == "-":
        return spec.load_bytes(sys.stdin.buffer.read(), "<stdin>", limits)
    return spec.load_path(source, limits)


def _emit(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


def _render(report, format_name: Format, json_flag: bool, depth: int | None, formulas: bool = True) -> str:
    from cnncalc.render import renderer

    chosen = "json" if json_flag else format_name.value
    return renderer(chosen).report(report, depth=depth, color=_color(), width=_width(), formulas=formulas)


@app.command()
def analyze(
    spec_file: Annotated[str, typer.Argument(metavar="SPEC", help="A YAML spec file, or - to read stdin.")],
    format_name: FormatOption = Format.table,
    json_flag: JsonOption = False,
    batch: BatchOption = 1,
    dtype: DTypeOption = DType.float32,
    depth: DepthOption = None,
    formulas: FormulaOption = True,
    max_layers: MaxLayersOption = 1_000_000,
) -> None:
    """Every layer's shapes, weights, bias, params, MACs and FLOPs, with the formula behind each."""
    from cnncalc.engine import analyze as run

    report = run(_load(spec_file, max_layers), batch=batch, dtype=dtype.value)
    _emit(_render(report, format_name, json_flag, depth, formulas))


def main() -> None:
    """Entry point: bad input is one line per problem on stderr and exit 2, never a traceback."""
    try:
        app()  # typer reports usage errors itself, with exit code 2
    except SpecError as error:
        for line in error.lines():
            print(f"cnncalc: error: {line}", file=sys.stderr)
        sys.exit(EXIT_BAD_INPUT)
    except BrokenPipeError:
        _quiet_broken_pipe()
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as error:  # noqa: BLE001 -- the last guard before a traceback reaches a user
        _internal(error)


def _internal(error: Exception) -> None:
    print(
        f"cnncalc: internal error: {type(error).__name__}: {error}\n"
        "This is a bug in cnncalc, not in your spec. Please report it with the spec and the command.",
        file=sys.stderr,
    )
    sys.exit(EXIT_INTERNAL)


def _quiet_broken_pipe() -> None:
    """The reader went away (`cnncalc ... | head -1`): stop without a word."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    sys.exit(0)
