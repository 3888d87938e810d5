"""cnncalc: exact parameter and FLOP counts for CNN layer stacks, from a small YAML spec.

    import cnncalc
    report = cnncalc.analyze(cnncalc.load("specs/inception-3a-reduced.yaml"))
    report.totals.weights, report.totals.macs
"""
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cnncalc.engine import analyze
    from cnncalc.errors import Location, SpecError
    from cnncalc.report import LayerReport, Report, Totals, folded
    from cnncalc.spec import Limits, Spec, from_dict, load_bytes, load_path, load_text
    from cnncalc.spec import load_path as load
    from cnncalc.spec import load_text as loads
    from cnncalc.sweeps import sweep

__version__ = "0.1.0"

__all__ = [
    "Limits", "LayerReport", "Location", "Report", "Spec", "SpecError", "Totals",
    "analyze", "folded", "from_dict", "load", "load_bytes", "load_path", "load_text", "loads", "sweep",
]

_HOMES = {  # name -> (module, its name there)
    "analyze": ("cnncalc.engine", "analyze"),
    "Location": ("cnncalc.errors", "Location"), "SpecError": ("cnncalc.errors", "SpecError"),
    "LayerReport": ("cnncalc.report", "LayerReport"), "Report": ("cnncalc.report", "Report"),
    "Totals": ("cnncalc.report", "Totals"), "folded": ("cnncalc.report", "folded"),
    "Limits": ("cnncalc.spec", "Limits"), "Spec": ("cnncalc.spec", "Spec"), "from_dict": ("cnncalc.spec", "from_dict"),
    "load_bytes": ("cnncalc.spec", "load_bytes"), "load_path": ("cnncalc.spec", "load_path"),
    "load_text": ("cnncalc.spec", "load_text"), "load": ("cnncalc.spec", "load_path"),
    "loads": ("cnncalc.spec", "load_text"), "sweep": ("cnncalc.sweeps", "sweep"),
}


def __getattr__(name: str) -> object:
    """Each name imported when first used, and each module (`cnncalc.spec`): `cnncalc --help` needs
    none of the library."""
    from importlib import import_module

    if name.startswith("__"):
        raise AttributeError(f"module 'cnncalc' has no attribute {name!r}")
    if name not in _HOMES:
        try:
            return import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as error:
            if error.name != f"{__name__}.{name}":
                raise
            raise AttributeError(f"module 'cnncalc' has no attribute {name!r}") from None
    module, attribute = _HOMES[name]
    value = globals()[name] = getattr(import_module(module), attribute)
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_HOMES})
