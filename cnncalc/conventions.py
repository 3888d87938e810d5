"""How other tools count, as data: one row per tool, a cost per layer kind, and the arithmetic that
turns a report into the number each tool would print. Read from each tool's source; see
docs/conventions.md for the rules in words and ../shared/reference/conventions.md for the checks."""
from __future__ import annotations

from math import prod
from typing import NamedTuple

from cnncalc.figures import Figure, parse_figure
from cnncalc.report import LayerReport, Report

# The quantities a cost is made of, per layer (for the whole batch where they are counts of work):
#   macs          multiply-accumulates, cnncalc's count
#   bias_outputs  output elements of a layer with bias (one addition each)
#   bias          bias values
#   weights_bias_per_position  (weights + bias) × output positions: torchinfo's "Mult-Adds"
#   params        trainable values of the layer, once per sample (torchinfo's batchnorm)
#   in, out       input and output elements
#   window_out    (pooling window + 1) × output elements (thop's adaptive pooling)
QUANTITIES = ("macs", "bias_outputs", "bias", "weights_bias_per_position", "params", "in", "out", "window_out")

# The layer kinds a tool tells apart, and the cnncalc kinds in each.
GROUPS = {
    "conv": ("conv", "conv_transpose"),
    "dense": ("dense",),
    "batchnorm": ("batchnorm",),
    "relu": ("relu", "relu6", "leaky_relu", "elu"),
    "maxpool": ("maxpool", "adaptive_maxpool", "global_maxpool"),
    "avgpool": ("avgpool",),
    "adaptive avgpool": ("adaptive_avgpool", "global_avgpool"),
}
GROUP_OF = {kind: group for group, kinds in GROUPS.items() for kind in kinds}

Cost = tuple[tuple[int, str], ...]  # (coefficient, quantity) terms, summed


class Convention(NamedTuple):
    id: str
    tool: str
    versions: str
    label: str  # what the tool calls its number
    source: str  # where in the tool's source the rule was read
    costs: dict[str, Cost]  # group -> cost; a group not named costs nothing
    decimals: int = 2  # how the tool usually prints it: decimals after its scale letter (G, M, K) ...
    suffix: str = ""
    counts_statistics: bool = False  # params include batchnorm's running statistics (Keras)
    counts_work: bool = True  # False: the tool prints no count of work (Keras)
    bug: str = ""  # a known bug of the tool that the count reproduces

    def as_printed(self, value: int) -> str:
        """The figure as the tool prints it, scaled by its size: 4.09 G, 1.64 M, 512 K."""
        for letter, scale in (("T", 10**12), ("G", 10**9), ("M", 10**6), ("K", 10**3)):
            if value >= scale:
                return f"{value / scale:.{self.decimals}f} {letter}{self.suffix}"
        return f"{value} {self.suffix}".rstrip()


M = ((1, "macs"),)
CONVENTIONS = (
    Convention("cnncalc", "cnncalc", "all", "MACs", "docs/counting.md", {"conv": M, "dense": M}),
    Convention("torch", "PyTorch FlopCounterMode", "≥ 2.1", "FLOP", "torch/utils/flop_counter.py",
               {"conv": ((2, "macs"),), "dense": ((2, "macs"),)}, decimals=3, suffix="FLOP"),
    Convention("torchinfo", "torchinfo", "≥ 1.5", "Mult-Adds", "torchinfo/layer_info.py calculate_macs",
               {"conv": ((1, "weights_bias_per_position"),), "dense": ((1, "weights_bias_per_position"),),
                "batchnorm": ((1, "params"),)}),
    Convention("fvcore", "fvcore FlopCountAnalysis (eval mode)", "0.1.5", "flops (one FMA each)",
               "fvcore/nn/jit_handles.py", {"conv": M, "dense": M, "batchnorm": ((2, "in"),),
                                             "adaptive avgpool": ((1, "in"),)}, decimals=3),
    Convention("fvcore-train", "fvcore / MMEngine, model in training mode", "0.1.5", "flops",
               "fvcore/nn/jit_handles.py batchnorm_flop_jit, norm_flop_counter",
               {"conv": M, "dense": M, "batchnorm": ((5, "in"),), "adaptive avgpool": ((1, "in"),)}, decimals=3),
    Convention("ptflops", "ptflops, pytorch backend", "≥ 0.7.1", "MACs (GMac)", "ptflops/pytorch_engine.py, pytorch_ops.py",
               {"conv": ((1, "macs"), (1, "bias_outputs")), "dense": ((1, "macs"), (1, "bias")),
                "batchnorm": ((2, "in"),), "relu": ((2, "out"),), "maxpool": ((2, "in"),), "avgpool": ((2, "in"),),
                "adaptive avgpool": ((2, "in"),)}, suffix="Mac",
               bug="counts ReLU and pooling twice: it hooks the modules and patches torch.nn.functional, "
                   "which the modules call"),
    Convention("ptflops-legacy", "ptflops, pytorch backend", "< 0.7.1", "MACs (GMac)", "ptflops/pytorch_ops.py",
               {"conv": ((1, "macs"), (1, "bias_outputs")), "dense": ((1, "macs"), (1, "bias")),
                "batchnorm": ((2, "in"),), "relu": ((1, "out"),), "maxpool": ((1, "in"),), "avgpool": ((1, "in"),),
                "adaptive avgpool": ((1, "in"),)}, suffix="Mac"),
    Convention("ptflops-aten", "ptflops, aten backend", "≥ 0.7.3", "MACs (GMac)", "ptflops/aten_engine.py, aten_ops.py",
               {"conv": ((1, "macs"), (1, "bias_outputs")), "dense": ((1, "macs"), (1, "bias"))}, suffix="Mac"),
    Convention("thop", "thop profile", "0.1.1", "MACs", "thop/vision/basic_hooks.py, calc_func.py",
               {"conv": M, "dense": M, "batchnorm": ((4, "in"),), "avgpool": ((1, "out"),),
                "adaptive avgpool": ((1, "window_out"),)}, decimals=3),
    Convention("calflops", "calflops (and the DeepSpeed profiler)", "0.3", "FLOPs", "calflops/pytorch_ops.py",
               {"conv": ((2, "macs"), (1, "bias_outputs")), "dense": ((2, "macs"),), "batchnorm": ((2, "in"),),
                "relu": ((1, "out"),), "maxpool": ((1, "in"),), "avgpool": ((1, "in"),),
                "adaptive avgpool": ((1, "in"),)}, suffix="FLOPS",
               bug="its FLOPs are not 2 × its MACs: a bias adds 1 per output, pooling 1 per input"),
    Convention("torchprofile", "torchprofile profile_macs", "0.0.4", "MACs", "torchprofile/handlers.py",
               {"conv": M, "dense": M, "batchnorm": ((1, "in"),), "avgpool": ((1, "out"),),
                "adaptive avgpool": ((1, "out"),)}),
    Convention("keras", "Keras model.summary()", "2, 3", "Total params", "keras/src/utils/summary_utils.py",
               {}, counts_statistics=True, counts_work=False),
)
BY_ID = {convention.id: convention for convention in CONVENTIONS}


def quantities(layer: LayerReport) -> dict[str, int]:
    """The quantities of QUANTITIES for one row of a report."""
    counts = layer.counts
    batch = layer.batch
    out = layer.activations
    inputs = prod(layer.input_shape) * batch
    positions = prod(layer.output_shape[:-1]) * batch
    window = prod(layer.input_shape[:-1]) // max(1, prod(layer.output_shape[:-1]))
    return {
        "macs": layer.macs,
        "bias_outputs": out if counts.bias else 0,
        "bias": counts.bias * batch,
        "weights_bias_per_position": (counts.weights + counts.bias) * positions,
        "params": layer.params * batch,
        "in": inputs,
        "out": out,
        "window_out": (window + 1) * out,
    }


def counted(convention: Convention, layer: LayerReport) -> int:
    """What the tool would count for this layer."""
    cost = convention.costs.get(GROUP_OF.get(layer.kind, ""), ())
    if not cost:
        return 0
    values = quantities(layer)
    return sum(coefficient * values[quantity] for coefficient, quantity in cost)


class Reading(NamedTuple):
    """One network counted under one convention."""

    convention: Convention
    network: str  # the report's name (a variant preset may differ from the one asked about)
    value: int | None  # None where the tool prints no count of work
    params: int
    by_group: dict[str, int]  # group -> the tool's count for the layers of that group


def read(report: Report, convention: Convention) -> Reading:
    by_group: dict[str, int] = {}
    total = 0
    for layer in report.layers:
        value = counted(convention, layer)
        if value:
            group = GROUP_OF[layer.kind]
            by_group[group] = by_group.get(group, 0) + value
            total += value
    params = report.totals.params + (report.totals.non_trainable if convention.counts_statistics else 0)
    return Reading(convention, report.name, total if convention.counts_work else None, params, by_group)


def differences(reading: Reading, baseline: Reading) -> list[tuple[str, int]]:
    """Where a tool's count differs from cnncalc's, by layer group: (group, tool − cnncalc)."""
    groups = dict.fromkeys([*baseline.by_group, *reading.by_group])
    return [(group, reading.by_group.get(group, 0) - baseline.by_group.get(group, 0)) for group in groups
            if reading.by_group.get(group, 0) != baseline.by_group.get(group, 0)]


def rule_text(convention: Convention, group: str) -> str:
    """`2 per input element`, `M + 1 per output element with bias`: a cost in words."""
    words = {"macs": "M", "bias_outputs": "per output element with bias", "bias": "per bias value",
             "weights_bias_per_position": "(W + B) per output position", "params": "per parameter (2C)",
             "in": "per input element", "out": "per output element", "window_out": "(window + 1) per output element"}
    parts = []
    for coefficient, quantity in convention.costs.get(group, ()):
        if quantity == "macs":
            parts.append("M" if coefficient == 1 else f"{coefficient}M")
        elif quantity in ("weights_bias_per_position", "params", "window_out"):
            parts.append(words[quantity])
        else:
            parts.append(f"{coefficient} {words[quantity]}")
    return " + ".join(parts) or "0"


# --- "which convention gives 4.12 G?" ---------------------------------------------------------


class Match(NamedTuple):
    reading: Reading
    difference: float | None  # (tool value − figure) / figure; None for a figure of 0
    inside: bool  # within the figure's precision
    quantity: str = "count"  # what of the tool's matched: its count of work, or its "params"

    @property
    def value(self) -> int:
        return self.reading.params if self.quantity == "params" else self.reading.value


def _quantities(unit: str) -> tuple[str, ...]:
    """What a figure's word says it counts: `params` a parameter count, `GFLOPs` or `GMac` work."""
    word = unit.lower()
    if word.startswith("param"):
        return ("params",)
    if word and any(word.startswith(prefix) for prefix in ("flop", "mac", "gmac", "mult", "madd", "gflop", "mflop")):
        return ("count",)
    return ("count", "params")


def _relative(value: int, figure) -> float | None:
    return float(value / figure - 1) if figure else None


def matches(figure: Figure, readings: list[Reading]) -> list[Match]:
    """The readings that give the figure at its precision, as a count of work or of parameters (as
    the figure's word says, else either); or else the nearest within 10 %."""
    wanted = _quantities(figure.unit)
    candidates = [Match(reading, None, False, quantity) for reading in readings for quantity in wanted
                  if quantity == "params" or reading.value is not None]
    found = [match._replace(difference=_relative(match.value, figure.value), inside=True) for match in candidates
             if figure.low <= match.value < figure.high]
    if found:
        return found
    near = sorted((match._replace(difference=_relative(match.value, figure.value)) for match in candidates
                   if figure.value), key=lambda match: abs(match.difference))
    return [match for match in near[:1] if abs(match.difference) <= 0.10]


class Survey(NamedTuple):
    """A network under every convention, and, for a quoted figure, which readings give it."""

    name: str
    readings: tuple[Reading, ...]  # the network asked about, one per convention, cnncalc's first
    figure: Figure | None = None
    found: tuple[Match, ...] = ()  # readings of the network or of its variants that give the figure


def survey(report: Report, variants: tuple[Report, ...] = (), figure: str | None = None) -> Survey:
    """Every convention's count of `report`; with a figure, which conventions, on this network or
    on a variant of it (resnet50-v1 for resnet50), give that figure."""
    readings = tuple(read(report, convention) for convention in CONVENTIONS)
    if figure is None:
        return Survey(report.name, readings)
    parsed = parse_figure(figure)
    candidates = [*readings, *(read(variant, convention) for variant in variants for convention in CONVENTIONS)]
    return Survey(report.name, readings, parsed, tuple(matches(parsed, candidates)))


def note(reading: Reading, baseline: Reading) -> str:
    """Where this reading differs from cnncalc's, in words: `+22,227,968 batchnorm: 2 per input element`."""
    if reading.value is None:
        return "prints no count of work; its params add batchnorm's running statistics" \
            if reading.convention.counts_statistics else "prints no count of work"
    parts = [f"{difference:+,} {group} ({rule_text(reading.convention, group)})"
             for group, difference in differences(reading, baseline)]
    return "; ".join(parts) or "the same as cnncalc"


def rules_markdown() -> str:
    """The rules as a table, for docs/conventions.md (a test checks the page holds this table)."""
    groups = list(GROUPS)
    lines = ["| id | tool | versions | label | " + " | ".join(groups) + " | source |",
             "| --- | --- | --- | --- | " + " | ".join(["---"] * len(groups)) + " | --- |"]
    for convention in CONVENTIONS:
        costs = [rule_text(convention, group) if convention.counts_work else "—" for group in groups]
        lines.append(f"| `{convention.id}` | {convention.tool} | {convention.versions} | {convention.label} | "
                     + " | ".join(costs) + f" | `{convention.source}` |")
    return "\n".join(lines) + "\n"
