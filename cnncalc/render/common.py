"""Small text helpers shared by the renderers; no imports beyond the standard library."""
from __future__ import annotations

from cnncalc.report import LayerReport, Report, folded

def shape(dims) -> str:
    return "×".join(map(str, dims)) if dims else ""


def count(value: int) -> str:
    return f"{value:,}"


def share(part: int, whole: int) -> str:
    if not whole or not part:
        return ""
    return f"{100 * part / whole:.1f}%"


def filter_text(layer: LayerReport) -> str:
    """`3×3×96 ×128`: one filter's shape, then how many (as the 1×1 lessons say "1×1×512, ×64")."""
    if not layer.filter_shape:
        return ""
    return f"{shape(layer.filter_shape)} ×{layer.filters}"


def formula_text(layer: LayerReport, separator: str = "\n") -> str:
    return layer.formula_text(separator)


def rows_of(report: Report, depth: int | None) -> list[LayerReport]:
    return report.layers if depth is None else folded(report, depth)


def human(value: int) -> str:
    """4,089,184,256 -> 4.09 G: for the eye only; every output also gives the exact integer."""
    for factor, suffix in ((10**12, "T"), (10**9, "G"), (10**6, "M"), (10**3, "k")):
        if abs(value) >= factor:
            return f"{value / factor:.2f} {suffix}"
    return str(value)


def memory(value: int) -> str:
    for factor, suffix in ((2**30, "GiB"), (2**20, "MiB"), (2**10, "KiB")):
        if value >= factor:
            return f"{value / factor:.1f} {suffix}"
    return f"{value} B"


def summary_lines(report: Report) -> list[str]:
    """The totals in words, with the formulas that tie them together."""
    totals = report.totals
    other = totals.params - totals.weights - totals.bias
    params = f"params {count(totals.params)} = weights {count(totals.weights)} + bias {count(totals.bias)}"
    if other:
        params += f" + batchnorm γ, β {count(other)}"
    lines = [params]
    if totals.non_trainable:
        lines.append(
            f"non-trainable {count(totals.non_trainable)} (batchnorm running statistics; "
            f"Keras adds them: {count(totals.params + totals.non_trainable)} in all)"
        )
    batch = f" for a batch of {report.batch}" if report.batch != 1 else " per sample"
    rounded = f" ({human(totals.macs)})" if totals.macs >= 1000 else ""
    lines.append(f"MACs {count(totals.macs)}{rounded}{batch}; FLOPs = 2 × MACs = {count(totals.flops)}")
    lines.append(f"depth {report.depth} (layers with weights on the longest path, as papers count); "
                 f"{report.weighted_layers} layers with weights in all")
    lines.append(f"activations {count(totals.activations)} values = "
                 f"{memory(totals.activation_bytes)} as {report.dtype}")
    if report.receptive_field:
        size, stride, padding = field_text(report.receptive_field)
        lines.append(f"receptive field {size} (stride {stride}, padding {padding}) at the last layer with spatial axes")
    elif any(layer.kind == "conv_transpose" for layer in report.layers):
        lines.append("receptive field not defined at the output: a transposed convolution lies on the path "
                     "(docs/receptive-field.md)")
    lines.extend(f"warning: {warning}" for warning in report.warnings)
    for figure, counted, difference in report.against_published():
        label = {"macs": "MACs", "flops": "FLOPs", "params": "params"}[figure.quantity]
        relation = "the same at the figure's precision" if difference == 0 else f"{100 * difference:+.1f} % from it"
        means = f", {figure.means}" if figure.means else ""
        lines.append(f"published: \"{figure.quote}\" ({figure.where}{means}); cnncalc counts {counted:,} "
                     f"{label}, {relation}")
    if report.source:
        lines.append(f"source: {report.source}")
    return lines


COMPARE_ROWS = (
    # (label, metric or None for a shape row)
    ("input", None),
    ("output", None),
    ("weights", "weights"),
    ("params", "params"),
    ("non-trainable", "non_trainable"),
    ("MACs", "macs"),
    ("FLOPs", "flops"),
    ("activation memory", "activation_bytes"),
    ("depth", "depth"),
    ("weighted layers", "weighted_layers"),
    ("receptive field", None),
)


def ratio_text(ratio, less: bool = False) -> str:
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


def times(factor) -> str:
    """A factor to three significant figures, whole from 1,000 on: `2.37×`, `16.9×`, `2×`, `1,111,111×`."""
    value = float(factor)
    if value >= 1000:
        return f"{round(value):,}×"
    return f"{value:.3g}×"


def comparison_rows(comparison, convention=None) -> list[tuple[str, list[str], list[str] | None]]:
    """Each metric's label, its value per spec, and its ratio to the baseline per spec; with a
    convention, also what that tool would print for each spec."""
    from cnncalc.report import metric

    rows = []
    if convention is not None and convention.counts_work:
        from fractions import Fraction

        from cnncalc.conventions import read

        values = [read(report, convention).value for report in comparison.reports]
        base = values[comparison.baseline]
        rows.append((f"{convention.id} {convention.label}", [count(value) for value in values],
                     ["baseline" if index == comparison.baseline else
                      ratio_text(Fraction(value, base) if base else None) for index, value in enumerate(values)]))
    for label, name in COMPARE_ROWS:
        if label == "receptive field":
            rows.append(("receptive field",
                         ["/".join(field_text(report.receptive_field)).rstrip("/") if report.receptive_field
                          else "—" for report in comparison.reports], None))
            continue
        if name is None:
            attribute = "input_shape" if label == "input" else "output_shape"
            rows.append((label, [shape(getattr(report, attribute)) for report in comparison.reports], None))
            continue
        values = [metric(report, name) for report in comparison.reports]
        if name == "non_trainable" and not any(values):
            continue
        cells = [memory(value) if name == "activation_bytes" else count(value) for value in values]
        ratios = ["baseline" if index == comparison.baseline else
                  ratio_text(comparison.ratio(index, name), less=name == "activation_bytes")
                  for index in range(len(values))]
        rows.append((label, cells, ratios))
    return rows


def _ratio_example(comparison) -> str:
    """How to read the ratios, with one from this comparison as the example."""
    from cnncalc.report import METRICS

    for name in METRICS:
        for index in range(len(comparison.reports)):
            said = "" if index == comparison.baseline else ratio_text(comparison.ratio(index, name))
            if said.endswith(("fewer", "more")):
                factor, relation = said.split(" ")
                who = ("the baseline's figure is {0} this spec's" if relation == "fewer" else
                       "this spec's figure is {0} the baseline's").format(factor.replace("×", " times"))
                other = "more" if relation == "fewer" else "fewer"
                return f'"{said}" means {who}, "{other}" the other way round (within 0.5 %: "same").'
    return 'Every figure is within 0.5 % of the baseline\'s: "same".'


def comparison_notes(comparison) -> list[str]:
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
    return notes



def survey_rows(survey) -> list[dict]:
    """One row per convention: what the tool would print for this network, and why it differs."""
    from cnncalc.conventions import note

    baseline = survey.readings[0]
    rows = []
    for reading in survey.readings:
        convention = reading.convention
        value = reading.value
        rows.append({
            "id": convention.id, "tool": convention.tool, "versions": convention.versions, "label": convention.label,
            "value": value, "usual": convention.usual(value) if value is not None else "",
            "ratio": f"{value / baseline.value:.3f}×" if value is not None and baseline.value else "",
            "params": reading.params, "by_kind": reading.by_group, "note": note(reading, baseline),
            "bug": convention.bug, "source": convention.source,
        })
    return rows


def match_lines(survey) -> list[str]:
    """Which tools give a quoted figure, and whether it is a count of work or of parameters;
    tools that give the same number are named together."""
    figure = survey.figure
    precision = figure.interval()
    lines = []
    if survey.found and survey.found[0].inside:
        kinds = {match.quantity for match in survey.found}
        what = {"params": "a parameter count", "count": "a count of work"}
        lines.append(f"{figure.text} at its precision is {precision}; "
                     f"{' or '.join(what[kind] for kind in sorted(kinds))}, given by:")
        groups: dict[tuple, list] = {}
        for match in survey.found:
            groups.setdefault((match.quantity, match.value), []).append(match)
        for (quantity, value), group in groups.items():
            ids = ", ".join(dict.fromkeys(match.reading.convention.id for match in group))
            networks = " and ".join(dict.fromkeys(match.reading.network for match in group))
            if quantity == "params":
                lines.append(f"  params of {ids} on {networks}: {value:,} ({_percent(group[0].difference, 3)})")
            else:
                usual = group[0].reading.convention.usual(value)
                lines.append(f"  {ids} on {networks}: {value:,} ({usual}, {_percent(group[0].difference, 3)})")
    elif survey.found:
        match = survey.found[0]
        reading = match.reading
        given = (f"params of {reading.convention.id} on {reading.network}: {match.value:,}"
                 if match.quantity == "params" else
                 f"{reading.convention.id} on {reading.network}: {match.value:,} ({reading.convention.usual(match.value)})")
        lines.append(f"no known convention gives {figure.text} at its precision {precision}; the nearest is "
                     f"{given}, {_percent(match.difference, 1)} from it")
    else:
        lines.append(f"no known convention gives {figure.text} ({precision}), nor any within 10 %")
    return lines


def _percent(difference: float | None, decimals: int) -> str:
    return "n/a" if difference is None else f"{100 * difference:+.{decimals}f} %"


CONVENTION_FOOTER = ("cnncalc counts the multiply-accumulates of convolutions and dense layers, per sample, and "
                     "nothing else (FLOPs = 2 × MACs): the count papers call multiply-adds. docs/conventions.md "
                     "gives every tool's rules.")


def counted_by_row(report: Report, rows: list[LayerReport], convention) -> list[int]:
    """The tool's count for each displayed row; a folded row sums the layers under it."""
    from cnncalc.conventions import counted

    if len(rows) == len(report.layers) and all(row is layer for row, layer in zip(rows, report.layers)):
        return [counted(convention, row) for row in rows]
    position = {row.path: index for index, row in enumerate(rows)}
    totals = [0] * len(rows)
    for layer in report.layers:  # each layer into the row of its nearest enclosing path
        segments = layer.path.split("/")
        for end in range(1, len(segments) + 1):
            index = position.get("/".join(segments[:end]))
            if index is not None:
                totals[index] += counted(convention, layer)
                break
    return totals


def field_text(field, output_shape: tuple = ()) -> tuple[str, str, str]:
    """(size, stride, padding), each one number when every axis agrees, else per axis: `1×7`.
    Without a field, a flat or 1×1 output sees the whole input; a larger one has no single field
    (after a transposed convolution, or adaptive pooling with uneven windows)."""
    if field is None:
        whole = all(size == 1 for size in output_shape[:-1])
        return ("whole" if whole else "n/a", "", "")
    return tuple("×".join(map(str, values)) if len(set(values)) > 1 else str(values[0]) for values in field)
