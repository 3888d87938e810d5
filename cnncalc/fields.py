"""Every field of a layer's row and every whole-network metric, written once: its key (in JSON, in
CSV, for --columns), its header in a table, how each format writes it, whether it is a number
(right-aligned, never cut) and how soon it gives way on a narrow terminal. JSON, CSV, the table and
markdown all take their columns from here; nothing here prints."""
from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple, TypeVar

from cnncalc.layers import Counts, Shape

if TYPE_CHECKING:
    from fractions import Fraction

    from cnncalc.receptive import Field
    from cnncalc.report import LayerReport, Report

    # a ratio is checked as each of the two: abs() of a value that may be either has no useful type
    Ratio = TypeVar("Ratio", Fraction, float)

OMIT = object()  # a value a JSON record leaves out (a field that only some rows have)


# --- how numbers, shapes and formulas are written ------------------------------------------------


def count(value: int) -> str:
    return f"{value:,}"


def shape_text(dims: Shape | None) -> str:
    """`28×28×192`, as the table and the lessons write a shape."""
    return "×".join(map(str, dims)) if dims else ""


def flat(values: Shape | None, collapse: bool = False) -> str:
    """`28x28x192`, as CSV writes a shape; with collapse, one number where every axis agrees."""
    if not values:
        return ""
    if collapse and len(set(values)) == 1:
        return str(values[0])
    return "x".join(map(str, values))


def ratio_text(ratio: "Ratio | None", less: bool = False) -> str:
    """A figure against the baseline's, as a person says it: `2.37× fewer`, `16.9× more`, `same`
    (within 0.5 %); `less` for amounts that are not counted, as memory."""
    if ratio is None:
        return "n/a"
    if abs(ratio - 1) * 200 <= 1:
        return "same"
    if ratio == 0:
        return "none"
    if ratio < 1:
        return f"{times(1 / ratio)} {'less' if less else 'fewer'}"
    return f"{times(ratio)} more"


def times(factor: "Fraction | float") -> str:
    """A factor to three significant figures, whole from 1,000 on: `2.37×`, `16.9×`, `2×`, `1,111,111×`."""
    value = float(factor)
    if value >= 1000:
        return f"{round(value):,}×"
    return f"{value:.3g}×"


def intensity_text(value: float | None) -> str:
    """FLOPs per byte to three significant figures (`2.37`, `145`, `0.25`); empty where nothing moves."""
    if value is None:
        return ""
    return f"{value:,.0f}" if value >= 1000 else f"{value:.3g}"


def share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole and part else ""


def memory(value: int) -> str:
    for factor, suffix in ((2**50, "PiB"), (2**40, "TiB"), (2**30, "GiB"), (2**20, "MiB"), (2**10, "KiB")):
        if value >= factor:
            return f"{value / factor:,.1f} {suffix}"
    return f"{value} B"


def filter_text(layer: "LayerReport") -> str:
    """`3×3×96 ×128`: one filter's shape, then how many (as the 1×1 lessons say "1×1×512, ×64")."""
    return f"{shape_text(layer.filter_shape)} ×{layer.filters}" if layer.filter_shape else ""


FORMULA_KEYS = {"trained": "γ, β", "beta": "β", "gamma": "γ", "statistics": "running mean, var"}  # the JSON keys docs/json.md names
FORMULA_LABELS = {"output": "out", "macs": "MACs", "depthwise macs": "depthwise MACs", "pointwise macs": "pointwise MACs",
                  "note": ""}


def formula_lines(counts: Counts, bias: int, batch: int = 1, macs: int = 0) -> dict[str, str]:
    """The arithmetic behind each count, as the 1×1 lessons write it: `3×3×96×128 = 110,592`."""
    lines = {}
    if any(window.span > 1 or window.stride > 1 or window.pad or window.transposed for window in counts.windows):
        lines["output"] = "; ".join(dict.fromkeys(str(window) for window in counts.windows))
    for formula in counts.formulas:
        factors = " × ".join("×".join(map(str, group)) for group in formula.factors if group)
        lines[FORMULA_KEYS.get(formula.key, formula.key)] = f"{factors} = {formula.value:,}"
    if "macs" in lines and batch != 1:
        lines["macs"] += f" per sample; × batch {batch} = {macs:,}"
    if bias:
        lines["bias"] = f"{bias:,}"
    if counts.note:
        lines["note"] = counts.note
    return lines


def formula_text(lines: Mapping[str, str], separator: str = "; ") -> str:
    """`weights 3×3×96×128 = 110,592; MACs 28×28×128 × 3×3×96 = 86,704,128`."""
    written = []
    for key, text in lines.items():
        label = FORMULA_LABELS.get(key, key)
        written.append(f"{label} {text}" if label else text)
    return separator.join(written)


@lru_cache(maxsize=4096)  # a table asks for each of the three of every layer's field
def field_text(field: "Field | None") -> tuple[str, str, str]:
    """(size, stride, padding), each one number where every axis agrees, else per axis: `1×7`. Where
    no single field is defined: `whole` (every output sees the whole input) or `n/a`."""
    from cnncalc.receptive import WHOLE, ReceptiveField

    if not isinstance(field, ReceptiveField):
        return ("whole" if field == WHOLE else "n/a" if field is not None else "", "", "")
    return tuple("×".join(map(str, values)) if len(set(values)) > 1 else str(values[0])  # type: ignore[return-value]
                 for values in field)


def _field_flat(index: int) -> "Callable[[LayerReport], str]":
    def read(layer: "LayerReport") -> str:
        from cnncalc.receptive import ReceptiveField

        field = layer.receptive_field
        return flat(field[index], True) if isinstance(field, ReceptiveField) else ""
    return read


def _field_cell(index: int) -> "Callable[[LayerReport, Report], str]":
    return lambda layer, report: field_text(layer.receptive_field)[index]


def _receptive(layer: "LayerReport") -> object:
    from cnncalc.receptive import as_dict

    return as_dict(layer.receptive_field)


def _branch_fields(layer: "LayerReport") -> object:
    from cnncalc.receptive import as_dict

    return OMIT if layer.branch_fields is None else [as_dict(field) for field in layer.branch_fields]


# --- the fields of a layer's row --------------------------------------------------------------------


class LayerField(NamedTuple):
    """One field of a layer's row. `value` is what JSON holds; `flat` what CSV and Report.rows()
    hold, where it differs; `text` the table's and markdown's cell (None: not a table column)."""

    key: str
    header: str
    value: "Callable[[LayerReport], object] | None"  # None: not in JSON
    flat: "Callable[[LayerReport], object] | None" = None  # None: as value; NOT_FLAT: not in CSV
    text: "Callable[[LayerReport, Report], str] | None" = None
    total: "Callable[[Report], str]" = lambda report: ""
    number: bool = False
    drop: int = 0  # 0: a table column that never gives way; higher: gives way sooner when short of width
    shown: bool = False  # in the table unless --columns chooses


def _not_flat(layer: "LayerReport") -> object:
    return OMIT


NOT_FLAT = _not_flat


def _count_field(key: str, header: str, drop: int, shown: bool, total: "Callable[[Report], int]") -> LayerField:
    def value(layer: "LayerReport") -> int:
        return getattr(layer, key)  # type: ignore[no-any-return]

    def text(layer: "LayerReport", report: "Report") -> str:
        if layer.kind == "uncounted" and key in ("macs", "flops"):
            return "—"  # not known, so not a zero
        return count(value(layer))
    return LayerField(key, header, value, text=text,
                      total=lambda report: count(total(report)), number=True, drop=drop, shown=shown)


LAYER_FIELDS: tuple[LayerField, ...] = (
    LayerField("path", "layer", lambda layer: layer.path, text=lambda layer, report: layer.path,
               total=lambda report: "total", shown=True),
    LayerField("name", "", lambda layer: layer.name),
    LayerField("kind", "kind", lambda layer: layer.kind, text=lambda layer, report: layer.kind, drop=3, shown=True),
    LayerField("depth", "", lambda layer: layer.depth),
    LayerField("line", "", lambda layer: layer.line, NOT_FLAT),
    LayerField("inputs", "", lambda layer: list(layer.inputs), lambda layer: ";".join(layer.inputs)),
    LayerField("trainable", "", lambda layer: layer.trainable, lambda layer: "true" if layer.trainable else "false"),
    LayerField("shared_with", "", lambda layer: layer.shared_with, lambda layer: layer.shared_with or ""),
    LayerField("input_shape", "input", lambda layer: list(layer.input_shape), lambda layer: flat(layer.input_shape),
               lambda layer, report: shape_text(layer.input_shape), lambda report: shape_text(report.input_shape),
               number=True, drop=4, shown=True),
    LayerField("output_shape", "output", lambda layer: list(layer.output_shape),
               lambda layer: flat(layer.output_shape), lambda layer, report: shape_text(layer.output_shape),
               lambda report: shape_text(report.output_shape), number=True, shown=True),
    LayerField("filter_shape", "filter", lambda layer: list(layer.filter_shape) if layer.filter_shape else None,
               lambda layer: flat(layer.filter_shape), lambda layer, report: filter_text(layer), number=True, drop=7,
               shown=True),
    LayerField("filters", "", lambda layer: layer.filters or None),
    _count_field("weights", "weights", 2, True, lambda report: report.totals.weights),
    _count_field("bias", "bias", 8, True, lambda report: report.totals.bias),
    _count_field("params", "params", 0, True, lambda report: report.totals.params),
    _count_field("non_trainable", "non-trainable", 6, False, lambda report: report.totals.non_trainable),
    _count_field("macs", "MACs", 0, True, lambda report: report.totals.macs),
    _count_field("flops", "FLOPs", 9, True, lambda report: report.totals.flops),
    LayerField("share", "MACs %", None, NOT_FLAT, lambda layer, report: share(layer.macs, report.totals.macs),
               lambda report: share(report.totals.macs, report.totals.macs), number=True, drop=5, shown=True),
    _count_field("activations", "activations", 6, False, lambda report: report.totals.activations),
    _count_field("weight_bytes", "weight bytes", 6, False, lambda report: report.totals.weight_bytes),
    _count_field("input_bytes", "input bytes", 6, False, lambda report: sum(row.input_bytes for row in report.layers)),
    _count_field("output_bytes", "output bytes", 6, False, lambda report: report.totals.activation_bytes),
    _count_field("moved_bytes", "bytes moved", 6, False, lambda report: report.totals.moved_bytes),
    LayerField("intensity", "FLOPs/byte", lambda layer: layer.intensity,
               lambda layer: "" if layer.intensity is None else f"{layer.intensity:.6g}",
               lambda layer, report: intensity_text(layer.intensity),
               lambda report: intensity_text(report.totals.intensity), number=True, drop=6),
    LayerField("rf_size", "RF", None, _field_flat(0), _field_cell(0), number=True, drop=6),
    LayerField("rf_stride", "RF stride", None, _field_flat(1), _field_cell(1), number=True, drop=8),
    LayerField("rf_padding", "RF pad", None, _field_flat(2), _field_cell(2), number=True, drop=8),
    LayerField("formula", "formula", lambda layer: layer.formula(), lambda layer: formula_text(layer.formula()),
               lambda layer, report: formula_text(layer.formula(), "\n"), shown=True),
    LayerField("receptive_field", "", _receptive, NOT_FLAT),
    LayerField("branch_receptive_fields", "", _branch_fields, NOT_FLAT),
)
BY_KEY = {field.key: field for field in LAYER_FIELDS}
TABLE_FIELDS = tuple(field for field in LAYER_FIELDS if field.text is not None)  # --columns names these
CSV_FIELDS = tuple(field for field in LAYER_FIELDS if field.flat is not NOT_FLAT and
                   (field.flat is not None or field.value is not None))
RECEPTIVE_FIELD = ("rf_size", "rf_stride", "rf_padding")


# What a layer shares with every layer of the same rule result on the same input: everything but
# where it sits (path, name, depth, line, inputs), what it sees (its receptive field) and another
# tool's count of it (`counted`, a column of --convention).
PER_LAYER = ("path", "name", "kind", "depth", "line", "inputs", "trainable", "shared_with", "rf_size", "rf_stride", "rf_padding",
             "receptive_field", "branch_receptive_fields", "counted", "time", "time_share", "bound")

Part = TypeVar("Part")


def once_per_result(make: "Callable[[LayerReport], Part]") -> "Callable[[LayerReport], Part]":
    """`make(layer)`, computed once for all the layers of one kind that share a rule's result on the
    same input, whose fields outside PER_LAYER are equal: networks repeat their blocks, and a
    renderer of a large report writes each distinct layer's fields (and the table its kind) once."""
    cache: dict[tuple[int, Shape, bool, str], tuple[Counts, Part]] = {}

    def part(layer: "LayerReport") -> Part:
        key = (id(layer.counts), layer.input_shape, layer.shared_with is None, layer.kind)
        entry = cache.get(key)
        if entry is None or entry[0] is not layer.counts:  # the entry keeps its result, so its id stays its own
            entry = cache[key] = (layer.counts, make(layer))
        return entry[1]

    return part


def json_record(layer: "LayerReport") -> dict[str, object]:
    """A layer as JSON holds it."""
    record = {}
    for field in LAYER_FIELDS:
        if field.value is not None:
            value = field.value(layer)
            if value is not OMIT:
                record[field.key] = value
    return record


def flat_record(layer: "LayerReport") -> dict[str, object]:
    """A layer as one flat record of plain values, CSV's row: counts as ints, shapes as text."""
    return {field.key: (field.flat or field.value)(layer) for field in CSV_FIELDS}  # type: ignore[misc]


# --- whole-network metrics ------------------------------------------------------------------------


class Metric(NamedTuple):
    """A whole-network figure, set side by side in a comparison with its ratio to the baseline."""

    key: str
    label: str
    bytes: bool = False  # an amount of memory: written 2.4 MiB, "less" rather than "fewer"
    compared: bool = True  # a row of the comparison table


METRICS: tuple[Metric, ...] = (
    Metric("weights", "weights"),
    Metric("params", "params"),
    Metric("non_trainable", "non-trainable"),
    Metric("macs", "MACs"),
    Metric("flops", "FLOPs"),
    Metric("activations", "activations", compared=False),
    Metric("activation_bytes", "activation memory", bytes=True),
    Metric("weight_bytes", "weight memory", bytes=True),
    Metric("moved_bytes", "bytes moved", bytes=True),
    Metric("depth", "depth"),
    Metric("weighted_layers", "weighted layers"),
)
METRIC_KEYS = tuple(metric.key for metric in METRICS)


def metric(report: "Report", name: str) -> int:
    """One whole-network figure by name: a total, `depth`, `weighted_layers`, or `channels` of the output."""
    if name == "weighted_layers":
        return report.weighted_layers
    if name == "depth":
        return report.depth
    if name == "channels":
        return report.output_shape[-1]
    return getattr(report.totals, name)  # type: ignore[no-any-return]
