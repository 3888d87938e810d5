"""What an analysis returns: immutable, plain data with a to_dict() for JSON. Nothing here prints.

Every record of cnncalc is a NamedTuple rather than a frozen dataclass: as immutable and as typed,
four times cheaper to make, and `dataclasses` alone would add a tenth to cnncalc's start-up."""
from types import MappingProxyType
from math import prod
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, NamedTuple

from cnncalc.fields import METRIC_KEYS as METRICS
from cnncalc.fields import flat_record, formula_lines, json_record, metric
from cnncalc.layers import Counts, Shape
from cnncalc.receptive import Field, as_dict

if TYPE_CHECKING:
    from fractions import Fraction

    from cnncalc.devices import Device, Roofline

    from cnncalc.spec.nodes import Published

SCHEMA_VERSION = 3

DTYPE_BYTES = {"float64": 8, "float32": 4, "tf32": 4, "float16": 2, "bfloat16": 2, "int8": 1}  # tf32: stored as float32


class LayerReport(NamedTuple):
    """One row: a layer, or the point where parallel branches are joined (concat, add, multiply).
    A NamedTuple for the same reason as layers.Counts: one is made per layer of every analysis."""

    path: str
    name: str | None
    kind: str
    scope: tuple[str, ...]  # paths of the blocks and joins that enclose this row, outermost first
    input_shape: Shape
    output_shape: Shape
    counts: Counts
    macs: int  # for the whole batch
    activations: int  # output values for the whole batch
    batch: int = 1
    line: int | None = None
    receptive_field: Field | None = None  # None: not computed
    branch_fields: tuple[Field | None, ...] | None = None  # a join's row: the field of each path it joins
    inputs: tuple[str, ...] = ()  # the paths of the rows it reads, or "input"
    weight_bytes: int = 0  # its parameters and statistics in the chosen dtype
    input_bytes: int = 0  # what it reads, for the whole batch
    output_bytes: int = 0  # what it writes, for the whole batch
    trainable: bool = True  # False: its parameters are frozen
    shared_with: str | None = None  # the path of the layer whose weights it uses (`shares:`), counted there
    moved_bytes: int = 0  # its weights (once per batch), what it reads and what it writes; 0 for a view

    @property
    def intensity(self) -> float | None:
        """Arithmetic intensity: FLOPs per byte moved; None where it moves nothing."""
        return self.flops / self.moved_bytes if self.moved_bytes else None

    @property
    def depth(self) -> int:
        return len(self.scope)

    # A row that uses another's weights (`shares:`) holds none of its own: they are counted there.
    @property
    def weights(self) -> int:
        return self.counts.weights if self.shared_with is None else 0

    @property
    def bias(self) -> int:
        return self.counts.bias if self.shared_with is None else 0

    @property
    def params(self) -> int:
        return self.counts.params if self.shared_with is None else 0

    @property
    def non_trainable(self) -> int:
        return self.counts.non_trainable if self.shared_with is None else 0

    @property
    def flops(self) -> int:
        return 2 * self.macs

    @property
    def filter_shape(self) -> Shape | None:
        return self.counts.filter_shape

    @property
    def filters(self) -> int:
        return self.counts.filters

    def formula(self) -> dict[str, str]:
        """The arithmetic behind its counts, by what each counts: `{"weights": "3×3×96×128 = 110,592"}`."""
        return formula_lines(self.counts, self.bias, self.batch, self.macs)

    def row(self) -> dict[str, object]:
        """The layer as one flat record of plain values, a row of a data frame: counts as ints,
        shapes and receptive fields as text (`28x28x192`, `1x7` where the axes differ)."""
        return flat_record(self)

    def to_dict(self) -> dict[str, object]:
        return json_record(self)


class Totals(NamedTuple):
    weights: int
    bias: int
    params: int
    non_trainable: int
    macs: int
    activations: int
    activation_bytes: int
    weight_bytes: int = 0
    weighted_layers: int = 0  # layers that carry weights
    frozen: int = 0  # parameters of the layers written `trainable: false`, in params too
    moved_bytes: int = 0  # bytes every layer moves, in all

    @property
    def intensity(self) -> float | None:
        """FLOPs per byte moved, of the whole network."""
        return self.flops / self.moved_bytes if self.moved_bytes else None

    @property
    def flops(self) -> int:
        return 2 * self.macs

    def to_dict(self) -> dict[str, int | float | None]:
        return {
            "weights": self.weights,
            "bias": self.bias,
            "params": self.params,
            "non_trainable": self.non_trainable,
            "macs": self.macs,
            "flops": self.flops,
            "activations": self.activations,
            "activation_bytes": self.activation_bytes,
            "weight_bytes": self.weight_bytes,
            "trainable": self.params - self.frozen,
            "frozen": self.frozen,
            "moved_bytes": self.moved_bytes,
            "intensity": self.intensity,
        }


class Report(NamedTuple):
    name: str
    file: str
    input_shape: Shape
    output_shape: Shape
    layers: tuple[LayerReport, ...]
    totals: Totals
    containers: Mapping[str, str] = MappingProxyType({})  # path -> kind of each block and join
    batch: int = 1
    dtype: str = "float32"
    description: str = ""
    source: str = ""
    depth: int = 0  # layers with weights on the longest path from input to output, as papers count depth
    published: "tuple[Published, ...]" = ()  # figures as the spec gives them
    warnings: tuple[str, ...] = ()
    args: tuple[tuple[str, object], ...] = ()  # the spec's own arguments and their values
    inputs: tuple[tuple[str, Shape], ...] = ()  # named inputs, where the spec names them
    outputs: tuple[tuple[str, Shape], ...] = ()  # named outputs, where the spec names them
    roofline: "Roofline | None" = None  # a device, where one was named: each layer's least time on it
    devices: "tuple[Device, ...]" = ()  # the spec's own devices (`devices:`), which --device may name

    def layer_time(self, layer: LayerReport) -> tuple[float, str]:
        """(seconds, bound) of a layer on the report's device: the roofline's lower bound."""
        assert self.roofline is not None
        return self.roofline.seconds(layer.flops, layer.moved_bytes), self.roofline.bound(layer.flops, layer.moved_bytes)

    @property
    def seconds(self) -> float | None:
        """The network's least time on the device, its layers one after another; None without one."""
        if self.roofline is None:
            return None
        return sum(self.roofline.seconds(layer.flops, layer.moved_bytes) for layer in self.layers)

    def roofline_dict(self) -> dict[str, object] | None:
        """The device, the total time, the throughput it bounds, and how much of the time each bound takes."""
        if self.roofline is None:
            return None
        by_bound = {"compute": 0.0, "memory": 0.0, "": 0.0}
        seconds = 0.0  # added in the layers' order, as `seconds` adds them
        for layer in self.layers:
            layer_seconds, bound = self.layer_time(layer)
            by_bound[bound] += layer_seconds
            seconds += layer_seconds
        return {"device": self.roofline.to_dict(), "seconds": seconds,
                "images_per_second": self.batch / seconds if seconds else None,
                "compute_bound_seconds": by_bound["compute"], "memory_bound_seconds": by_bound["memory"]}

    @property
    def receptive_field(self) -> Field | None:
        """The field of the last layer that still has spatial axes: before flatten, and before a
        global pooling (whose 1×1 output sees the whole input). A NoField where none is defined, as
        after a transposed convolution; None where fields were not computed."""
        from cnncalc.receptive import WHOLE

        for layer in reversed(self.layers):
            spatial = layer.output_shape[:-1]
            if spatial and (layer.receptive_field != WHOLE or any(size > 1 for size in spatial)):
                return layer.receptive_field
        return None

    @property
    def weighted_layers(self) -> int:
        """Depth as papers count it: layers that carry weights."""
        return self.totals.weighted_layers

    def times(self, rows: Sequence[LayerReport]) -> list[tuple[float, str]]:
        """Each displayed row's least time on the report's device and its bound; a folded row adds up
        the times of the layers under it, bound by what bounds most of that time."""
        if rows is self.layers:
            return [self.layer_time(layer) for layer in rows]
        position = {row.path: index for index, row in enumerate(rows)}
        seconds = [[0.0, 0.0] for _ in rows]  # per row: compute-bound and memory-bound seconds
        for layer in self.layers:
            segments = layer.path.split("/")
            for end in range(1, len(segments) + 1):
                index = position.get("/".join(segments[:end]))
                if index is not None:
                    layer_seconds, bound = self.layer_time(layer)
                    seconds[index][bound == "memory"] += layer_seconds
                    break
        return [(compute + memory, "" if not compute + memory else "memory" if memory > compute else "compute")
                for compute, memory in seconds]

    def rows(self, depth: int | None = None) -> list[dict[str, object]]:
        """One flat record per layer (per folded block with `depth`), for data tools:
        `pandas.DataFrame(report.rows())`. Their counts add up to the totals; with a device, each
        has its least `seconds` and its `bound`."""
        rows = self.layers if depth is None else folded(self, depth)
        found = records(self, rows)
        if self.roofline is not None:
            for record, (seconds, bound) in zip(found, self.times(rows)):
                record["seconds"], record["bound"] = seconds, bound
        return found

    def to_dict(self, layers: bool = True) -> dict[str, object]:
        """The report as JSON holds it (docs/json.md); without `layers`, their list is left empty."""
        return {
            "schema_version": SCHEMA_VERSION,
            "name": self.name,
            "file": self.file,
            "description": self.description,
            "source": self.source,
            "input_shape": list(self.input_shape),
            "output_shape": list(self.output_shape),
            "batch": self.batch,
            "dtype": self.dtype,
            "args": {name: _plain_value(value) for name, value in self.args},
            "inputs": [{"name": name, "shape": list(shape)} for name, shape in self.inputs],
            "outputs": [{"name": name, "shape": list(shape)} for name, shape in self.outputs],
            "flops_per_mac": 2,
            "layers": [self.layer_dict(layer) for layer in self.layers] if layers else [],
            "totals": {**self.totals.to_dict(), "weighted_layers": self.weighted_layers, "depth": self.depth},
            "published": [_published_dict(figure, counted, difference)
                          for figure, counted, difference in self.against_published()],
            "receptive_field": as_dict(self.receptive_field),
            "warnings": list(self.warnings),
            "roofline": self.roofline_dict(),
        }

    def layer_dict(self, layer: LayerReport) -> dict[str, object]:
        """A layer's JSON object; with a device, its least `seconds` on it and what `bound`s it."""
        record = layer.to_dict()
        if self.roofline is not None:
            record["seconds"], record["bound"] = self.layer_time(layer)
        return record

    def against_published(self) -> "list[tuple[Published, int, float]]":
        """Each published figure, cnncalc's count of the same quantity for one sample (as papers
        count), and how far apart they are: 0.0 within the figure's stated precision, else
        (count − figure) / figure."""
        from cnncalc.figures import parse_figure, relative

        rows = []
        for figure in self.published:
            counted = metric(self, figure.quantity)
            if figure.quantity in ("macs", "flops"):
                counted //= self.batch
            stated = parse_figure(figure.value)
            difference = 0.0 if stated.low <= counted < stated.high else relative(counted, stated.value)
            rows.append((figure, counted, difference))
        return rows


def _published_dict(figure: "Published", counted: int, difference: float) -> dict[str, object]:
    """A published figure in JSON: its value as a number, with the interval its precision stands for."""
    from cnncalc.figures import as_number, parse_figure

    stated = parse_figure(figure.value)
    return {**figure._asdict(), "value": stated.number(), "low": as_number(stated.low),
            "high": as_number(stated.high), "counted": counted, "difference": difference}


def _plain_value(value: object) -> object:
    """A value as JSON can hold it: a number, text, a truth value or null; anything else (a date
    YAML read) as text."""
    if value is None or isinstance(value, (bool, str, int)):
        return value
    if isinstance(value, float) and value == value and abs(value) != float("inf"):
        return value
    return str(value)


def records(report: Report, rows: Sequence[LayerReport]) -> list[dict[str, object]]:
    """Flat records of these rows of the report (its layers, or rows folded from them): `row` says
    which a record is, `layer` or `block`."""
    if rows is report.layers:
        return [{"row": "layer", **flat_record(layer)} for layer in rows]
    originals = {id(layer) for layer in report.layers}
    return [{"row": "layer" if id(layer) in originals else "block", **flat_record(layer)} for layer in rows]


def totals_of(layers: tuple[LayerReport, ...], dtype: str) -> Totals:
    weights = bias = other = non_trainable = macs = activations = weight_bytes = weighted = frozen = moved = 0
    for layer in layers:
        counts = layer.counts
        moved += layer.moved_bytes
        if counts.weights:
            weighted += 1
        if layer.shared_with is not None:  # its weights are counted where they are first used
            macs += layer.macs
            activations += layer.activations
            continue
        if not layer.trainable:
            frozen += counts.params
        weights += counts.weights
        bias += counts.bias
        other += counts.other_params
        non_trainable += counts.non_trainable
        macs += layer.macs
        activations += layer.activations
        weight_bytes += layer.weight_bytes
    return Totals(weights, bias, weights + bias + other, non_trainable, macs, activations,
                  activations * DTYPE_BYTES[dtype], weight_bytes, weighted, frozen, moved)


def folded(report: Report, depth: int) -> list[LayerReport]:
    """Rows with blocks and joins nested deeper than `depth` summed into one row each
    (depth 1: one row per top-level item), as torchinfo's `depth`."""
    if depth < 1:
        raise ValueError("depth must be at least 1")
    rows: list[LayerReport] = []
    group: list[LayerReport] = []
    group_path = ""
    for layer in report.layers:
        # a join's own row belongs to the join, with the branches it closes
        owners = (*layer.scope, layer.path) if layer.path in report.containers else layer.scope
        key = owners[depth - 1] if len(owners) >= depth else None
        if group and key != group_path:
            rows.append(_fold(report, group_path, group))
            group = []
        if key is None:
            rows.append(layer)
        else:
            group.append(layer)
            group_path = key
    if group:
        rows.append(_fold(report, group_path, group))
    return rows


def _fold(report: Report, path: str, members: list[LayerReport]) -> LayerReport:
    first, last = members[0], members[-1]
    owned = [m for m in members if m.shared_with is None]  # weights shared with others are counted there
    total = Counts(
        output_shape=last.output_shape,
        weights=sum(m.weights for m in owned),
        bias=sum(m.bias for m in owned),
        other_params=sum(m.counts.other_params for m in owned),
        non_trainable=sum(m.non_trainable for m in owned),
        macs=sum(m.counts.macs for m in members),
        note=f"{len(members)} layers folded",
    )
    return LayerReport(
        path=path,
        name=None,
        kind=report.containers.get(path, "block"),
        scope=last.scope if last.path == path else first.scope[: first.scope.index(path)],
        input_shape=first.input_shape,
        output_shape=last.output_shape,
        counts=total,
        macs=sum(m.macs for m in members),
        activations=prod(last.output_shape) * first.batch,
        batch=first.batch,
        line=first.line,
        receptive_field=last.receptive_field,
        inputs=tuple(source for source in first.inputs if not source.startswith(path + "/")),
        weight_bytes=sum(m.weight_bytes for m in owned),
        input_bytes=first.input_bytes,
        output_bytes=last.output_bytes,
        # trained if any of its weights are; sharing another block's if all of its weighted layers do
        trainable=any(m.trainable for m in members if m.params) or not any(m.params for m in members),
        shared_with=_shared_block(path, members),
        moved_bytes=sum(m.moved_bytes for m in members),
    )


def _shared_block(path: str, members: list[LayerReport]) -> str | None:
    """The block whose weights a folded block uses, where all of its weighted layers share: `a` for `b`
    whose `b/conv` uses `a/conv`."""
    weighted = [m for m in members if m.counts.params]
    if not weighted or any(m.shared_with is None for m in weighted):
        return None
    first = weighted[0]
    inside = first.path[len(path):]  # `/conv` of `b/conv`
    original = first.shared_with or ""
    return original[:-len(inside)] if inside and original.endswith(inside) else None


class Comparison(NamedTuple):
    """Reports side by side; every ratio is a report's figure over the baseline's."""

    reports: tuple[Report, ...]
    baseline: int = 0
    name: str = ""
    lesson: str = ""
    source: str = ""
    description: str = ""
    ratios: bool = True  # False where the specs stand alone and a ratio between them means nothing

    def ratio(self, index: int, name: str) -> "Fraction | None":
        from fractions import Fraction  # only comparisons need it; analyze starts faster without

        base = metric(self.reports[self.baseline], name)
        return Fraction(metric(self.reports[index], name), base) if base else None

    @property
    def same_input(self) -> bool:
        return len({report.input_shape for report in self.reports}) == 1

    def to_dict(self) -> dict[str, object]:
        ratios: dict[str, list[float | None]] = {}
        for name in METRICS:
            values = [self.ratio(index, name) for index in range(len(self.reports))]
            ratios[name] = [None if value is None else float(value) for value in values]
        return {
            "schema_version": SCHEMA_VERSION,
            "name": self.name,
            "baseline": self.baseline,
            "same_input": self.same_input,
            "description": self.description,
            "lesson": self.lesson,
            "source": self.source,
            "specs": [report.to_dict() for report in self.reports],
            "ratios": ratios if self.ratios else None,
        }


def compare(reports: tuple[Report, ...] | list[Report], baseline: int = 0, name: str = "", lesson: str = "",
            source: str = "", description: str = "", ratios: bool = True) -> Comparison:
    """Reports side by side against reports[baseline] (0-based)."""
    if not 0 <= baseline < len(reports):
        raise ValueError(f"baseline must be between 1 and {len(reports)}")
    return Comparison(tuple(reports), baseline, name, lesson, source, description, ratios)


def aligned_layers(comparison: Comparison) -> list[tuple[str, list[LayerReport | None]]]:
    """The layers of every report matched by path. Paths are merged as a tree of their segments,
    so a branch's layers stay together; among siblings each report's own order is kept, a new
    sibling going right after the last one that report already placed."""
    tree = _PathNode()
    for report in comparison.reports:
        last_placed: dict[int, str] = {}
        for layer in report.layers:
            node = tree
            for segment in layer.path.split("/"):
                node = node.child(segment, last_placed)
            node.is_row = True
    by_path = [{layer.path: layer for layer in report.layers} for report in comparison.reports]
    return [(path, [layers.get(path) for layers in by_path]) for path in tree.rows("")]


class _PathNode:
    """A path segment's children, kept in a linked order so that a sibling goes in after any other
    in constant time."""

    __slots__ = ("first", "after", "children", "is_row")

    def __init__(self) -> None:
        self.first: str | None = None
        self.after: dict[str, str | None] = {}  # segment -> the segment of the next sibling
        self.children: dict[str, _PathNode] = {}
        self.is_row = False

    def child(self, segment: str, last_placed: dict[int, str]) -> "_PathNode":
        if segment not in self.children:
            previous = last_placed.get(id(self))
            if previous is None:
                self.after[segment], self.first = self.first, segment
            else:
                self.after[segment], self.after[previous] = self.after[previous], segment
            self.children[segment] = _PathNode()
        last_placed[id(self)] = segment
        return self.children[segment]

    def rows(self, prefix: str) -> list[str]:
        """Depth first, without recursion; a node's own row after its children, where a join's row
        stands."""
        paths: list[str] = []
        stack: list[tuple[_PathNode, str, str | None]] = [(self, prefix, self.first)]
        while stack:
            node, path, segment = stack.pop()
            if segment is None:
                if node.is_row and path:
                    paths.append(path)
                continue
            stack.append((node, path, node.after[segment]))
            child = node.children[segment]
            stack.append((child, f"{path}/{segment}" if path else segment, child.first))
        return paths
