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
