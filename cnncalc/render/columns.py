"""The columns of a layer table, written once for the terminal and markdown: what each shows, how it
is read from a row, whether it is a number (right-aligned, never cut), and how soon it gives way
when the terminal is narrow."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple

from cnncalc.errors import SpecError
from cnncalc.render.common import count, field_text, filter_text, formula_text, shape, share
from cnncalc.report import LayerReport, Report


class LayerColumn(NamedTuple):
    key: str  # its name for --columns
    header: str
    text: Callable[[LayerReport, Report], str]
    total: Callable[[Report], str] = lambda report: ""
    number: bool = False
    drop: int = 0  # 0: shown at any width; higher: left out sooner when the width is short
    shown: bool = True  # in the table unless --columns chooses


def _field(index: int) -> Callable[[LayerReport, Report], str]:
    return lambda layer, report: field_text(layer.receptive_field, layer.output_shape)[index]


COLUMNS: tuple[LayerColumn, ...] = (
    LayerColumn("layer", "layer", lambda layer, report: layer.path, lambda report: "total"),
    LayerColumn("kind", "kind", lambda layer, report: layer.kind, drop=3),
    LayerColumn("input", "input", lambda layer, report: shape(layer.input_shape),
                lambda report: shape(report.input_shape), number=True, drop=4),
    LayerColumn("output", "output", lambda layer, report: shape(layer.output_shape),
                lambda report: shape(report.output_shape), number=True),
    LayerColumn("filter", "filter", lambda layer, report: filter_text(layer), number=True, drop=7),
    LayerColumn("weights", "weights", lambda layer, report: count(layer.weights),
                lambda report: count(report.totals.weights), number=True, drop=2),
    LayerColumn("bias", "bias", lambda layer, report: count(layer.bias),
                lambda report: count(report.totals.bias), number=True, drop=8),
    LayerColumn("params", "params", lambda layer, report: count(layer.params),
                lambda report: count(report.totals.params), number=True),
    LayerColumn("non_trainable", "non-trainable", lambda layer, report: count(layer.non_trainable),
                lambda report: count(report.totals.non_trainable), number=True, drop=6, shown=False),
    LayerColumn("macs", "MACs", lambda layer, report: count(layer.macs),
                lambda report: count(report.totals.macs), number=True),
    LayerColumn("flops", "FLOPs", lambda layer, report: count(layer.flops),
                lambda report: count(report.totals.flops), number=True, drop=9),
    LayerColumn("share", "MACs %", lambda layer, report: share(layer.macs, report.totals.macs),
                lambda report: share(report.totals.macs, report.totals.macs), number=True, drop=5),
    LayerColumn("activations", "activations", lambda layer, report: count(layer.activations),
                lambda report: count(report.totals.activations), number=True, drop=6, shown=False),
    LayerColumn("rf", "RF", _field(0), number=True, drop=6, shown=False),
    LayerColumn("rf_stride", "RF stride", _field(1), number=True, drop=8, shown=False),
    LayerColumn("rf_padding", "RF pad", _field(2), number=True, drop=8, shown=False),
    LayerColumn("formula", "formula", lambda layer, report: formula_text(layer)),
)
BY_KEY = {column.key: column for column in COLUMNS}
RECEPTIVE_FIELD = ("rf", "rf_stride", "rf_padding")


def check(keys: Sequence[str] | None, convention=None) -> None:
    """Refuse a --columns list that names no column, or one that does not exist."""
    if keys is None:
        return
    if not keys:
        raise SpecError("--columns names no column; give keys such as layer,output,params,macs")
    known = [*BY_KEY, *(["counted"] if convention is not None else [])]
    for key in keys:
        if key == "counted" and convention is None:
            raise SpecError("the column `counted` needs --convention ID")
        if key not in known:
            import difflib

            close = difflib.get_close_matches(key, known, n=1)
            hint = f"did you mean `{close[0]}`? " if close else ""
            raise SpecError(f"no column `{key}`; {hint}choose from {', '.join(known)}")


def chosen(report: Report, rows: Sequence[LayerReport], keys: Sequence[str] | None = None, formulas: bool = True,
           receptive_field: bool = False, convention=None) -> list[LayerColumn]:
    """The columns to show for these rows, in order. `keys` (from --columns) names them, and none of
    them gives way to the width; otherwise the usual ones, with the receptive field and a
    convention's count if asked for, which give way last too."""
    counted: dict[str, int] = {}
    if convention is not None:
        from cnncalc.render.common import counted_by_row

        counted = dict(zip((row.path for row in rows), counted_by_row(report, rows, convention)))
    check(keys, convention)
    if keys:
        wanted = ["layer", *(key for key in dict.fromkeys(keys) if key != "layer")]
        return [_counted(convention, counted) if key == "counted" else BY_KEY[key]._replace(drop=0) for key in wanted]
    columns = [column for column in COLUMNS if column.shown and (formulas or column.key != "formula")]
    if receptive_field:
        at = len(columns) - (columns[-1].key == "formula")
        columns[at:at] = [BY_KEY[key]._replace(drop=0) for key in RECEPTIVE_FIELD]
    if convention is not None:
        columns.insert(columns.index(BY_KEY["share"]) + 1, _counted(convention, counted))
    return columns


def _counted(convention, counted: dict[str, int]) -> LayerColumn:
    return LayerColumn("counted", f"{convention.id} {convention.label}",
                       lambda layer, report: count(counted.get(layer.path, 0)),
                       lambda report: count(sum(counted.values())), number=True)
