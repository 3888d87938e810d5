"""The command line: parse arguments, call the library, pick a renderer, map errors to exit codes."""
from __future__ import annotations

import os
import sys
from enum import Enum
from typing import Annotated, Optional

import typer

from cnncalc.errors import Location, SpecError

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
FieldOption = Annotated[
    bool, typer.Option("--rf", help="Add each layer's receptive field: size, stride and padding (JSON always has them).")
]
FormulaOption = Annotated[bool, typer.Option("--formulas/--no-formulas", help="Show the formula column.")]
MaxLayersOption = Annotated[
    int, typer.Option("--max-layers", min=1, help="Refuse specs that expand to more layers than this.")
]
MaxNestingOption = Annotated[
    int, typer.Option("--max-nesting", min=1, help="Refuse specs with blocks and branches nested deeper than this.")
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
    """The terminal's width; into a pipe, COLUMNS if set, else unlimited (one line per row)."""
    if sys.stdout.isatty():
        return os.get_terminal_size(sys.stdout.fileno()).columns
    columns = os.environ.get("COLUMNS", "")
    return int(columns) if columns.isdigit() and int(columns) >= 40 else None


def _load(source: str, max_layers: int, max_nesting: int):
    """The suite of specs in a file, or in stdin for `-`, or a preset when no such file exists."""
    from cnncalc import spec

    limits = spec.Limits(max_layers=max_layers, max_nesting=max_nesting)
    if source == "-":
        return spec.load_suite_bytes(sys.stdin.buffer.read(), "<stdin>", limits)
    if not os.path.exists(source):
        from cnncalc import presets

        if source in presets.names():
            return presets.load(source, limits)
    return spec.load_suite_path(source, limits)


def _convention(name: str | None):
    if name is None:
        return None
    from cnncalc.conventions import BY_ID

    if name not in BY_ID:
        raise SpecError(f"no convention `{name}`; choose from {', '.join(BY_ID)}")
    return BY_ID[name]


def _emit(text: str) -> None:
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        _quiet_broken_pipe()


def _show(suites, format_name: Format, json_flag: bool, batch: int, dtype: DType, depth: int | None = None,
          formulas: bool = True, by_layer: bool = False, baseline: int = 1, always_compare: bool = False,
          convention: str | None = None, receptive_field: bool = False) -> None:
    """Analyze every spec of the suites; render one report, or a comparison of several."""
    from cnncalc.engine import analyze as run
    from cnncalc.presets import fill_lesson
    from cnncalc.render import renderer
    from cnncalc.report import compare

    specs = [spec for suite in suites for spec in suite.specs]
    reports = [run(spec, batch=batch, dtype=dtype.value) for spec in specs]
    output = renderer("json" if json_flag else format_name.value)
    options = {"depth": depth, "color": _color(), "width": _width(), "formulas": formulas, "by_layer": by_layer,
               "pretty": sys.stdout.isatty(), "convention": _convention(convention), "receptive_field": receptive_field}
    if len(reports) == 1 and not always_compare:
        _emit(output.report(reports[0], **options))
        return
    if not 1 <= baseline <= len(reports):
        raise SpecError(f"--baseline must be between 1 and {len(reports)}, the number of specs")
    comparison = compare(reports, baseline - 1)
    if len(suites) == 1:
        suite = suites[0]
        comparison = comparison._replace(name=suite.name, source=suite.source, description=suite.description,
                                         lesson=fill_lesson(suite.lesson, comparison) if suite.lesson else "")
    _emit(output.comparison(comparison, **options))


@app.command()
def analyze(
    spec: Annotated[str, typer.Argument(metavar="SPEC", help="A YAML spec file, - to read stdin, or a preset name.")],
    format_name: FormatOption = Format.table,
    json_flag: JsonOption = False,
    batch: BatchOption = 1,
    dtype: DTypeOption = DType.float32,
    depth: DepthOption = None,
    formulas: FormulaOption = True,
    convention: ConventionOption = None,
    receptive_field: FieldOption = False,
    max_layers: MaxLayersOption = 100_000,
    max_nesting: MaxNestingOption = 100,
) -> None:
    """Count every layer of a spec: shapes, params, MACs, FLOPs, and the formula behind each.

    A file of variants is shown as a comparison."""
    _show([_load(spec, max_layers, max_nesting)], format_name, json_flag, batch, dtype, depth, formulas,
          convention=convention, receptive_field=receptive_field)


ConventionOption = Annotated[
    Optional[str],
    typer.Option("--convention", help="Also count as this tool does: torchinfo, fvcore, ptflops, thop, ... "
                                      "(`cnncalc conventions` lists them)."),
]
BaselineOption = Annotated[int, typer.Option("--baseline", min=1, help="Which spec (1-based) the ratios are against.")]
ByLayerOption = Annotated[bool, typer.Option("--by-layer", help="Also set the layers side by side, matched by path.")]


@app.command()
def compare(
    specs: Annotated[
        list[str],
        typer.Argument(metavar="SPEC...", help="Spec files or preset names; a file of variants counts each variant."),
    ],
    format_name: FormatOption = Format.table,
    json_flag: JsonOption = False,
    baseline: BaselineOption = 1,
    by_layer: ByLayerOption = False,
    batch: BatchOption = 1,
    dtype: DTypeOption = DType.float32,
    convention: ConventionOption = None,
    max_layers: MaxLayersOption = 100_000,
    max_nesting: MaxNestingOption = 100,
) -> None:
    """Set specs side by side, with each one's ratio to a baseline.

    Shapes, weights, params, MACs, FLOPs, activation memory, depth and receptive field."""
    suites = [_load(source, max_layers, max_nesting) for source in specs]
    _show(suites, format_name, json_flag, batch, dtype, by_layer=by_layer, baseline=baseline, always_compare=True,
          convention=convention)


@app.command()
def preset(
    name: Annotated[str, typer.Argument(help="A preset name; `cnncalc presets` lists them.")],
    show_spec: Annotated[bool, typer.Option("--show-spec", help="Print the preset's YAML to copy and edit.")] = False,
    format_name: FormatOption = Format.table,
    json_flag: JsonOption = False,
    baseline: BaselineOption = 1,
    by_layer: ByLayerOption = False,
    batch: BatchOption = 1,
    dtype: DTypeOption = DType.float32,
    depth: DepthOption = None,
    formulas: FormulaOption = True,
    convention: ConventionOption = None,
    receptive_field: FieldOption = False,
) -> None:
    """Analyze a built-in spec: a lesson (its variants compared) or a classic network."""
    from cnncalc import presets

    if show_spec:
        _emit(presets.text(name))
        return
    _show([presets.load(name)], format_name, json_flag, batch, dtype, depth, formulas, by_layer, baseline,
          convention=convention, receptive_field=receptive_field)


@app.command()
def conventions(
    target: Annotated[
        str, typer.Argument(metavar="TARGET", help="A spec file or a preset name (a file that exists wins).")
    ],
    match: Annotated[
        Optional[str], typer.Option("--match", help="Which conventions give this figure: 4.12G, 4.12e9, 4120000000.")
    ] = None,
    format_name: FormatOption = Format.table,
    json_flag: JsonOption = False,
    batch: BatchOption = 1,
) -> None:
    """What torchinfo, fvcore, ptflops, thop and others would print, and why.

    One row per tool, with the exact count, its usual rounding and where it differs from cnncalc's."""
    from cnncalc import presets
    from cnncalc.conventions import survey
    from cnncalc.engine import analyze as run
    from cnncalc.render import renderer

    suite = _load(target, 100_000, 100)
    if len(suite.specs) != 1:
        raise SpecError(f"holds {len(suite.specs)} variants; give one network", Location(suite.file))
    spec = suite.specs[0]
    report = run(spec, batch=batch)
    family = [presets.load(name).specs[0] for name in presets.family(spec.family)]
    variants = tuple(run(other, batch=batch) for other in family if other.name != spec.name)
    try:
        result = survey(report, variants, match)
    except ValueError as error:
        raise SpecError(str(error)) from None
    output = renderer("json" if json_flag else format_name.value)
    _emit(output.conventions(result, color=_color(), width=_width(), pretty=sys.stdout.isatty()))


@app.command("presets")
def list_presets() -> None:
    """List the built-in presets, a line on each."""
    from cnncalc import presets

    rows = presets.summaries()
    width = max(len(name) for name, _ in rows)
    _emit("".join(f"{name.ljust(width)}  {description}\n" for name, description in rows))


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
