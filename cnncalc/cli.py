"""The command line: parse the arguments, make one call to the library (cnncalc.api), render what it
returns, and map errors to exit codes."""
import os
import sys
from enum import Enum
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Annotated, NoReturn, Optional, cast

import typer

from cnncalc.errors import Location, SpecError
from cnncalc.render import BY_SUFFIX, FORMATS

if TYPE_CHECKING:
    from cnncalc.render.view import Options
    from cnncalc.conventions import Convention
    from cnncalc.report import Comparison, Report
    from cnncalc.api import OnDevice, SpecText
    from cnncalc.spec import Limits

EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 3
EXIT_OUTPUT = 4
MAX_NESTING = 200  # the most --max-nesting may allow: deeper nesting would strain the Python stack

app = typer.Typer(
    name="cnncalc",
    help="Exact parameter and FLOP counts for CNN layer stacks, from a small YAML spec.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog="Examples:\n\n\b\n  cnncalc preset inception-3a\n  cnncalc analyze my-network.yaml\n"
           "  cnncalc compare resnet18 resnet50 --by-layer",
)

Format = Enum("Format", {format_.name: format_.name for format_ in FORMATS}, type=str)  # type: ignore[misc]


class DType(str, Enum):
    float64 = "float64"
    float32 = "float32"
    float16 = "float16"
    bfloat16 = "bfloat16"
    tf32 = "tf32"
    int8 = "int8"


class Unknown(str, Enum):
    error = "error"
    zero = "zero"


UnknownOption = Annotated[Unknown, typer.Option(
    "--unknown", help="A model file's layer or operator cnncalc does not know: an error, or zero to go on past it, "
                      "its work not counted, its row marked and a warning naming it.")]
FormatOption = Annotated[
    Optional[Format], typer.Option("--format", "-f", help="Output format [default: table, or by the -o file's suffix].")
]
JsonOption = Annotated[bool, typer.Option("--json", help="Shorthand for --format json.")]
OutputOption = Annotated[
    Optional[str],
    typer.Option("--output", "-o", metavar="FILE",
                 help="Write to FILE instead of the terminal; .json, .csv, .md, .dot (or .gv), .mmd and .html (or "
                      ".htm) choose the format. A page to open in a browser: -o report.html."),
]
BatchOption = Annotated[int, typer.Option("--batch", min=1, max=2**40,
                                          help="Batch size: scales MACs and activations.")]
DTypeOption = Annotated[DType, typer.Option("--dtype", help="Bytes per value, for activation and weight memory; "
                                                               "with --device, the precision its peak is taken at.")]
DepthOption = Annotated[
    Optional[int],
    typer.Option("--depth", min=1, help="Fold blocks nested deeper than N into one row (1: top level only)."),
]
FieldOption = Annotated[
    bool, typer.Option("--rf", help="Add each layer's receptive field: size, stride and padding (JSON always has them).")
]
FormulaOption = Annotated[bool, typer.Option("--formulas/--no-formulas", help="Show the formula column.")]
ColumnsOption = Annotated[
    Optional[str],
    typer.Option("--columns", metavar="KEYS",
                 help="The table's columns, comma-separated, none left out for width: path (or layer), kind, "
                      "input_shape, output_shape, filter_shape, weights, bias, params, non_trainable, macs, flops, "
                      "share, activations, weight_bytes, input_bytes, output_bytes, moved_bytes, intensity, rf_size, "
                      "rf_stride, rf_padding, formula, counted (--convention), time, time_share, bound (--device)."),
]
TotalsOption = Annotated[bool, typer.Option("--totals", help="CSV: end with a row of totals (its `row` is total).")]
MaxLayersOption = Annotated[
    int, typer.Option("--max-layers", min=1, max=1_000_000, help="Refuse specs that expand to more layers than this.")
]
MaxNestingOption = Annotated[
    int, typer.Option("--max-nesting", min=1, max=MAX_NESTING,
                      help="Refuse specs with blocks and branches nested deeper than this.")
]
ConventionOption = Annotated[
    Optional[str],
    typer.Option("--convention", help="Also count as this tool does: torchinfo, fvcore, ptflops, thop, ... "
                                      "(`cnncalc conventions` lists them)."),
]
SetOption = Annotated[
    Optional[list[str]],
    typer.Option("--set", metavar="NAME=VALUE",
                 help="Give a value to an arg of the spec (its top-level `args`): --set alpha=0.75; repeat for more."),
]
BaselineOption = Annotated[int, typer.Option("--baseline", min=1, help="Which spec (1-based) the ratios are against.")]
ByLayerOption = Annotated[bool, typer.Option("--by-layer", help="Also set the layers side by side, matched by path.")]
DeviceOption = Annotated[
    Optional[list[str]],
    typer.Option("--device", metavar="NAME",
                 help="Each layer's least time on this device, and what bounds it (`cnncalc devices` lists them)."),
]
DevicesOption = Annotated[
    Optional[str],
    typer.Option("--devices", metavar="FILE",
                 help="A YAML list of your own devices for --device, as `cnncalc devices --format json` gives them."),
]
EfficiencyOption = Annotated[
    Optional[str],
    typer.Option("--efficiency", metavar="FRACTION",
                 help="With --device: the fraction of the peaks real kernels reach, 0.7 or compute=0.6,memory=0.8."),
]


def _target(device: list[str] | str | None, devices: str | None, efficiency: str | None) -> "OnDevice | None":
    """What --device, --devices and --efficiency name, checked before any spec is read."""
    if isinstance(device, list):
        if len(device) > 1:
            raise SpecError("--device names one device here; cnncalc compare sets specs on several side by side")
        device = device[0] if device else None
    if device is None and devices is None and efficiency is None:
        return None
    from cnncalc.api import OnDevice
    from cnncalc.devices import Efficiency, load
    from cnncalc.devices import efficiency as fractions

    fraction = fractions(efficiency) if efficiency is not None else Efficiency()
    if devices is not None:
        load(devices)  # a mistake in the file is said now, device or not
    if device is None:
        if devices is not None or efficiency is not None:
            _warn(f"{'--devices' if devices is not None else '--efficiency'} acts with --device NAME; no device "
                  "is named")
        return None
    return OnDevice(device, devices, fraction)


def _version(value: bool) -> None:
    if value:
        from cnncalc import __version__

        print(f"cnncalc {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", "-V", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Exact parameter and FLOP counts for CNN layer stacks, from a small YAML spec."""


def _examples(*lines: str) -> str:
    """A command's examples, kept as written under its help (\\b stops click rewrapping them)."""
    return "Examples:\n\n\b\n" + "\n".join(f"  {line}" for line in lines)


# --- where the output goes ------------------------------------------------------------------------


PICTURES = (".svg", ".png", ".pdf", ".jpg", ".jpeg")  # what -o cannot write: cnncalc writes text
MERMAID_LIMIT = 50_000  # characters: Mermaid's maxTextSize by default


class _Destination:
    """Where the output goes and what it looks like there: a format, a width, colour."""

    def __init__(self, format_name: Format | None, json_flag: bool, path: str | None):
        self.path = None if path == "-" else path  # `-o -`: standard output, as for input
        if json_flag and format_name not in (None, Format.json):  # type: ignore[attr-defined]
            raise SpecError(f"--json and --format {format_name.value} ask for two formats; give one")
        if json_flag:
            self.format = "json"
        elif format_name is not None:
            self.format = format_name.value
        else:
            suffix = os.path.splitext(self.path)[1].lower() if self.path else ""
            if suffix in PICTURES and self.path is not None:
                stem = self.path[:-len(suffix)]
                raise SpecError(f"cnncalc writes text, not {suffix[1:].upper()} images: write -o {stem}.dot and "
                                f"draw it with Graphviz, dot -T{suffix[1:]} ... (or -o {stem}.html for a page with the drawing)",
                                Location(self.path))
            suffix = {".gv": ".dot", ".mermaid": ".mmd", ".htm": ".html"}.get(suffix, suffix)
            self.format = BY_SUFFIX[suffix].name if suffix in BY_SUFFIX else "table"
        self.terminal = self.path is None and sys.stdout is not None and sys.stdout.isatty()
        self.width = _width(terminal=self.path is None)
        self.color = False
        if self.path is None and self.format == "table":
            from cnncalc.render.table import color_enabled

            self.color = color_enabled(sys.stdout)

    def options(self, **chosen: object) -> "Options":
        from cnncalc.render.view import Options

        return Options(width=self.width, color=self.color, terminal=self.terminal, **chosen)  # type: ignore[arg-type]

    def write(self, pieces: Iterable[str]) -> None:
        if self.format == "html" and self.terminal:
            _warn("this is a page for a browser: -o report.html writes it to a file")
        if self.format != "mermaid":
            _write(pieces, self.path)
            return
        if self.path is not None and self.path.lower().endswith(".md"):
            pieces = ["```mermaid\n", *pieces, "```\n"]  # a markdown page draws a fenced chart
        written = [0]

        def counted() -> Iterator[str]:
            for piece in pieces:
                written[0] += len(piece)
                yield piece

        _write(counted(), self.path)
        if written[0] > MERMAID_LIMIT:
            _warn(f"the chart has {written[0]:,} characters; Mermaid draws at most {MERMAID_LIMIT:,} unless told "
                  "otherwise (GitHub keeps that limit): --depth N folds blocks into one box each (on analyze and preset)")


def _write(pieces: Iterable[str], path: str | None) -> None:
    """To the terminal (or a pipe), or to the file -o names, piece by piece as they are made."""
    if path is None or path == "-":
        for piece in pieces:
            _emit(piece)
        return
    try:  # a path that cannot be opened is a mistake in the command (exit 2); a write that fails is not (exit 4)
        file = open(path, "w", encoding="utf-8", newline="")
    except OSError as error:
        raise SpecError(f"cannot be written: {error.strerror or error}", Location(path)) from None
    try:
        with file:
            file.writelines(pieces)
    except OSError as error:
        raise OutputError(f"{path}: cannot write the output: {error.strerror or error}") from None


def _width(terminal: bool = True) -> int | None:
    """COLUMNS when it is set (as rich and most tools read it), else the terminal's width; into a
    pipe or a file without COLUMNS, unlimited (one line per row)."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    if terminal and sys.stdout is not None and sys.stdout.isatty():
        try:
            return os.get_terminal_size(sys.stdout.fileno()).columns
        except OSError:
            return None
    return None


def _emit(text: str) -> None:
    """Write to standard output; a reader that went away ends the run quietly, anything else that
    stops the output is said in one line (exit 4)."""
    if sys.stdout is None:
        raise OutputError("standard output is closed; write to a file with -o FILE")
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        _quiet_broken_pipe()
    except UnicodeEncodeError as error:
        raise OutputError(f"standard output's encoding ({error.encoding}) cannot show {error.object[error.start]!r}; "
                          "set PYTHONIOENCODING=utf-8, or write to a file with -o FILE") from None
    except OSError as error:
        raise OutputError(f"cannot write the output: {error.strerror or error}") from None


# --- what the arguments name -----------------------------------------------------------------------


def _sources(arguments: list[str], limits: "Limits") -> "tuple[list[str | SpecText], bool]":
    """The spec arguments for the library: a quoted glob (`'specs/*.yaml'`) expanded as a shell
    would, `-` read from standard input. And whether they are several (or a glob, which may match
    any number): the output then always holds a list, whatever the count."""
    import glob

    sources: list[str | SpecText] = []
    several = len(arguments) > 1
    for argument in arguments:
        if argument == "-":
            sources.append(_stdin(limits))
        elif not os.path.exists(argument) and glob.has_magic(argument):
            matched = sorted(glob.glob(argument))
            if not matched:
                raise SpecError("no file matches this pattern", Location(argument))
            sources.extend(matched)
            several = True
        else:
            sources.append(argument)
    return sources, several


def _stdin(limits: "Limits") -> "SpecText":
    """Standard input's spec, read as the other sources are: with the values --set gives."""
    from cnncalc import spec

    if sys.stdin is None:
        raise SpecError("standard input is closed", Location("<stdin>"))
    try:
        text = spec.decoded(spec.read_limited(sys.stdin.buffer, limits, "<stdin>"), "<stdin>", limits)
    except (OSError, ValueError) as error:
        raise SpecError(f"cannot be read: {getattr(error, 'strerror', None) or error}", Location("<stdin>")) from None
    from cnncalc.api import SpecText

    return SpecText(text, "<stdin>")


MAX_SET_TEXT = 200  # characters of one --set


def _given(assignments: list[str] | None) -> dict[str, object] | None:
    """--set NAME=VALUE, each value read as YAML reads a plain value: 0.75 a number, true a truth
    value, anything else text."""
    if not assignments:
        return None
    import re

    from cnncalc.spec import read_document, show

    given: dict[str, object] = {}
    for assignment in assignments:
        name, equals, text = assignment.partition("=")
        name = name.strip()
        if not equals or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise SpecError(f"--set takes NAME=VALUE, as --set alpha=0.75; received {show(assignment, 60)}")
        if len(assignment) > MAX_SET_TEXT:
            raise SpecError(f"--set {name}= is longer than {MAX_SET_TEXT} characters")
        if name in given:
            raise SpecError(f"--set {name}= is given twice; give each arg one value")
        value = read_document(text.strip(), f"--set {name}") if text.strip() else None
        if isinstance(value, (list, dict)) or value is None:
            raise SpecError(f"--set {name}= needs one value, a number or a word; received {show(text, 60)}")
        given[name] = value
    return given


def _limits(max_layers: int = 100_000, max_nesting: int = 100, unknown: Unknown = Unknown.error) -> "Limits":
    from cnncalc.spec import Limits

    return Limits(max_layers=max_layers, max_nesting=max_nesting, unknown=unknown.value)


def _convention(name: str | None) -> "Convention | None":
    """The convention --convention names (any case), one that counts work."""
    if name is None:
        return None
    from cnncalc.conventions import BY_ID

    convention = BY_ID.get(name.lower())
    counting = [key for key, value in BY_ID.items() if value.counts_work]
    if convention is None:
        import difflib

        close = difflib.get_close_matches(name.lower(), counting, n=1)
        hint = f"did you mean `{close[0]}`? " if close else ""
        raise SpecError(f"no convention `{name}`; {hint}choose from {', '.join(counting)}")
    if not convention.counts_work:
        raise SpecError(f"{convention.tool} prints no count of work to set beside cnncalc's; "
                        "`cnncalc conventions` shows its parameter count")
    return convention


def _columns(keys: str | None, convention: "Convention | None",
             device: list[str] | None = None) -> tuple[str, ...] | None:
    """The keys of --columns, checked before any spec is read."""
    if keys is None:
        return None
    from cnncalc.render.view import check_columns

    chosen = tuple(key.strip() for key in keys.split(",") if key.strip())
    check_columns(chosen, convention, bool(device))
    return chosen


# options that shape the table of one network's layers, and those that shape a comparison
_LAYER_OPTIONS = {"depth": "--depth", "columns": "--columns", "receptive_field": "--rf", "totals": "--totals"}


def _note_unused(documents: "list[Report | Comparison]", options: "Options", destination: _Destination,
                 baseline: int = 1) -> None:
    """One line on stderr for each option given that has nothing to act on here."""
    from cnncalc.report import Comparison

    drawn = destination.format in ("dot", "mermaid", "html")  # --depth folds the drawing of a comparison too
    if options.columns and destination.format in ("json", "csv"):
        _warn(f"--columns chooses the columns of the table and markdown; {destination.format.upper()} carries every "
              "field")
    if options.totals and destination.format != "csv":
        _warn("--totals adds a row of totals to CSV; the other formats always show the totals")
    comparisons = [document for document in documents if isinstance(document, Comparison)]
    if comparisons:
        used = [flag for key, flag in _LAYER_OPTIONS.items() if getattr(options, key) and not (drawn and key == "depth")]
        if not options.formulas:
            used.append("--no-formulas")
        for flag in used:
            _warn(f"{flag} shapes the table of one network's layers; {comparisons[0].name or 'this'} is a "
                  "comparison of its specs' totals (--by-layer sets their layers side by side)")
    if len(comparisons) < len(documents):
        used = ["--by-layer"] if options.by_layer else []
        if baseline != 1:
            used.append("--baseline")
        for flag in used:
            _warn(f"{flag} shapes a comparison; {documents[0].name} is one network")


def _warn(message: str) -> None:
    _tell(f"cnncalc: note: {message}")


def _show(documents: "list[Report | Comparison]", several: bool, destination: _Destination, options: "Options") -> None:
    from cnncalc.render import pieces, pieces_of_several

    if several:
        destination.write(pieces_of_several(documents, destination.format, options))
    else:
        destination.write(pieces(documents[0], destination.format, options))


# --- the commands ----------------------------------------------------------------------------------


@app.command(short_help="Count every layer of one or more specs.", epilog=_examples(
    "cnncalc analyze specs/resnet-bottleneck.yaml",
    "cnncalc analyze resnet50 --depth 1 --no-formulas",
    "cnncalc analyze specs/*.yaml --format csv -o layers.csv",
))
def analyze(
    specs: Annotated[
        list[str],
        typer.Argument(metavar="SPEC...", help="YAML spec files (several, or a glob), - to read stdin, or a preset name."),
    ],
    format_name: FormatOption = None,
    json_flag: JsonOption = False,
    output: OutputOption = None,
    batch: BatchOption = 1,
    dtype: DTypeOption = DType.float32,
    depth: DepthOption = None,
    formulas: FormulaOption = True,
    columns: ColumnsOption = None,
    convention: ConventionOption = None,
    receptive_field: FieldOption = False,
    totals: TotalsOption = False,
    given: SetOption = None,
    device: DeviceOption = None,
    devices: DevicesOption = None,
    efficiency: EfficiencyOption = None,
    max_layers: MaxLayersOption = 100_000,
    max_nesting: MaxNestingOption = 100,
    unknown: UnknownOption = Unknown.error,
) -> None:
    """Count every layer of a spec: shapes, params, MACs, FLOPs, and the formula behind each.

    A file of variants is shown as a comparison; several files are reported one after another."""
    from cnncalc import api

    destination = _Destination(format_name, json_flag, output)
    counted_by = _convention(convention)
    options = destination.options(depth=depth, formulas=formulas, columns=_columns(columns, counted_by, device),
                                  convention=counted_by, receptive_field=receptive_field, totals=totals)
    limits = _limits(max_layers, max_nesting, unknown)
    args = _given(given)
    sources, several = _sources(specs, limits)
    documents = api.analyze(*sources, batch=batch, dtype=dtype.value, limits=limits, args=args,
                            device=_target(device, devices, efficiency))
    _note_unused(documents, options, destination)
    _show(documents, several, destination, options)


@app.command(short_help="Set specs side by side, with ratios.", epilog=_examples(
    "cnncalc compare specs/inception-3a-*.yaml",
    "cnncalc compare resnet50 resnet50-v1 --by-layer",
    "cnncalc compare alexnet vgg16 googlenet --baseline 3 --json",
))
def compare(
    specs: Annotated[
        list[str],
        typer.Argument(metavar="SPEC...", help="Spec files or preset names; a file of variants counts each variant."),
    ],
    format_name: FormatOption = None,
    json_flag: JsonOption = False,
    output: OutputOption = None,
    baseline: BaselineOption = 1,
    by_layer: ByLayerOption = False,
    batch: BatchOption = 1,
    dtype: DTypeOption = DType.float32,
    convention: ConventionOption = None,
    given: SetOption = None,
    device: Annotated[
        Optional[list[str]],
        typer.Option("--device", metavar="NAME",
                     help="Each spec's least time on this device; repeat to set the specs on several devices."),
    ] = None,
    devices: DevicesOption = None,
    efficiency: EfficiencyOption = None,
    max_layers: MaxLayersOption = 100_000,
    max_nesting: MaxNestingOption = 100,
    unknown: UnknownOption = Unknown.error,
) -> None:
    """Set specs side by side, with each one's ratio to a baseline.

    Shapes, weights, params, MACs, FLOPs, activation memory, depth and receptive field."""
    from cnncalc import api

    destination = _Destination(format_name, json_flag, output)
    options = destination.options(by_layer=by_layer, convention=_convention(convention))
    limits = _limits(max_layers, max_nesting, unknown)
    args = _given(given)
    comparison = api.compare(*_sources(specs, limits)[0], baseline=baseline, batch=batch, dtype=dtype.value,
                             limits=limits, args=args,
                             device=[_target(name, devices, efficiency)
                                     for name in dict.fromkeys(name.lower() for name in device or [])] or
                                    [_target(None, devices, efficiency)])
    _show([comparison], False, destination, options)


def _preset_names(incomplete: str) -> list[str]:
    """What the shell completes a preset name with."""
    from cnncalc import presets

    return [name for name in presets.names() if name.startswith(incomplete)]


@app.command(short_help="Analyze a built-in lesson or network.", epilog=_examples(
    "cnncalc preset inception-3a",
    "cnncalc preset resnet50 --depth 1 --no-formulas",
    "cnncalc preset one-by-one --show-spec > my-spec.yaml",
))
def preset(
    name: Annotated[str, typer.Argument(metavar="NAME", help="A preset name; `cnncalc presets` lists them.",
                                        autocompletion=_preset_names)],
    show_spec: Annotated[bool, typer.Option("--show-spec", help="Print the preset's YAML to copy and edit.")] = False,
    format_name: FormatOption = None,
    json_flag: JsonOption = False,
    output: OutputOption = None,
    baseline: BaselineOption = 1,
    by_layer: ByLayerOption = False,
    batch: BatchOption = 1,
    dtype: DTypeOption = DType.float32,
    depth: DepthOption = None,
    formulas: FormulaOption = True,
    columns: ColumnsOption = None,
    convention: ConventionOption = None,
    receptive_field: FieldOption = False,
    totals: TotalsOption = False,
    given: SetOption = None,
    device: DeviceOption = None,
    devices: DevicesOption = None,
    efficiency: EfficiencyOption = None,
) -> None:
    """Analyze a built-in spec: a lesson (its variants compared) or a classic network."""
    from cnncalc import api

    if show_spec:
        if given:
            _warn("--show-spec prints the preset as written; its args' values are given where it is read, as "
                  "cnncalc analyze FILE --set NAME=VALUE")
        _write([api.preset_spec(name)], output)
        return
    destination = _Destination(format_name, json_flag, output)
    counted_by = _convention(convention)
    options = destination.options(depth=depth, formulas=formulas, by_layer=by_layer, convention=counted_by,
                                  receptive_field=receptive_field, columns=_columns(columns, counted_by, device),
                                  totals=totals)
    document = api.preset(name, baseline=baseline, batch=batch, dtype=dtype.value, args=_given(given),
                          device=_target(device, devices, efficiency))
    _note_unused([document], options, destination, baseline)
    _show([document], False, destination, options)


@app.command(short_help="What other tools would print, and why.", epilog=_examples(
    "cnncalc conventions resnet50",
    "cnncalc conventions resnet50 --match 4.12G",
    "cnncalc conventions specs/resnet-bottleneck.yaml --format markdown",
))
def conventions(
    target: Annotated[
        str, typer.Argument(metavar="TARGET", help="A spec file or a preset name (a file that exists wins).")
    ],
    match: Annotated[
        Optional[str],
        typer.Option("--match", help="Which conventions give this figure: 4.12G, 4.12e9, 4120000000, 25.6M params."),
    ] = None,
    format_name: FormatOption = None,
    json_flag: JsonOption = False,
    output: OutputOption = None,
    batch: BatchOption = 1,
    given: SetOption = None,
    unknown: UnknownOption = Unknown.error,
) -> None:
    """What torchinfo, fvcore, ptflops, thop and others would print, and why.

    One row per tool, with the exact count, its usual rounding and where it differs from cnncalc's."""
    from cnncalc import api
    from cnncalc.render import pieces

    destination = _Destination(format_name, json_flag, output)
    limits = _limits(unknown=unknown)
    args = _given(given)
    (source,), _ = _sources([target], limits)
    destination.write(pieces(api.conventions(source, match, batch, limits, args), destination.format,
                             destination.options()))


def _axes(assignments: list[str] | None, max_points: int, zipped: bool) -> dict[str, list[object]]:
    """--set NAME=VALUES of a sweep: each arg's values, a list (1,0.75) or a range (128:224:32)."""
    from cnncalc.spec import show
    from cnncalc.sweeps import axis_values, grid_size

    grid: dict[str, list[object]] = {}
    for assignment in assignments or []:
        name, equals, text = assignment.partition("=")
        name = name.strip()
        if not equals or not name.isidentifier() or not name.isascii():
            raise SpecError(f"--set takes NAME=VALUES, as --set alpha=1,0.75,0.5 or --set resolution=128:224:32; "
                            f"received {show(assignment, 60)}")
        if len(assignment) > MAX_SET_TEXT * 50:
            raise SpecError(f"--set {name}= is longer than {MAX_SET_TEXT * 50:,} characters")
        if name in grid:
            raise SpecError(f"--set {name}= is given twice; give all of its values in one, comma-separated")
        try:
            grid[name] = axis_values(text, max_points)
        except ValueError as error:
            raise SpecError(f"--set {name}: {error}") from None
        size = grid_size(grid, zipped)
        if size > max_points:  # said before the next arg's values are made
            raise SpecError(f"the grid has {size:,} points, more than the limit of {max_points:,} (--max-points)")
    if not grid:
        raise SpecError("a sweep needs the values to go through: --set NAME=VALUES, as --set alpha=1,0.75,0.5")
    return grid


PARETO_DEFAULT = "macs,params"


def _bare_pareto(args: list[str]) -> list[str]:
    """`cnncalc sweep ... --pareto` alone (last, or before another option) trades off MACs and
    params: a bare --pareto is given its default."""
    if not args or args[0] != "sweep" or "--pareto" not in args:
        return args
    given = list(args)
    for index, argument in enumerate(args):
        if argument == "--":
            break
        if argument == "--pareto" and (index + 1 == len(args) or args[index + 1].startswith("-")):
            given[index] = f"--pareto={PARETO_DEFAULT}"
    return given


@app.command(short_help="Analyze a spec over values of its args.", epilog=_examples(
    "cnncalc sweep mobilenet_v1 --set alpha=1,0.75,0.5,0.25",
    "cnncalc sweep mobilenet_v1 --set alpha=1,0.5 --set resolution=128:224:32 --pareto",
    "cnncalc sweep resnet --set width=32:128:16 --where 'macs < 3G' --sort -macs",
))
def sweep(
    spec: Annotated[str, typer.Argument(metavar="SPEC", help="A spec file with `args`, a preset name, or - for stdin.")],
    given: Annotated[
        Optional[list[str]],
        typer.Option("--set", metavar="NAME=VALUES",
                     help="An arg's values: a list (alpha=1,0.75,0.5) or a range with its end (resolution=128:224:32); "
                          "repeat for more args. Every combination is a point, the last arg changing fastest."),
    ] = None,
    zipped: Annotated[bool, typer.Option("--zip",
                                         help="Pair the args' values one to one instead of combining them.")] = False,
    pareto: Annotated[
        Optional[str],
        typer.Option("--pareto", metavar="KEYS",
                     help=f"Keep the points no other beats on every key: --pareto alone (last, or before another "
                          f"option) for {PARETO_DEFAULT}, or --pareto macs,activations."),
    ] = None,
    where: Annotated[Optional[str], typer.Option(
        "--where", metavar="CONDITION", help="Keep the points that meet it: 'macs < 300M and params < 4M'.")] = None,
    sort: Annotated[Optional[str], typer.Option("--sort", metavar="KEY",
                                                help="Order by a key or an arg; -KEY for highest first.")] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, max=256,
                                      help="Analyze in this many processes (for sweeps of thousands of points).")] = 1,
    strict: Annotated[bool, typer.Option("--strict", help="Stop at the first point that makes no network.")] = False,
    format_name: FormatOption = None,
    json_flag: JsonOption = False,
    output: OutputOption = None,
    batch: BatchOption = 1,
    dtype: DTypeOption = DType.float32,
    max_points: Annotated[int, typer.Option("--max-points", min=1, max=100_000_000,
                                            help="Refuse grids of more points than this.")] = 100_000,
    device: DeviceOption = None,
    devices: DevicesOption = None,
    efficiency: EfficiencyOption = None,
    max_layers: MaxLayersOption = 100_000,
    max_nesting: MaxNestingOption = 100,
    unknown: UnknownOption = Unknown.error,
) -> None:
    """Analyze a spec at every combination of values of its args: one row per point, with params,
    MACs, FLOPs, activation memory and depth, and each one's ratio to the first point.

    Keys for --pareto, --where and --sort: params, weights, non_trainable, macs, flops,
    activations, activation_bytes, weight_bytes, depth, weighted_layers, moved_bytes, and the spec's args
    ($name where an arg has a key's name)."""
    from cnncalc import api

    destination = _Destination(format_name, json_flag, output)
    limits = _limits(max_layers, max_nesting, unknown)
    grid = _axes(given, max_points, zipped)
    keys = tuple(key.strip() for key in pareto.split(",")) if pareto is not None else ()
    if sort is not None and not sort.strip("- "):
        raise SpecError("--sort needs a key or an arg, as --sort macs or --sort -params")
    source = _stdin(limits) if spec == "-" else spec
    document = api.sweep(source, grid, zipped=zipped, pareto=keys, where=where or "", sort=sort or "",
                         strict=strict, jobs=jobs, batch=batch, dtype=dtype.value, limits=limits,
                         max_points=max_points, device=_target(device, devices, efficiency))
    if document.invalid and not strict:
        _warn(f"{document.invalid:,} of {document.swept:,} points make no network; --strict stops at the first")
    from cnncalc.render import pieces

    destination.write(pieces(document, destination.format, destination.options()))


@app.command("import", short_help="Write a Keras or ONNX model as a spec.", epilog=_examples(
    "cnncalc import model.keras -o model.yaml",
    "cnncalc import resnet50.onnx -o resnet50.yaml && cnncalc analyze resnet50.yaml --depth 2",
))
def import_model(model: Annotated[str, typer.Argument(metavar="MODEL", help="A .keras file, Keras' model.to_json() "
                                                                            "as .json, or an .onnx file.")],
                 output: Annotated[Optional[str], typer.Option("--output", "-o", metavar="FILE",
                                                               help="Write to FILE instead of the terminal.")] = None,
                 max_layers: MaxLayersOption = 100_000, unknown: UnknownOption = Unknown.error) -> None:
    """Write a model as a cnncalc spec: a layer per line under the model's own names, what each reads.
    Analyzing the spec gives the model's report; edit it to try a change (docs/import.md)."""
    from cnncalc import api

    _write([api.import_model(model, _limits(max_layers, unknown=unknown))], output)


@app.command(short_help="Print the spec language as JSON Schema, for editors.", epilog=_examples(
    "cnncalc schema -o cnncalc-spec.schema.json",
))
def schema(output: Annotated[Optional[str], typer.Option("--output", "-o", metavar="FILE",
                                                         help="Write to FILE instead of the terminal.")] = None) -> None:
    """Print the spec language as JSON Schema (draft-07): every layer kind, its settings and defaults.

    Editors that use yaml-language-server (VS Code, Neovim, JetBrains) complete and check a spec
    whose first line is `# yaml-language-server: $schema=cnncalc-spec.schema.json`."""
    from cnncalc.schema import schema_text

    _write([schema_text()], output)


@app.command("devices", short_help="List the devices --device names.", epilog=_examples(
    "cnncalc devices",
    "cnncalc preset mobilenet_v2 --device t4 --dtype float16",
))
def list_devices(format_name: FormatOption = None, json_flag: JsonOption = False, output: OutputOption = None,
                 devices_file: DevicesOption = None) -> None:
    """List the devices --device names: peak dense FLOP/s per dtype, memory bandwidth, and the
    vendor's document each figure comes from."""
    from cnncalc import api

    from cnncalc.devices import DTYPES

    destination = _Destination(format_name, json_flag, output)
    if destination.format in ("dot", "mermaid", "html"):
        raise SpecError(f"--format {destination.format} draws a network's layers; the devices are a list: use "
                        "table, json, csv or markdown")
    devices = api.devices(devices_file)
    if destination.format == "json":
        import json

        destination.write([json.dumps([device.to_dict() for device in devices], indent=2, ensure_ascii=False) + "\n"])
        return
    if destination.format in ("csv", "markdown"):
        header = ["id", "name", *DTYPES, "bandwidth", "source", "notes"]
        rows: list[list[object]] = [[device.id, device.name, *(device.peak.get(dtype, "") for dtype in DTYPES),
                                     device.bandwidth, device.source, device.notes] for device in devices]
        if destination.format == "csv":
            import csv
            import io

            buffer = io.StringIO()
            csv.writer(buffer, lineterminator="\n").writerows([header, *rows])
            destination.write([buffer.getvalue()])
        else:
            table: list[list[object]] = [list(header), ["---"] * len(header), *rows]
            lines = ["| " + " | ".join(str(cell).replace("|", "\\|") for cell in row) + " |" for row in table]
            destination.write(["\n".join(lines) + "\n"])
        return
    from cnncalc.render.text import wrap

    width = destination.width or 100
    lines = []
    for device in devices:
        peaks = ", ".join(f"{dtype} {value / 1e12:,.4g}T" if value >= 1e12 else f"{dtype} {value / 1e9:,.4g}G"
                          for dtype, value in device.peak.items())
        lines.append(f"{device.id}: {device.name}")
        for text in (f"peak {peaks}; memory {device.bandwidth / 1e9:,.4g} GB/s", f"source: {device.source}",
                     *([f"note: {device.notes}"] if device.notes else [])):
            lines += ["    " + line for line in wrap(text, max(20, width - 4))]
    destination.write(["\n".join(lines) + "\n"])


@app.command("presets", short_help="List the built-in presets.")
def list_presets() -> None:
    """List the built-in presets, a line on each."""
    from cnncalc import api
    from cnncalc.render.text import cell_width, wrap

    rows = api.presets()
    width = max(cell_width(name) for name, _ in rows)
    columns = _width()
    lines = []
    for name, description in rows:
        room = (columns or 10**6) - width - 2
        if room < 20:
            lines += [name, *("    " + line for line in wrap(description, max(20, (columns or 80) - 4)))]
            continue
        first, *rest = wrap(description, room)
        lines += [f"{name.ljust(width)}  {first}", *(" " * (width + 2) + line for line in rest)]
    _emit("".join(line + "\n" for line in lines))


# --- errors and exit codes -------------------------------------------------------------------------


class OutputError(Exception):
    """The output could not be written: a full disk, a closed stream, an encoding that cannot show it."""


# click's base exception, found through typer whether typer brings click or carries its own copy
_UsageProblem = cast("type[Exception]",
                     next(kind for kind in typer.BadParameter.__mro__ if kind.__name__ == "ClickException"))


def main() -> None:
    """Entry point: bad input is one line per problem on stderr and exit 2, never a traceback."""
    if sys.stderr is not None:
        sys.stderr.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]  # an error is always told
    try:
        args = _bare_pareto(sys.argv[1:])
        code = _command(args).main(args=args, prog_name="cnncalc", standalone_mode=False)
        sys.exit(code or 0)
    except _UsageProblem as error:
        context = getattr(error, "ctx", None)
        if type(error).__name__ == "NoArgsIsHelpError" and context is not None:  # `cnncalc` alone: the help
            _emit(context.get_help() + "\n")
            sys.exit(0)
        command = context.command_path if context is not None else "cnncalc"
        _tell(f"cnncalc: error: {error.format_message()} ({command} -h lists the options)")  # type: ignore[attr-defined]
        sys.exit(EXIT_BAD_INPUT)
    except SpecError as error:
        for line in error.lines():
            _tell(f"cnncalc: error: {line}")
        sys.exit(EXIT_BAD_INPUT)
    except OutputError as error:
        _tell(f"cnncalc: error: {error}")
        sys.exit(EXIT_OUTPUT)
    except BrokenPipeError:
        _quiet_broken_pipe()
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as error:  # noqa: BLE001 -- the last guard before a traceback reaches a user
        _internal(error)


def _command(args: list[str]) -> typer.core.TyperGroup:
    """The command line with only the command the arguments name, where they name one: typer builds
    every command it holds on each run, which costs more than most commands take to run. Anything
    else (help, completion, a misspelt command) gets the whole group."""
    import copy

    chosen = [info for info in app.registered_commands
              if args and (info.name or getattr(info.callback, "__name__", "")) == args[0]]
    whole = len(chosen) != 1 or any(name.endswith("_COMPLETE") for name in os.environ)
    lean = app if whole else copy.copy(app)
    lean.registered_commands = lean.registered_commands if whole else chosen
    return cast(typer.core.TyperGroup, typer.main.get_command(lean))


def _tell(line: str) -> None:
    """One line on stderr, with anything the spec said shown and not obeyed; if stderr itself is
    gone, the exit code still tells."""
    from cnncalc.errors import visible

    try:
        print(visible(line), file=sys.stderr)
    except (OSError, ValueError, AttributeError):
        pass


def _internal(error: Exception) -> NoReturn:
    _tell(f"cnncalc: internal error: {type(error).__name__}: {str(error)[:500]}")
    _tell("This is a bug in cnncalc, not in your spec. Please report it with the spec and the command.")
    sys.exit(EXIT_INTERNAL)


def _quiet_broken_pipe() -> NoReturn:
    """The reader went away (`cnncalc ... | head -1`): stop without a word."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass
    sys.exit(0)
