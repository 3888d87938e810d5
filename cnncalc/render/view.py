"""What a command shows, decided once before any format: which rows (folded or not), which columns,
which counts of another tool, which lines of words under a table. Every renderer takes a view and
the same Options, so every format of a command carries the same content."""
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, NamedTuple, Union

from cnncalc.errors import SpecError, visible
from cnncalc.fields import (
    BY_KEY,
    METRICS,
    RECEPTIVE_FIELD,
    TABLE_FIELDS,
    LayerField,
    count,
    field_text,
    intensity_text,
    memory,
    metric,
    ratio_text,
    shape_text,
    times,
)
from cnncalc.layers import Shape
from cnncalc.report import Comparison, LayerReport, Report, aligned_layers, folded

if TYPE_CHECKING:
    from cnncalc.conventions import Convention, Match, Reading, Survey
    from cnncalc.sweeps import Point, Sweep



class Options(NamedTuple):
    """What the user asked to see. Every renderer takes this record; an option it does not know is
    an error where it is made, never silently ignored."""

    depth: int | None = None  # fold blocks nested deeper than this into one row
    formulas: bool = True
    columns: tuple[str, ...] | None = None  # the table's columns, by key
    receptive_field: bool = False
    convention: "Convention | None" = None  # set another tool's count beside cnncalc's
    by_layer: bool = False  # a comparison's layers side by side
    totals: bool = False  # CSV: a row of totals
    width: int | None = None  # terminal columns; None: as wide as the content
    color: bool = False
    terminal: bool = False  # the output goes to a terminal: JSON indented, text from a spec escaped in CSV
    timed: bool = False  # a device was named: a report has each layer's time on it


# --- one network -----------------------------------------------------------------------------------


class ReportView(NamedTuple):
    report: Report
    rows: Sequence[LayerReport]  # the rows shown: the layers, or blocks folded with --depth
    row_kinds: tuple[str, ...]  # per row: "layer", or "block" for a folded one
    columns: tuple[LayerField, ...]  # the table's and markdown's, in order
    counted: tuple[int | None, ...] | None  # per row, the count of Options.convention (None: not reproduced)
    counted_total: int | None
    summary: tuple[str, ...]  # the totals in words, under a table
    times: tuple[tuple[float, str], ...] | None = None  # per row, with a device: (least seconds, bound)
    seconds: float | None = None  # with a device: the network's least time, which the rows' shares are of


def report_view(report: Report, options: Options) -> ReportView:
    rows = report.layers if options.depth is None else folded(report, options.depth)
    originals = {id(layer) for layer in report.layers} if rows is not report.layers else None
    kinds = tuple("layer" if originals is None or id(row) in originals else "block" for row in rows)
    counted = counted_total = None
    summary = summary_lines(report)
    if options.convention is not None:
        from cnncalc.conventions import read

        counted = tuple(counted_by_row(report, rows, options.convention))
        reading = read(report, options.convention)
        counted_total = reading.value
        if reading.unreproduced:
            summary.append(unreproduced_line(reading))
    times = tuple(report.times(rows)) if report.roofline is not None else None
    columns = _columns(options._replace(timed=times is not None), counted, counted_total)
    if times is not None and not options.columns:
        at = [field.key for field in columns].index("share") + 1
        columns = (*columns[:at], *TIME_COLUMNS, *columns[at:])
    return ReportView(report, rows, kinds, columns, counted, counted_total, tuple(summary), times,
                      None if times is None else sum(seconds for seconds, _ in times))


TIME_COLUMNS = (LayerField("time", "time", None, None, lambda layer, report: "",
                           lambda report: "" if report.seconds is None else duration(report.seconds), number=True),
                LayerField("time_share", "time %", None, None, lambda layer, report: "", number=True, drop=5),
                LayerField("bound", "bound", None, None, lambda layer, report: "", drop=1))


def duration(seconds: float) -> str:
    """A time to three significant figures in the unit that reads best: `1.23 ms`, `45.6 µs`;
    whole seconds past a thousand (`6,710 s`)."""
    if seconds >= 999.5:
        return f"{seconds:,.0f} s"
    for factor, unit in ((1.0, "s"), (1e-3, "ms"), (1e-6, "µs"), (1e-9, "ns")):
        if seconds >= factor * 0.9995:  # what rounds to 1,000 of a unit reads as 1 of the next
            return f"{seconds / factor:.3g} {unit}"
    return f"{seconds / 1e-9:.3g} ns" if seconds else "0"


def roofline_lines(report: Report) -> list[str]:
    """The device, the least time and the throughput it bounds, and what the bound assumes."""
    roofline = report.roofline
    assert roofline is not None
    summary = report.roofline_dict() or {}
    seconds = float(summary["seconds"])  # type: ignore[arg-type]
    memory_share = float(summary["memory_bound_seconds"]) / seconds if seconds else 0.0  # type: ignore[arg-type]
    device = roofline.device
    throughput = f", at most {report.batch / seconds:,.0f} images a second" if seconds else ""
    compute, memory_fraction = roofline.efficiency
    scaled = "" if (compute, memory_fraction) == (1, 1) else \
        f" at {100 * compute:.3g} % of its peak compute and {100 * memory_fraction:.3g} % of its bandwidth"
    return [
        f"on {visible(device.name)}{scaled} at {roofline.dtype} ({roofline.peak / 1e12:,.4g} "
        f"{'TOP/s' if roofline.dtype == 'int8' else 'TFLOP/s'}, "
        f"{roofline.bandwidth / 1e9:,.4g} GB/s: layers under {roofline.ridge:,.0f} FLOPs per byte are bound by memory): "
        f"at least {duration(seconds)} for {'a batch of ' + format(report.batch, ',') if report.batch != 1 else 'one image'}"
        f"{throughput}; {100 * memory_share:.0f} % of that time bound by memory",
        "a roofline time is a lower bound, not a measurement: every layer on its own, each byte moved once at "
        "peak bandwidth, compute at peak, nothing lost to launches or caches (docs/latency.md)",
    ]


def unreproduced_line(reading: "Reading", network: str = "") -> str:
    """What `—` stands for in a column of another tool's counts."""
    where = f" in {network}" if network else ""
    return f"—{where}: cnncalc does not reproduce {reading.convention.id}'s count of {reading.unreproduced}"


def one_after_another(views: "Sequence[ReportView | ComparisonView]", options: Options,
                      report: Callable[[ReportView, Options], Iterable[str]],
                      comparison: "Callable[[ComparisonView, Options], Iterable[str]]") -> Iterator[str]:
    """Several documents written one after another, a blank line between them."""
    for index, view in enumerate(views):
        if index:
            yield "\n"
        yield from report(view, options) if isinstance(view, ReportView) else comparison(view, options)


def check_columns(keys: Sequence[str] | None, convention: object = None, timed: bool = False) -> None:
    """Refuse a --columns list that names no column, or one that does not exist."""
    if keys is None:
        return
    if not keys:
        raise SpecError("--columns names no column; give keys such as path,output_shape,params,macs")
    known = [*(field.key for field in TABLE_FIELDS), *(["counted"] if convention is not None else []),
             *(["time", "time_share", "bound"] if timed else [])]
    for key in keys:
        if key == "counted" and convention is None:
            raise SpecError("the column `counted` needs --convention ID")
        if key in ("time", "time_share", "bound") and not timed:
            raise SpecError(f"the column `{key}` needs --device NAME")
        if key not in known and key not in ALIASES:
            import difflib

            close = difflib.get_close_matches(key.lower(), [*known, *ALIASES], n=1)  # MACs as the header says it
            hint = f"did you mean `{close[0]}`? " if close else ""
            raise SpecError(f"no column `{key}`; {hint}choose from {', '.join(known)}")


# the short names --columns takes, as the table's headers say
ALIASES = {"layer": "path", "input": "input_shape", "output": "output_shape", "filter": "filter_shape",
           "rf": "rf_size"}


def _columns(options: Options, counted: tuple[int | None, ...] | None,
             counted_total: int | None) -> tuple[LayerField, ...]:
    """The table's columns: those --columns names, none of them giving way to the width; or the
    usual ones, with the receptive field and another tool's count if asked for, which give way last."""
    check_columns(options.columns, options.convention, options.timed)
    counted_column = None
    if options.convention is not None:
        convention = options.convention
        counted_column = LayerField("counted", f"{convention.id} {convention.label}", None, None,
                                    lambda layer, report: "", lambda report: _counted_text(counted_total), number=True)
    if options.columns:
        keys = ["path", *(ALIASES.get(key, key) for key in dict.fromkeys(options.columns))]
        keys = list(dict.fromkeys(keys))
        # check_columns() refused `counted` without a convention
        timing = {column.key: column for column in TIME_COLUMNS}
        return tuple(counted_column if key == "counted" and counted_column is not None else
                     timing[key]._replace(drop=0) if key in timing else BY_KEY[key]._replace(drop=0) for key in keys)
    columns = [field for field in TABLE_FIELDS if field.shown and (options.formulas or field.key != "formula")]
    if options.receptive_field:
        at = len(columns) - (columns[-1].key == "formula")
        columns[at:at] = [BY_KEY[key]._replace(drop=0) for key in RECEPTIVE_FIELD]
    if counted_column is not None:
        columns.insert([field.key for field in columns].index("share") + 1, counted_column)
    return tuple(columns)


def _counted_text(value: int | None) -> str:
    """Another tool's count as a cell: `—` where cnncalc does not reproduce it, never a zero."""
    return "—" if value is None else count(value)


def cell(view: ReportView, column: LayerField, index: int) -> str:
    """The text of one cell of the table and markdown."""
    if column.key == "counted":
        return "" if view.counted is None else _counted_text(view.counted[index])
    if column.key in ("time", "time_share", "bound"):
        if view.times is None:
            return ""
        seconds, bound = view.times[index]
        if column.key == "time_share":
            return f"{100 * seconds / view.seconds:.1f}%" if view.seconds and seconds else ""
        return (duration(seconds) if bound else "") if column.key == "time" else bound
    return column.text(view.rows[index], view.report) if column.text is not None else ""


def counted_by_row(report: Report, rows: Sequence[LayerReport], convention: "Convention") -> list[int | None]:
    """The tool's count for each displayed row; a folded row sums the layers under it. None where
    cnncalc does not reproduce the tool's count: of the layer, or of any layer a folded row holds."""
    from cnncalc.conventions import counted

    if rows is report.layers:
        return [counted(convention, row) for row in rows]
    position = {row.path: index for index, row in enumerate(rows)}
    totals: list[int | None] = [0] * len(rows)
    for layer in report.layers:  # each layer into the row of its nearest enclosing path
        segments = layer.path.split("/")
        for end in range(1, len(segments) + 1):
            index = position.get("/".join(segments[:end]))
            if index is not None:
                value, total = counted(convention, layer), totals[index]
                totals[index] = None if value is None or total is None else total + value
                break
    return totals


def human(value: int) -> str:
    """4,089,184,256 -> 4.09 G: for the eye only; every output also gives the exact integer."""
    for factor, suffix in ((10**12, "T"), (10**9, "G"), (10**6, "M"), (10**3, "k")):
        if abs(value) >= factor:
            return f"{value / factor:.2f} {suffix}"
    return str(value)


def ends_text(report: Report) -> str:
    """`input 28×28×192 → output 28×28×256`, or the named inputs and outputs of a graph."""
    def named(pairs: tuple[tuple[str, Shape], ...]) -> str:
        return ", ".join(f"{visible(name)} {shape_text(shape)}" for name, shape in pairs)

    start = f"inputs {named(report.inputs)}" if len(report.inputs) > 1 else f"input {shape_text(report.input_shape)}"
    end = f"outputs {named(report.outputs)}" if len(report.outputs) > 1 else f"output {shape_text(report.output_shape)}"
    return f"{start} → {end}"


# what a kind's values beyond weights and bias are, in the totals' words
OTHER_PARAMS = {"batchnorm": "normalization γ, β", "groupnorm": "normalization γ, β", "layernorm": "normalization γ, β",
                "instancenorm": "normalization γ, β", "layer_scale": "layer scales", "prelu": "PReLU slopes"}
KEPT = {"batchnorm": "batchnorm running statistics", "normalization": "Keras Normalization's mean, variance and count"}


def _listed(words: dict[str, str], report: Report, held: str) -> str:
    """`normalization γ, β and layer scales`: what the report's layers hold as `held`, in order met."""
    found = list(dict.fromkeys(words[layer.kind] for layer in report.layers
                               if layer.kind in words and getattr(layer.counts, held)))
    return " and ".join([", ".join(found[:-1]), found[-1]] if len(found) > 1 else found) or "other values"


def summary_lines(report: Report) -> list[str]:
    """The totals in words, with the formulas that tie them together."""
    from cnncalc.receptive import REASONS, ReceptiveField

    totals = report.totals
    other = totals.params - totals.weights - totals.bias
    params = f"params {count(totals.params)} = weights {count(totals.weights)} + bias {count(totals.bias)}"
    if other:
        params += f" + {_listed(OTHER_PARAMS, report, 'other_params')} {count(other)}"
    lines = [params]
    shared = [layer for layer in report.layers
              if layer.shared_with is not None and (layer.counts.weights or layer.counts.other_params)]
    if shared:
        lines.append(f"{len(shared)} {'layer uses' if len(shared) == 1 else 'layers use'} the weights of others "
                     f"(shares:), counted once where they are first used: {visible(shared[0].path)} those of "
                     f"{visible(shared[0].shared_with or '')}{', and so on' if len(shared) > 1 else ''}")
    if totals.frozen:
        lines.append(f"trainable {count(totals.params - totals.frozen)}, frozen {count(totals.frozen)} (trainable: "
                     "false; torchinfo prints them as Trainable params and Non-trainable params)")
    if totals.non_trainable:
        keras = f"Keras adds them: {count(totals.params + totals.non_trainable)} in all"
        if totals.frozen:
            keras += f", {count(totals.frozen + totals.non_trainable)} of them non-trainable"
        lines.append(f"non-trainable {count(totals.non_trainable)} ({_listed(KEPT, report, 'non_trainable')}; {keras})")
    batch = f" for a batch of {report.batch}" if report.batch != 1 else " per sample"
    rounded = f" ({human(totals.macs)})" if totals.macs >= 1000 else ""
    lines.append(f"MACs {count(totals.macs)}{rounded}{batch}; FLOPs = 2 × MACs = {count(totals.flops)}")
    lines.append(f"depth {report.depth} (layers with weights on the longest path, as papers count); "
                 f"{report.weighted_layers} {'layer' if report.weighted_layers == 1 else 'layers'} with weights in all")
    lines.append(f"activations {count(totals.activations)} values = "
                 f"{memory(totals.activation_bytes)} as {report.dtype}; weights {memory(totals.weight_bytes)}")
    if totals.moved_bytes:
        lines.append(f"bytes moved {count(totals.moved_bytes)} ({memory(totals.moved_bytes)}: each layer reads its "
                     f"weights and input and writes its output); {intensity_text(totals.intensity)} FLOPs per byte")
    if report.roofline is not None:
        lines += roofline_lines(report)
    field = report.receptive_field
    if isinstance(field, ReceptiveField):
        size, stride, padding = field_text(field)
        lines.append(f"receptive field {size} (stride {stride}, padding {padding}) at the last layer with spatial axes")
    elif field is not None:
        lines.append(f"receptive field not defined at the output: {REASONS[field]} (docs/receptive-field.md)")
    lines.extend(f"warning: {warning}" for warning in report.warnings)
    for figure, counted, difference in report.against_published():
        label = {"macs": "MACs", "flops": "FLOPs", "params": "params"}[figure.quantity]
        relation = "the same at the figure's precision" if difference == 0 else f"{100 * difference:+.1f} % from it"
        means = f", {figure.means}" if figure.means else ""
        per_sample = " per sample" if report.batch != 1 and figure.quantity != "params" else ""
        lines.append(f"published: \"{figure.quote}\" ({figure.where}{means}); cnncalc counts {counted:,} "
                     f"{label}{per_sample}, {relation}")
    if report.source:
        lines.append(f"source: {report.source}")
    return lines


# --- several networks side by side ---------------------------------------------------------------


class MetricRow(NamedTuple):
    label: str
    key: str  # a metric's key; "input", "output" or "receptive_field" for the rows without ratios
    cells: tuple[str, ...]  # per spec, as written
    ratios: tuple[str, ...] | None  # per spec, said against the baseline; None where none apply


class ComparisonView(NamedTuple):
    comparison: Comparison
    rows: tuple[MetricRow, ...]
    show_ratios: bool
    by_layer: tuple[tuple[str, tuple[LayerReport | None, ...]], ...] | None
    counted: tuple[int | None, ...] | None  # per spec, the count of Options.convention (None: not reproduced)
    notes: tuple[str, ...]


def comparison_view(comparison: Comparison, options: Options) -> ComparisonView:
    counted = None
    notes = comparison_notes(comparison)
    if options.convention is not None:
        from cnncalc.conventions import read

        readings = [read(report, options.convention) for report in comparison.reports]
        counted = tuple(reading.value for reading in readings)
        notes.extend(unreproduced_line(reading, reading.network) for reading in readings if reading.unreproduced)
    by_layer = tuple((path, tuple(layers)) for path, layers in aligned_layers(comparison)) if options.by_layer else None
    return ComparisonView(comparison, tuple(comparison_rows(comparison, options.convention, counted)),
                          comparison.ratios and len(comparison.reports) > 1, by_layer, counted, tuple(notes))


def comparison_rows(comparison: Comparison, convention: "Convention | None" = None,
                    counted: tuple[int | None, ...] | None = None) -> list[MetricRow]:
    """Each metric's values per spec, and its ratio to the baseline per spec; with a convention,
    first what that tool would print for each spec."""
    from fractions import Fraction

    reports = comparison.reports
    baseline = comparison.baseline

    def ratios(values: Sequence[int | None], less: bool = False) -> tuple[str, ...]:
        base = values[baseline]
        return tuple("baseline" if index == baseline else
                     ratio_text(Fraction(value, base) if base and value is not None else None, less)
                     for index, value in enumerate(values))

    rows = [MetricRow("input", "input", tuple(shape_text(report.input_shape) for report in reports), None),
            MetricRow("output", "output", tuple(shape_text(report.output_shape) for report in reports), None)]
    if convention is not None and counted is not None:
        rows.insert(0, MetricRow(f"{convention.id} {convention.label}", "counted", tuple(map(_counted_text, counted)),
                                 ratios(counted)))
    for item in METRICS:
        if not item.compared:
            continue
        values = [metric(report, item.key) for report in reports]
        if item.key == "non_trainable" and not any(values):
            continue
        cells = tuple(memory(value) if item.bytes else count(value) for value in values)
        rows.append(MetricRow(item.label, item.key, cells, ratios(values, item.bytes)))
    if all(report.roofline is not None for report in reports):
        seconds = [report.seconds or 0.0 for report in reports]
        base = seconds[baseline]
        devices = dict.fromkeys(report.roofline.device.id for report in reports if report.roofline is not None)
        label = f"least time on {visible(next(iter(devices)))}" if len(devices) == 1 else "least time"
        rows.append(MetricRow(label, "seconds", tuple(map(duration, seconds)),
                              tuple("baseline" if index == baseline else
                                    ratio_text(Fraction(value) / Fraction(base) if base else None, True)
                                    for index, value in enumerate(seconds))))
    rows.append(MetricRow("receptive field", "receptive_field",
                          tuple("/".join(field_text(report.receptive_field)).rstrip("/") or "—" for report in reports),
                          None))
    return rows


def _ratio_example(comparison: Comparison) -> str:
    """How to read the ratios, with one from this comparison as the example."""
    for item in METRICS:
        for index in range(len(comparison.reports)):
            said = "" if index == comparison.baseline else ratio_text(comparison.ratio(index, item.key))
            if said.endswith(("fewer", "more")):
                factor, relation = said.split(" ")
                who = ("the baseline's figure is {0} this spec's" if relation == "fewer" else
                       "this spec's figure is {0} the baseline's").format(factor.replace("×", " times"))
                other = "more" if relation == "fewer" else "fewer"
                return f'"{said}" means {who}, "{other}" the other way round (within 0.5 %: "same").'
    return 'Every figure is within 0.5 % of the baseline\'s: "same".'


def comparison_notes(comparison: Comparison) -> list[str]:
    notes = []
    if not comparison.same_input:
        notes.append("note: the specs have different inputs; each is counted at its own input size.")
    if comparison.reports[0].batch != 1:
        notes.append(f"MACs, FLOPs and activations are for a batch of {comparison.reports[0].batch}.")
    if comparison.ratios and len(comparison.reports) > 1:
        ratios = _ratio_example(comparison)
    else:
        ratios = "The specs stand alone: no ratios between them."
    notes.append(f"FLOPs = 2 × MACs. {ratios} Receptive field: size/stride/padding.")
    if comparison.lesson:
        notes.append(comparison.lesson)
    if comparison.source:
        notes.append(f"source: {comparison.source}")
    several = len(comparison.reports) > 1
    notes.extend(f"warning: {visible(report.name) + ': ' if several else ''}{warning}"
                 for report in comparison.reports for warning in report.warnings)
    return notes


# --- what other tools would print ----------------------------------------------------------------


class ConventionRow(NamedTuple):
    id: str
    tool: str
    versions: str
    label: str
    value: int | None  # None where the tool prints no count of work
    as_printed: str
    ratio: str  # × cnncalc's count
    params: int
    by_group: dict[str, int]
    note: str
    bug: str
    source: str


class MatchRow(NamedTuple):
    id: str
    network: str
    quantity: str  # "count" (of work) or "params"
    value: int
    difference: float | None


class ConventionsView(NamedTuple):
    survey: "Survey"
    rows: tuple[ConventionRow, ...]  # every tool's count of the network asked about
    matches: tuple[MatchRow, ...]  # with a figure: the readings that give it (or the nearest)
    match_lines: tuple[str, ...]  # the same, in words
    footer: str
    warnings: tuple[str, ...] = ()  # the network's, each a line: `warning: ...`


CONVENTION_FOOTER = ("cnncalc counts the multiply-accumulates of convolutions and dense layers, per sample, and "
                     "nothing else (FLOPs = 2 × MACs): the count papers call multiply-adds. docs/conventions.md "
                     "gives every tool's rules.")


def conventions_view(survey: "Survey", options: Options) -> ConventionsView:
    from cnncalc.conventions import note

    baseline = survey.readings[0]
    rows = []
    for reading in survey.readings:
        convention = reading.convention
        value = reading.value
        rows.append(ConventionRow(
            convention.id, convention.tool, convention.versions, convention.label, value,
            convention.as_printed(value) if value is not None else "",
            f"{value / baseline.value:.3f}×" if value is not None and baseline.value else "",
            reading.params, reading.by_group, note(reading, baseline), convention.bug, convention.source))
    matches = tuple(MatchRow(match.reading.convention.id, match.reading.network, match.quantity, match.value,
                             match.difference) for match in survey.found)
    footer = CONVENTION_FOOTER
    if baseline.non_trainable:  # frozen layers: the split torchinfo and Keras print
        readings = {reading.convention.id: reading for reading in survey.readings}
        torchinfo, keras = readings["torchinfo"], readings["keras"]
        footer += (f" With frozen layers, torchinfo prints Trainable params {count(torchinfo.params - torchinfo.non_trainable)}"
                   f" and Non-trainable params {count(torchinfo.non_trainable)}; Keras' model.summary() Trainable params "
                   f"{count(keras.params - keras.non_trainable)} and Non-trainable params {count(keras.non_trainable)} "
                   "(its batchnorm statistics among them).")
    return ConventionsView(survey, tuple(rows), matches, tuple(match_lines(survey)) if survey.figure else (), footer,
                           tuple(f"warning: {warning}" for warning in survey.warnings))


def _percent(difference: float | None, decimals: int) -> str:
    return "n/a" if difference is None else f"{100 * difference:+.{decimals}f} %"


def match_lines(survey: "Survey") -> list[str]:
    """Which tools give a quoted figure, and whether it is a count of work or of parameters; tools
    that give the same number are named together."""
    figure = survey.figure
    assert figure is not None
    precision = figure.interval()
    lines = []
    if survey.found and survey.found[0].inside:
        kinds = {match.quantity for match in survey.found}
        what = {"params": "a parameter count", "count": "a count of work"}
        lines.append(f"{figure.text} at its precision is {precision}; "
                     f"{' or '.join(what[kind] for kind in sorted(kinds))}, given by:")
        groups: dict[tuple[str, int], list[Match]] = {}
        for match in survey.found:
            groups.setdefault((match.quantity, match.value), []).append(match)
        for (quantity, value), group in groups.items():
            ids = ", ".join(dict.fromkeys(match.reading.convention.id for match in group))
            networks = " and ".join(dict.fromkeys(match.reading.network for match in group))
            if quantity == "params":
                lines.append(f"  params of {ids} on {networks}: {value:,} ({_percent(group[0].difference, 3)})")
            else:
                printed = group[0].reading.convention.as_printed(value)
                lines.append(f"  {ids} on {networks}: {value:,} ({printed}, {_percent(group[0].difference, 3)})")
    elif survey.found:
        match = survey.found[0]
        reading = match.reading
        given = (f"params of {reading.convention.id} on {reading.network}: {match.value:,}"
                 if match.quantity == "params" else f"{reading.convention.id} on {reading.network}: "
                                                    f"{match.value:,} ({reading.convention.as_printed(match.value)})")
        lines.append(f"no known convention gives {figure.text} at its precision {precision}; the nearest is "
                     f"{given}, {_percent(match.difference, 1)} from it")
    else:
        lines.append(f"no known convention gives {figure.text} ({precision}), nor any within 10 %")
    return lines


View = Union[ReportView, ComparisonView, ConventionsView, "SweepView"]


def view_of(document: "Report | Comparison | Survey | Sweep", options: Options) -> View:
    """The view of a report, a comparison, a survey of conventions or a sweep."""
    if isinstance(document, Report):
        return report_view(document, options)
    if isinstance(document, Comparison):
        return comparison_view(document, options)
    from cnncalc.sweeps import Sweep

    if isinstance(document, Sweep):
        return sweep_view(document, options)
    return conventions_view(document, options)


# --- a sweep of a spec's args --------------------------------------------------------------------


class SweepColumn(NamedTuple):
    header: str
    key: str  # an arg's name, a key of sweeps.KEYS, or "note"
    number: bool = True
    ratio: bool = False  # its cells carry a ratio to the first point


class SweepView(NamedTuple):
    sweep: "Sweep"
    columns: tuple[SweepColumn, ...]
    cells: tuple[tuple[str, ...], ...]  # per point shown, per column
    ratios: tuple[tuple[str, ...], ...]  # per point shown, per column: its ratio to the first point, or ""
    notes: tuple[str, ...]


def _sweep_figures(timed: bool) -> tuple[SweepColumn, ...]:
    """A column for each figure a sweep sets against its first point (sweeps.RATIO_KEYS); the least
    time only where there is a device."""
    from cnncalc.sweeps import RATIO_KEYS

    labels = {item.key: item.label for item in METRICS} | {"seconds": "least time"}
    return tuple(SweepColumn(labels[key], key, ratio=True) for key in RATIO_KEYS if timed or key != "seconds")


def sweep_view(sweep: "Sweep", options: Options) -> SweepView:
    figures = _sweep_figures(sweep.roofline is not None)
    numbers = {axis: all(isinstance(dict(point.args).get(axis), (int, float)) for point in sweep.points)
               for axis in sweep.axes}
    columns = (*(SweepColumn(visible(arg_header(axis)), axis, numbers[axis]) for axis in sweep.axes), *figures,
               SweepColumn("published, or why invalid", "note", number=False))

    def cells_of(point: "Point") -> tuple[str, ...]:
        given = dict(point.args)
        cells = [("—" if point.totals is None else duration(point.seconds or 0.0) if column.key == "seconds"
                  else memory(point.figure(column.key)) if column.key == "activation_bytes"
                  else count(point.figure(column.key))) for column in figures]
        return (*(visible(str(given[axis])) for axis in sweep.axes), *cells, _point_note(point))

    def ratios_of(point: "Point") -> tuple[str, ...]:
        return (*("" for _ in sweep.axes),
                *("" if ratio is None else times(ratio) for column in figures
                  for ratio in [sweep.ratio(point, column.key)]), "")

    return SweepView(sweep, columns, tuple(map(cells_of, sweep.points)), tuple(map(ratios_of, sweep.points)),
                     tuple(sweep_notes(sweep)))


def arg_header(name: str) -> str:
    """An arg's column: its name, or `$name` where a figure's key has that name (efficientnet's depth)."""
    from cnncalc.sweeps import KEYS

    return f"${name}" if name in KEYS else name


def _points_line(sweep: "Sweep") -> str:
    """How many points there are, and how those shown were chosen."""
    swept = f"{sweep.swept:,} point{'s' if sweep.swept != 1 else ''}"
    names = [visible(arg_header(axis)) for axis in sweep.axes]
    grid = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
    if sweep.swept == 1:
        line = swept
    elif len(sweep.axes) == 1:
        line = f"{swept}, one for each value of {grid}"
    else:
        line = f"{swept}, {'the values of ' + grid + ' paired' if sweep.zipped else 'every combination of ' + grid}"
    shown = f"{len(sweep.points):,}"
    if sweep.pareto:
        keys = f"both {' and '.join(sweep.pareto)}" if len(sweep.pareto) == 2 else f"all of {', '.join(sweep.pareto)}"
        front = f"the {shown} no other point beats on {keys}"
        line += f"; shown: of those meeting {visible(sweep.where)}, {front}" if sweep.where else f"; shown: {front}"
    elif sweep.where:
        line += f"; shown: the {shown} meeting {visible(sweep.where)}"
    if sweep.sort:
        line += f"; ordered by {sweep.sort.lstrip('-')}, {'highest' if sweep.sort.startswith('-') else 'lowest'} first"
    return line + "."


def _point_note(point: "Point") -> str:
    if not point.valid:
        return "invalid: " + visible(point.error.splitlines()[0], prose=True)
    return "; ".join(f"{visible(figure.quote)} " + ("✓" if not difference else f"(count {100 * difference:+.1f} %)")
                     for figure, _, difference in point.published)


def sweep_notes(sweep: "Sweep") -> list[str]:
    from cnncalc.sweeps import args_text

    notes = [_points_line(sweep)]
    if sweep.first is not None:
        against = "the first point" if sweep.first.number == 1 else \
            f"point {sweep.first.number:,}, the first that makes a network"
        notes.append(f"Ratios (under each figure) are to {against}, {visible(args_text(sweep.first.args))}. "
                     f"FLOPs = 2 × MACs; activation memory as {sweep.dtype}"
                     + (f", for a batch of {sweep.batch:,}." if sweep.batch != 1 else "."))
    if sweep.roofline is not None:
        roofline = sweep.roofline
        notes.append(f"Least time: each layer's roofline bound on {visible(roofline.device.name)} at {sweep.dtype} "
                     f"({roofline.peak / 1e12:,.4g} TFLOP/s, {roofline.bandwidth / 1e9:,.4g} GB/s), added up: a "
                     "lower bound, not a measurement (docs/latency.md).")
    if sweep.invalid:
        shown = sum(not point.valid for point in sweep.points)
        said = f"{sweep.invalid:,} point{'s make' if sweep.invalid != 1 else ' makes'} no network"
        if shown < sweep.invalid:
            said += f" ({sweep.invalid - shown:,} left out here)"
        notes.append(said + ("; why is in its row" if shown else "") + ".")
    checks = [check for point in sweep.points for check in point.published]
    if checks:
        sources = "; ".join(dict.fromkeys(visible(figure.where) for figure, _, _ in checks))
        notes.append(f"Published figures for these args ({sources}): ✓ where the count agrees at the figure's "
                     "printed precision, else how far the count is from it.")
        for figure in dict.fromkeys(figure for figure, _, difference in checks if difference and figure.means):
            notes.append(f'"{visible(figure.quote)}" ({visible(figure.where)}): {visible(figure.means, prose=True)}.')
    uncounted = max((point.uncounted for point in sweep.points), default=0)
    if uncounted:
        notes.append(f"warning: {uncounted:,} layer{'s' if uncounted > 1 else ''} cnncalc does not know "
                     f"{'are' if uncounted > 1 else 'is'} in each network, {'their' if uncounted > 1 else 'its'} "
                     "work not counted (`cnncalc analyze` with --unknown zero names them): the figures leave it out.")
    if sweep.source:
        notes.append(f"source: {visible(sweep.source, prose=True)}")
    return notes
