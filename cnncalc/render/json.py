"""JSON output: the report's to_dict(), stable keys documented in docs/json.md."""
from __future__ import annotations

import json

from cnncalc.render.common import rows_of
from cnncalc.report import Report


def report(report: Report, depth: int | None = None, **_: object) -> str:
    document = report.to_dict()
    if depth is not None:
        document["depth"] = depth
        document["layers"] = [layer.to_dict() for layer in rows_of(report, depth)]
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def comparison(comparison, by_layer: bool = False, **_: object) -> str:
    from cnncalc.report import aligned_layers

    document = comparison.to_dict()
    if by_layer:
        document["by_layer"] = [
            {"path": path, "layers": [None if layer is None else layer.to_dict() for layer in layers]}
            for path, layers in aligned_layers(comparison)
        ]
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
