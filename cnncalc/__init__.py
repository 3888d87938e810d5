"""cnncalc: exact parameter and FLOP counts for CNN layer stacks, from a small YAML spec.

    import cnncalc
    report = cnncalc.analyze(cnncalc.load("specs/inception-3a-reduced.yaml"))
    report.totals.weights, report.totals.macs
"""
from cnncalc.engine import analyze
from cnncalc.errors import Location, SpecError
from cnncalc.report import LayerReport, Report, Totals, folded
from cnncalc.spec import Limits, Spec, from_dict, load_bytes, load_path, load_text

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cnncalc.sweeps import sweep

load = load_path
loads = load_text

__version__ = "0.1.0"

__all__ = [
    "Limits", "LayerReport", "Location", "Report", "Spec", "SpecError", "Totals",
    "analyze", "folded", "from_dict", "load", "load_bytes", "load_path", "load_text", "loads", "sweep",
]


def __getattr__(name: str) -> object:
    """cnncalc.sweep, imported when first used: most runs never sweep."""
    if name == "sweep":
        from cnncalc.sweeps import sweep

        return sweep
    raise AttributeError(f"module 'cnncalc' has no attribute {name!r}")
