"""The commands of cnncalc as functions, for a script to call: each does what `cnncalc analyze`,
`compare`, `preset`, `conventions`, `sweep` and `presets` do, and returns what they print, as data
(a Report, a Comparison, a Survey or a Sweep), ready for cnncalc.render.render() or for use as it is.

    from cnncalc import api
    (report,) = api.analyze("specs/resnet-bottleneck.yaml")
    report.totals.weights                                   # 69632
"""
import os
from pathlib import Path
from collections.abc import Mapping
from typing import TYPE_CHECKING, NamedTuple, Union

from cnncalc import presets as _presets
from cnncalc.engine import analyze as _analyze
from cnncalc.errors import Location, SpecError
from cnncalc.lesson import fill
from cnncalc.report import Comparison, Report
from cnncalc.report import compare as _compare
from cnncalc.spec import Given, Limits, Spec, Suite, from_dict, load_suite_path, load_suite_text

if TYPE_CHECKING:
    from collections.abc import Sequence

    from cnncalc.conventions import Survey
    from cnncalc.devices import Device, Efficiency, Roofline
    from cnncalc.sweeps import Reader, Sweep

class SpecText(NamedTuple):
    """A spec's YAML given as text (read from standard input, say), and the name its errors give."""

    text: str
    file: str = "<spec>"


Source = Union[str, "os.PathLike[str]", Spec, Suite, SpecText]  # a file, a preset name, a spec read already, or text


def suite_of(source: Source, limits: Limits = Limits(), args: Given = None) -> Suite:
    """What a source holds: a spec file (a file that exists wins), else a preset of that name; a
    Spec or a Suite is taken as it is. `args` gives values to the args of a spec that has them."""
    if args and isinstance(source, (Spec, Suite)):
        raise SpecError("args give values to a spec as it is read; this one is read already: read it with "
                        "args=... (cnncalc.loads, from_dict, load_suite_path)", Location(source.file))
    if isinstance(source, SpecText):
        from cnncalc.spec import load_suite_text

        return load_suite_text(source.text, source.file, limits, args=args)
    if isinstance(source, Suite):
        return source
    if isinstance(source, Spec):
        return Suite(source.name, source.description, "", source.source, (source,), source.file)
    name = os.fspath(source)
    if not os.path.exists(name):
        if name in _presets.names():
            return _presets.load(name, args)
        looks_like_a_name = "/" not in name and os.sep not in name and not name.endswith((".yaml", ".yml"))
        close = _presets.closest(name) if looks_like_a_name else None
        if close is not None:
            raise SpecError(f"no such file, and no preset of that name; did you mean the preset `{close}`?",
                            Location(name))
    return load_suite_path(Path(name), limits, args=args)


def suites_of(sources: tuple[Source, ...], limits: Limits = Limits(), args: Given = None) -> list[Suite]:
    """Every source's suite; the problems of all of them reported together, in one SpecError. Each
    of `args` must be an arg of some spec read."""
    suites, problems = [], []
    for source in sources:
        try:
            suites.append(suite_of(source, limits, args))
        except SpecError as error:
            problems.append(error)
    if not problems and args:
        problems += _unknown_args(args, suites)
    if problems:
        first, *rest = problems
        raise SpecError(first.message, first.location,
                        (*first.others, *(problem for error in rest for problem in (error, *error.others))))
    return suites


def _unknown_args(args: Mapping[str, object], suites: list[Suite]) -> list[SpecError]:
    from cnncalc.spec.messages import did_you_mean, show

    known = sorted({arg for suite in suites for spec in suite.specs for arg, _ in spec.args})
    return [SpecError(f"no spec here has an arg `{show(arg, 40)}`{did_you_mean(arg, known)} "
                      f"(args: {', '.join(known) or 'none'})", Location(suites[0].file) if len(suites) == 1 else None)
            for arg in args if arg not in known]


class OnDevice(NamedTuple):
    """Where layers' least times are taken (docs/latency.md): a device by id or as data, a file of
    the user's own devices to find the id in, and the fractions of the peaks real kernels reach."""

    device: "str | Device"
    devices: str | None = None  # a YAML file of devices, as `cnncalc devices --format json` lists them
    efficiency: "Efficiency | float" = 1.0


Target = Union[str, "Device", OnDevice, None]  # a device's id, a Device, or an OnDevice


def on_device(report: Report, target: Target) -> Report:
    """The report with its layers' least times on the target device, if there is one."""
    return report if target is None else report._replace(roofline=roofline_of(target, report.dtype, report.devices))


def roofline_of(target: Target, dtype: str, spec_devices: "Sequence[Device]" = ()) -> "Roofline | None":
    """The roofline of the target device at `dtype`, found in a devices file, the spec's own
    `devices:` or the built-in ones, in that order; None without a target."""
    if target is None:
        return None
    from cnncalc.devices import Efficiency, load, roofline

    if not isinstance(target, OnDevice):
        target = OnDevice(target)
    efficiency = (target.efficiency if isinstance(target.efficiency, Efficiency) else
                  Efficiency(target.efficiency, target.efficiency)).checked()
    extra = {device.id: device for device in spec_devices}
    if target.devices is not None:
        extra.update(load(target.devices))
    return roofline(target.device, dtype, efficiency, extra)


def shown(suite: Suite, batch: int = 1, dtype: str = "float32", baseline: int = 1,
          device: Target = None) -> Report | Comparison:
    """What a suite is shown as: its report, or the comparison of its variants with their lesson."""
    reports = [on_device(_analyze(spec, batch=batch, dtype=dtype), device) for spec in suite.specs]
    if len(reports) == 1:
        return reports[0]
    return _comparison(reports, baseline, suite)


def _comparison(reports: list[Report], baseline: int, suite: Suite | None) -> Comparison:
    if not 1 <= baseline <= len(reports):
        raise SpecError(f"the baseline must be between 1 and {len(reports)}, the number of specs")
    comparison = _compare(reports, baseline - 1)
    if suite is None:
        return comparison
    comparison = comparison._replace(name=suite.name, source=suite.source, description=suite.description,
                                     ratios=suite.ratios)
    return comparison._replace(lesson=fill(suite.lesson, comparison) if suite.lesson else "")


def analyze(*sources: Source, batch: int = 1, dtype: str = "float32", limits: Limits = Limits(),
            args: Given = None, device: Target = None) -> list[Report | Comparison]:
    """`cnncalc analyze`: each source's report, or for a file of variants their comparison; with a
    device, each layer's least time on it."""
    return [shown(suite, batch, dtype, device=device) for suite in suites_of(sources, limits, args)]


def compare(*sources: Source, baseline: int = 1, batch: int = 1, dtype: str = "float32",
            limits: Limits = Limits(), args: Given = None, device: Target | list[Target] = None) -> Comparison:
    """`cnncalc compare`: every spec of every source side by side, ratios against the baseline (from
    1); with several devices, every spec on each of them, named `spec on device`."""
    suites = suites_of(sources, limits, args)
    reports = [_analyze(spec, batch=batch, dtype=dtype) for suite in suites for spec in suite.specs]
    targets = device if isinstance(device, list) else [device]
    if len(targets) > 1:
        placed = [on_device(report, target) for report in reports for target in targets]
        reports = [report._replace(name=f"{report.name} on {report.roofline.device.id}") if report.roofline else report
                   for report in placed]
    else:
        reports = [on_device(report, targets[0]) for report in reports]
    return _comparison(reports, baseline, suites[0] if len(suites) == 1 else None)


def preset(name: str, baseline: int = 1, batch: int = 1, dtype: str = "float32",
           args: Given = None, device: Target = None) -> Report | Comparison:
    """`cnncalc preset NAME`: a classic network's report, or a lesson's comparison."""
    suite = _presets.load(name, args)
    for problem in _unknown_args(args or {}, [suite]):
        raise problem
    return shown(suite, batch, dtype, baseline, device)


def devices(file: str | None = None) -> "list[Device]":
    """`cnncalc devices`: the devices --device names, with their peaks, bandwidth and sources; with
    a file of the user's own (--devices), those too, after them."""
    from cnncalc.devices import builtin, load

    return [*builtin().values(), *(load(file).values() if file is not None else [])]


def import_model(path: str | os.PathLike[str], limits: Limits = Limits()) -> str:
    """`cnncalc import MODEL`: a Keras or ONNX model written as a spec to read and edit, whose report
    is the model's."""
    from cnncalc import readers
    from cnncalc.readers.nesting import nested, same_report
    from cnncalc.readers.writer import spec_text

    name = os.fspath(path)
    if not os.path.exists(name):
        from cnncalc.spec import read_path_text

        read_path_text(name, limits)  # no such file, with the one beside it that was meant
    if not readers.is_model(name):
        raise SpecError("is not a model file cnncalc reads (.keras, .json from Keras' model.to_json(), .onnx)",
                        Location(name))
    document = readers.document_of(name, limits)
    header = (f"{os.path.basename(name)}, written as a cnncalc spec by `cnncalc import`: the same counts as the "
              "model;", "edit it as any spec (docs/spec.md).")
    sizes = {arg: 224 for arg in document.get("args", {})}  # sizes the model leaves open: any value reads

    def written(document: dict[str, object]) -> tuple[str, Spec]:
        text = spec_text(document, header)
        (spec,) = load_suite_text(text, name, limits, args=sizes).specs  # what is written reads again
        return text, spec

    try:  # written as a person would, if it counts as the model does
        model = _analyze(from_dict(document, name, limits, args=sizes))
        tidy = nested(document, model)
        if tidy is not None:
            text, spec = written(tidy)
            if same_report(model, _analyze(spec)):
                return text
    except (SpecError, RecursionError):  # sizes of its own the model needs (224 is any size), or nesting past limits
        pass
    return written(document)[0]  # else as it was read


def preset_spec(name: str) -> str:
    """`cnncalc preset NAME --show-spec`: the preset's YAML, to copy and change."""
    return _presets.text(name)


def presets() -> list[tuple[str, str]]:
    """`cnncalc presets`: each preset's name and a line saying what it is."""
    return _presets.summaries()


def conventions(source: Source, figure: str | None = None, batch: int = 1, limits: Limits = Limits(),
                args: Given = None) -> "Survey":
    """`cnncalc conventions`: what each tool would print for one network, and, for a quoted figure
    (4.12G, 25.6M params), which tools give it, on this network or on a variant preset of it."""
    from cnncalc.conventions import survey  # with figures and fractions: only this command needs them

    (suite,) = suites_of((source,), limits, args)
    if len(suite.specs) != 1:
        raise SpecError(f"holds {len(suite.specs)} variants; give one network", Location(suite.file))
    spec = suite.specs[0]
    report = _analyze(spec, batch=batch)
    family = [_presets.load(name).specs[0] for name in _presets.family(spec.family)]
    variants = tuple(_analyze(other, batch=batch) for other in family if other.name != spec.name)
    try:
        return survey(report, variants, figure)
    except ValueError as error:
        shown_figure = figure if figure is None or len(figure) <= 70 else figure[:69] + "…"
        raise SpecError(f"the figure {shown_figure} {error}") from None


def sweep(source: "Source | Reader", grid: "Mapping[str, Sequence[object]]", *, zipped: bool = False,
          pareto: "Sequence[str]" = (), where: str = "", sort: str = "", strict: bool = False, jobs: int = 1,
          batch: int = 1, dtype: str = "float32", limits: Limits = Limits(), max_points: int | None = None,
          device: Target = None) -> "Sweep":
    """`cnncalc sweep`: the spec at every point of the grid (each arg's values; every combination,
    or with `zipped` paired), those meeting `where` (`macs < 300M`), of them the Pareto front on the
    keys of `pareto`, ordered by `sort` (`-macs`: highest first). cnncalc.sweep() streams the points
    instead."""
    from cnncalc import sweeps

    if isinstance(source, (Spec, Suite)):
        raise SpecError("a sweep reads the spec again at every point; give its file, its preset name, its text or "
                        "its plain data", Location(source.file))
    return sweeps.chosen(source, grid, zipped=zipped, pareto=pareto, where=where, sort=sort, strict=strict, jobs=jobs,
                         batch=batch, dtype=dtype, limits=limits,
                         max_points=sweeps.MAX_POINTS if max_points is None else max_points, device=device)
