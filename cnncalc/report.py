"""What an analysis returns: frozen, plain data with a to_dict() for JSON. Nothing here prints."""
from __future__ import annotations

from dataclasses import dataclass, field

from cnncalc.layers import Counts, Shape, formula_lines

SCHEMA_VERSION = 1

DTYPE_BYTES = {"float64": 8, "float32": 4, "float16": 2, "bfloat16": 2, "int8": 1}


@dataclass(frozen=True, slots=True)
class LayerReport:
    """One row: a layer, or the point where parallel branches are joined (concat, add, multiply)."""

    path: str
    name: str | None
    kind: str
    scope: tuple[str, ...]  # paths of the blocks and joins that enclose this row, outermost first
    input_shape: Shape
    output_shape: Shape
    counts: Counts
    batch: int = 1
    line: int | None = None

    @property
    def depth(self) -> int:
        return len(self.scope)

    @property
    def weights(self) -> int:
        return self.counts.weights

    @property
    def bias(self) -> int:
        return self.counts.bias

    @property
    def params(self) -> int:
        return self.counts.params

    @property
    def non_trainable(self) -> int:
        return self.counts.non_trainable

    @property
    def macs(self) -> int:
        return self.counts.macs * self.batch

    @property
    def flops(self) -> int:
        return 2 * self.macs

    @property
    def activations(self) -> int:
        """Output values of this layer for the whole batch."""
        values = self.batch
        for size in self.output_shape:
            values *= size
        return values

    @property
    def filter_shape(self) -> Shape | None:
        return self.counts.filter_shape

    @property
    def filters(self) -> int:
        return self.counts.filters

    def formula(self) -> dict[str, str]:
        lines = formula_lines(self.counts)
        if self.batch != 1 and self.counts.macs:
            lines["macs"] += f" per sample; × batch {self.batch} = {self.macs:,}"
        return lines

    def to_dict(self) -> dict:
        return {
            "path": self.path,
            "name": self.name,
            "kind": self.kind,
            "depth": self.depth,
            "line": self.line,
            "input_shape": list(self.input_shape),
            "output_shape": list(self.output_shape),
            "filter_shape": list(self.filter_shape) if self.filter_shape else None,
            "filters": self.filters or None,
            "weights": self.weights,
            "bias": self.bias,
            "params": self.params,
            "non_trainable": self.non_trainable,
            "macs": self.macs,
            "flops": self.flops,
            "activations": self.activations,
            "formula": self.formula(),
        }


@dataclass(frozen=True, slots=True)
class Totals:
    weights: int
    bias: int
    params: int
    non_trainable: int
    macs: int
    activations: int
    activation_bytes: int

    @property
    def flops(self) -> int:
        return 2 * self.macs

    def to_dict(self) -> dict:
        return {
            "weights": self.weights,
            "bias": self.bias,
            "params": self.params,
            "non_trainable": self.non_trainable,
            "macs": self.macs,
            "flops": self.flops,
            "activations": self.activations,
            "activation_bytes": self.activation_bytes,
        }


@dataclass(frozen=True, slots=True)
class Report:
    name: str
    file: str
    input_shape: Shape
    output_shape: Shape
    layers: tuple[LayerReport, ...]
    totals: Totals
    containers: dict[str, str] = field(default_factory=dict)  # path -> kind of each block and join
    batch: int = 1
    dtype: str = "float32"
    description: str = ""

    @property
    def weighted_layers(self) -> int:
        """Depth as papers count it: layers that carry weights."""
        return sum(1 for layer in self.layers if layer.weights)

    def to_dict(self) -> dict:
        return {
            "schema_version": SCHEMA_VERSION,
            "name": self.name,
            "file": self.file,
            "description": self.description,
            "input_shape": list(self.input_shape),
            "output_shape": list(self.output_shape),
            "batch": self.batch,
            "dtype": self.dtype,
            "flops_per_mac": 2,
            "layers": [layer.to_dict() for layer in self.layers],
            "totals": {**self.totals.to_dict(), "weighted_layers": self.weighted_layers},
        }


def totals_of(layers: tuple[LayerReport, ...], dtype: str) -> Totals:
    weights = bias = params = non_trainable = macs = activations = 0
    for layer in layers:
        weights += layer.weights
        bias += layer.bias
        params += layer.params
        non_trainable += layer.non_trainable
        macs += layer.macs
        activations += layer.activations
    return Totals(weights, bias, params, non_trainable, macs, activations, activations * DTYPE_BYTES[dtype])


def folded(report: Report, depth: int) -> list[LayerReport]:
    """Rows with blocks and joins nested deeper than `depth` summed into one row each
    (depth 1: one row per top-level item), as torchinfo's `depth`."""
    if depth < 1:
        raise ValueError("depth must be at least 1")
    rows: list[LayerReport] = []
    group: list[LayerReport] = []
    group_path = None
    for layer in [*report.layers, None]:
        key = layer.scope[depth - 1] if layer is not None and layer.depth >= depth else None
        if group and key != group_path:
            rows.append(_fold(report, group_path, group))
            group = []
        if key is None:
            if layer is not None:
                rows.append(layer)
        else:
            group.append(layer)
            group_path = key
    return rows


def _fold(report: Report, path: str, members: list[LayerReport]) -> LayerReport:
    first, last = members[0], members[-1]
    total = Counts(
        output_shape=last.output_shape,
        weights=sum(m.weights for m in members),
        bias=sum(m.bias for m in members),
        other_params=sum(m.counts.other_params for m in members),
        non_trainable=sum(m.non_trainable for m in members),
        macs=sum(m.counts.macs for m in members),
        note=f"{len(members)} layers folded",
    )
    return LayerReport(
        path=path,
        name=None,
        kind=report.containers.get(path, "block"),
        scope=first.scope[: first.scope.index(path)],
        input_shape=first.input_shape,
        output_shape=last.output_shape,
        counts=total,
        batch=first.batch,
        line=first.line,
    )
