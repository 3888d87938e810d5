"""Sweeps of a design space: a spec analyzed at every point of a grid of values for its `args`,
one record per point, yielded as each is made.

    import cnncalc
    for point in cnncalc.sweep("mobilenet_v1", {"alpha": [1, 0.75, 0.5, 0.25]}):
        print(point.args, point.totals.macs)

The spec is read from its file once; each point is that document read again with the point's
values, so a point costs what an analysis costs. A point whose values make no network (a
resolution too small for the strides) is a record with the located reason, and the sweep goes on.
"""
from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any, NamedTuple, Union

from cnncalc.errors import Location, SpecError
from cnncalc.layers import Shape
from cnncalc.report import Totals
from cnncalc.spec import Limits, show
from cnncalc.spec.expressions import number

if TYPE_CHECKING:
    from cnncalc.api import SpecText, Target
    from cnncalc.devices import Roofline
    from cnncalc.spec.nodes import Published

# What a point can be filtered, sorted and traded off by, besides its args.
KEYS = ("params", "weights", "non_trainable", "macs", "flops", "activations", "activation_bytes", "weight_bytes",
        "depth", "weighted_layers", "moved_bytes", "seconds")  # seconds: with a device, the least time on it
MAX_POINTS = 100_000  # points of one grid, unless the caller allows more (cnncalc sweep --max-points)

Grid = Union[Mapping[str, Iterable[object]], Iterable[Mapping[str, object]]]


class Point(NamedTuple):
    """One point of a sweep: the values it gave the spec's args, and the network's totals there, or
    why these values make no network."""

    number: int  # from 1, in the grid's order
    args: tuple[tuple[str, object], ...]  # the values this point gives, by arg
    totals: Totals | None  # None: the point is invalid (see error)
    depth: int = 0
    input_shape: Shape = ()
    output_shape: Shape = ()
    published: tuple[tuple[Published, int, float], ...] = ()  # figures quoted for these values: (figure, count, difference)
    error: str = ""  # where the point is invalid: the located reason, one line per problem
    spec_args: tuple[tuple[str, object], ...] = ()  # every arg of the spec and its value here, given or default
    seconds: float | None = None  # with a device: the network's least time on it (docs/latency.md)
    uncounted: int = 0  # layers cnncalc does not know (a model read with --unknown zero), their work not counted

    @property
    def valid(self) -> bool:
        return self.totals is not None

    def value(self, name: str) -> object:
        """A figure of the point by its key (KEYS; None where the point is invalid), else the value
        of an arg of the spec, which `$name` always means (an arg may share a key's name)."""
        if name == "seconds":
            return self.seconds
        if name in KEYS:
            return None if self.totals is None else self.figure(name)
        arg = name[1:] if name.startswith("$") else name
        for known, value in (*self.args, *self.spec_args):
            if known == arg:
                return value
        raise KeyError(name)

    def figure(self, key: str) -> int:
        """One of KEYS, of a valid point."""
        if self.totals is None:
            raise ValueError(f"point {self.number} makes no network")
        return self.depth if key == "depth" else int(getattr(self.totals, key))

    def to_dict(self) -> dict[str, object]:
        from cnncalc.report import _plain_value, _published_dict

        return {
            "point": self.number,
            "args": {name: _plain_value(value) for name, value in self.args},
            "valid": self.valid,
            "error": self.error or None,
            "input_shape": list(self.input_shape),
            "output_shape": list(self.output_shape),
            "totals": None if self.totals is None else {**self.totals.to_dict(), "depth": self.depth,
                                                        "weighted_layers": self.totals.weighted_layers},
            "published": [_published_dict(*check) for check in self.published],
            "seconds": self.seconds,
            "uncounted": self.uncounted,
        }


# --- the grid --------------------------------------------------------------------------------------


def axis_values(text: str, limit: int = MAX_POINTS) -> list[object]:
    """The values `--set NAME=...` gives, separated by commas: numbers, words, and ranges with
    their end included when a step lands on it (`128:224:32`, a step of 1 unless given;
    `224:128:-32` counts down; `1,2:4` is 1, 2, 3, 4). Numbers are read exactly: `0.25:1:0.25` is
    0.25, 0.5, 0.75, 1; whole ones are ints. Raises ValueError."""
    if not text.strip():
        raise ValueError("gives no values: write them after the =, as alpha=1,0.75 or resolution=128:224:32")
    values: list[object] = []
    for item in (item.strip() for item in text.split(",")):
        if ":" in item:
            values += _range(item, limit)
        else:
            values.append(_value(item))
        if len(values) > limit:
            raise ValueError(f"gives more than {limit:,} values, the limit of points")
    return values


def _range(text: str, limit: int) -> list[object]:
    bounds = [_number_written(part) for part in text.split(":")]
    if len(bounds) not in (2, 3) or None in bounds:
        raise ValueError(f"`{text[:40]}` is not a range: write START:STOP or START:STOP:STEP with numbers, as "
                         "128:224:32")
    start, stop, *step = [bound for bound in bounds if bound is not None]
    by = step[0] if step else Fraction(1)
    if not by:
        raise ValueError(f"the range {text[:40]} has a step of 0")
    if (stop - start) * by < 0:
        raise ValueError(f"the range {text[:40]} is empty: its step goes away from its end")
    if (stop - start) / by >= limit:
        raise ValueError(f"the range {text[:40]} has more than {limit:,} values, the limit of points")
    return [_plain(start + by * index) for index in range(int((stop - start) / by) + 1)]


def _value(text: str) -> object:
    """One value: a number (exact, whole ones as int), or a word as YAML reads it (true, relu)."""
    if not text:
        raise ValueError("has an empty value between commas")
    number = _number_written(text)
    if number is not None:
        return _plain(number)
    from cnncalc.spec import read_document

    try:
        value = read_document(text, "--set")
    except SpecError:
        value = None
    if value is None or isinstance(value, (list, dict)):
        raise ValueError(f"`{text[:40]}` is not a value: give numbers or words, separated by commas")
    return value


MAX_VALUE = 10**15  # the largest number --set takes


def _number_written(text: str) -> Fraction | None:
    """A number as written (`224`, `0.75`, `1e2`), exactly; None for anything else. Raises
    ValueError past MAX_VALUE."""
    import re

    value = _decimal(text)
    if value is None and re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)[eE][+-]?\d{3,}", text.strip()):
        raise ValueError(f"`{text[:40]}` is larger than the largest value taken, {MAX_VALUE:,}")
    if value is not None and abs(value) > MAX_VALUE:
        raise ValueError(f"`{text[:40]}` is larger than the largest value taken, {MAX_VALUE:,}")
    return value


def _decimal(text: str) -> Fraction | None:
    """A decimal number as written, exactly; None for anything else (nan, inf, words)."""
    import re

    text = text.strip()
    if len(text) > 60 or not re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d{1,2})?", text):
        return None  # an exponent of two digits at most: 1e999999999 would take Fraction minutes
    return Fraction(text)


def _plain(value: Fraction) -> int | float:
    """A value as YAML would have read it: whole numbers as int, others as float (0.75)."""
    return value.numerator if value.denominator == 1 else float(value)


def grid_size(grid: Mapping[str, Sequence[object]], zipped: bool = False) -> int:
    lengths = [len(values) for values in grid.values()]
    if zipped:
        return min(lengths, default=0)
    size = 1
    for length in lengths:
        size *= length
    return size


def points_of(grid: Grid, zipped: bool = False) -> Iterator[dict[str, object]]:
    """The grid's points in order: the product of the lists of a mapping (the last arg changing
    fastest), or with `zipped` the lists paired; an iterable of mappings is taken as its points."""
    if not isinstance(grid, Mapping):
        yield from (dict(point) for point in grid)
        return
    names = list(grid)
    lists = [list(values) for values in grid.values()]
    if zipped and len({len(values) for values in lists}) > 1:
        lengths = ", ".join(f"{name} {len(values)}" for name, values in zip(names, lists))
        raise SpecError(f"zipped args pair their values one to one, so need as many each; they have {lengths}")
    for values in (zip(*lists) if zipped else itertools.product(*lists)):
        yield dict(zip(names, values))


# --- the sweep -------------------------------------------------------------------------------------

Source = Union[str, "os.PathLike[str]", Mapping[str, object], "SpecText"]  # a file, a preset name, plain data, text


class Reader:
    """A spec's document, read once, and each point's network read from it. Made again in each
    worker process from `state`, which is plain and small (the spec's text, not its reading)."""

    def __init__(self, text: str | Mapping[str, object], file: str, limits: Limits = Limits(), batch: int = 1,
                 dtype: str = "float32", roofline: Roofline | None = None):
        from cnncalc.spec.source import parse_yaml

        self.state = (text, file, limits, batch, dtype, roofline)
        self.file, self.limits, self.batch, self.dtype, self.roofline = file, limits, batch, dtype, roofline
        document = parse_yaml(text, file, limits) if isinstance(text, str) else text
        if not isinstance(document, Mapping):
            from cnncalc.spec import from_dict

            from_dict(document, file, limits)  # says what is wrong with it
            raise SpecError("a spec is a mapping with `input` and `layers`", Location(file))
        self.document: Mapping[object, object] = document
        if "variants" in self.document:
            raise SpecError("holds variants; a sweep goes over one network's args (sweep a variant's own spec)",
                            Location(file))
        from cnncalc.spec.expansion import Expansions

        self.expansions = Expansions()  # blocks expanded at earlier points
        declared = self.document.get("args")
        self.args: dict[str, object] = dict(declared) if isinstance(declared, Mapping) else {}

    @classmethod
    def of(cls, source: Source | Reader, limits: Limits = Limits(), batch: int = 1, dtype: str = "float32",
           roofline: Roofline | None = None) -> Reader:
        """A spec file (a file that exists wins), a preset name, or a spec as plain data."""
        if isinstance(source, Reader):  # as it is, or read again for another batch, dtype, limits or device
            same = (source.limits, source.batch, source.dtype, source.roofline) == (limits, batch, dtype, roofline)
            return source if same else cls(source.state[0], source.file, limits, batch, dtype, roofline)
        if isinstance(source, Mapping):
            return cls(source, "<spec>", limits, batch, dtype, roofline)
        from cnncalc.api import SpecText

        if isinstance(source, SpecText):
            return cls(source.text, source.file, limits, batch, dtype, roofline)
        name = os.fspath(source)
        if not os.path.exists(name):
            from cnncalc import presets

            if name in presets.names():
                return cls(presets.text(name), f"preset:{name}", limits, batch, dtype, roofline)
            from cnncalc.api import suite_of

            suite_of(name, limits)  # says why there is nothing to read: no such file, a preset misspelt
        from cnncalc import readers
        from cnncalc.spec import read_path_text

        if readers.is_model(name):
            return cls(readers.document_of(name, limits), name, limits, batch, dtype, roofline)
        return cls(read_path_text(name, limits), name, limits, batch, dtype, roofline)

    def check(self, names: Iterable[str]) -> None:
        """Every name swept must be an arg of the spec."""
        from cnncalc.spec.messages import did_you_mean

        known = list(self.args)
        unknown = [SpecError(f"the spec has no arg `{show(name, 40)}`{did_you_mean(name, known)} (args: "
                             f"{', '.join(map(str, known)) or 'none; a spec declares them under `args:`'})",
                             Location(self.file)) for name in names if name not in self.args]
        if unknown:
            first, *rest = unknown
            raise SpecError(first.message, first.location, tuple(rest))

    def point(self, number: int, values: Mapping[str, object]) -> Point:
        from cnncalc.engine import analyze
        from cnncalc.spec.document import read_suite

        args = tuple(values.items())
        try:
            spec = read_suite(self.document, self.file, self.limits, values, self.expansions).specs[0]
            report = analyze(spec, self.batch, self.dtype, receptive_field=False)
        except SpecError as error:
            return Point(number, args, None, error="\n".join(error.lines()),
                         spec_args=tuple({**self.args, **values}.items()))
        seconds = None if self.roofline is None else \
            sum(self.roofline.seconds(layer.flops, layer.moved_bytes) for layer in report.layers)
        return Point(number, args, report.totals, report.depth, report.input_shape, report.output_shape,
                     tuple(report.against_published()), "", report.args, seconds,
                     sum(layer.kind == "uncounted" for layer in report.layers))


def sweep(source: Source, grid: Grid, *, zipped: bool = False, batch: int = 1, dtype: str = "float32",
          strict: bool = False, jobs: int = 1, limits: Limits = Limits(), max_points: int = MAX_POINTS,
          device: Target = None) -> Iterator[Point]:
    """One Point per point of the grid, in order, each as soon as it is analyzed (with `jobs` > 1,
    a few chunks ahead, in as many processes). `grid` maps args to their values (every combination;
    `zipped`: paired) or is an iterable of points, each a mapping, which may be endless. With
    `strict`, an invalid point raises its SpecError instead; with a device (as api.analyze takes
    it), each point's least time on it. The spec and the grid's names are checked before any point
    is analyzed."""
    reader = _on_device(Reader.of(source, limits, batch, dtype), device)
    if not isinstance(grid, Mapping):
        return _points(reader, points_of(grid), strict, jobs)
    lists = _lists(reader, grid, zipped, max_points)
    return _points(reader, points_of(lists, zipped), strict, jobs, _chunk(grid_size(lists, zipped), jobs))


def _on_device(reader: Reader, device: Target) -> Reader:
    """The reader with the device's roofline, found among the spec's own `devices:` too."""
    if device is None:
        return reader
    from cnncalc.api import roofline_of
    from cnncalc.devices import read_devices

    raw = reader.document.get("devices")
    spec_devices = tuple(read_devices(raw, reader.file, builtin_ids=False).values()) if raw is not None else ()
    return Reader.of(reader, reader.limits, reader.batch, reader.dtype, roofline_of(device, reader.dtype, spec_devices))


def _lists(reader: Reader, grid: Mapping[str, object], zipped: bool, max_points: int) -> dict[str, list[object]]:
    """Each arg's values as a list (one value alone, a word among them, is a list of one), its
    names checked against the spec's args and its size against the limit."""
    reader.check(grid)
    lists = {name: [values] if isinstance(values, (str, bytes, int, float)) or not isinstance(values, Iterable)
             else list(values) for name, values in grid.items()}
    size = grid_size(lists, zipped)
    if size > max_points:
        raise SpecError(f"the grid has {size:,} points, more than the limit of {max_points:,}")
    return lists


def _chunk(size: int, jobs: int) -> int:
    """Points per task: a hundred, fewer where the grid is small, so that every process has work."""
    return max(1, min(CHUNK, size // (4 * jobs)))


def _points(reader: Reader, points: Iterator[dict[str, object]], strict: bool, jobs: int,
            chunk: int = 0) -> Iterator[Point]:
    def checked() -> Iterator[dict[str, object]]:
        for point in points:
            reader.check(point)
            yield point

    numbered = enumerate(checked(), start=1)
    results = _in_processes(reader, numbered, jobs, chunk or CHUNK) if jobs > 1 else \
        (reader.point(*item) for item in numbered)
    for point in results:
        if strict and not point.valid:
            raise SpecError(f"point {point.number} ({args_text(point.args)}) makes no network: "
                            f"{point.error.splitlines()[0]}")
        yield point


def args_text(args: Iterable[tuple[str, object]]) -> str:
    return ", ".join(f"{name}={value}" for name, value in args)


CHUNK = 100  # points a worker analyzes per task: enough to outweigh sending them, few enough to stream


def _in_processes(reader: Reader, numbered: Iterator[tuple[int, dict[str, object]]], jobs: int,
                  chunk_size: int) -> Iterator[Point]:
    """The points analyzed in `jobs` processes, in order, at most two chunks per process in flight
    (a grid may be endless). A point that cannot be read (an arg the spec lacks) is raised after
    the points before it; when the caller stops reading, the chunks not started are dropped and
    the call returns without waiting for those under way."""
    from collections import deque
    from concurrent.futures import Future, ProcessPoolExecutor

    pool = ProcessPoolExecutor(jobs, initializer=_start_worker, initargs=(reader.state,))
    pending: deque[Future[list[Point]]] = deque()
    finished = False
    try:
        failure: SpecError | None = None
        while failure is None:
            chunk: list[tuple[int, dict[str, object]]] = []
            try:
                chunk.extend(itertools.islice(numbered, chunk_size))
            except SpecError as error:
                failure = error
            if chunk:
                pending.append(pool.submit(_analyze_chunk, chunk))
            if len(chunk) < chunk_size and failure is None:
                break
            while len(pending) >= 2 * jobs or (failure is not None and pending):
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
        if failure is not None:
            raise failure
        finished = True
    finally:
        pool.shutdown(wait=finished, cancel_futures=True)


_worker: Reader | None = None


def _start_worker(state: tuple[str | Mapping[str, object], str, Limits, int, str, Roofline | None]) -> None:
    global _worker
    _worker = Reader(*state)


def _analyze_chunk(chunk: list[tuple[int, dict[str, object]]]) -> list[Point]:
    assert _worker is not None
    return [_worker.point(number, values) for number, values in chunk]


# --- choosing among points -------------------------------------------------------------------------


def pareto_front(points: Iterable[Point], keys: Sequence[str] = ("macs", "params")) -> list[Point]:
    """The valid points that no other beats: none is at most as high on every key and lower on one.
    Points equal on every key are all kept. In the grid's order."""
    valid = [point for point in points if point.valid]
    vectors = {point.number: tuple(_number(point.value(key)) for key in keys) for point in valid}
    front: list[Point] = []
    for point in sorted(valid, key=lambda point: vectors[point.number]):
        mine = vectors[point.number]
        # sorted so, a point can only be beaten by one before it; with two keys, by the last kept
        rivals = front[-1:] if len(keys) == 2 else front
        if not any(_beats(vectors[other.number], mine) for other in rivals):
            front.append(point)
    return sorted(front, key=lambda point: point.number)


def _beats(one: tuple[Fraction, ...], other: tuple[Fraction, ...]) -> bool:
    return one != other and all(a <= b for a, b in zip(one, other))


def _number(value: object) -> Fraction:
    exact = number(value)
    if exact is None:
        raise SpecError(f"cannot trade off a value that is not a number: {show(value, 40)}")
    return exact


def sorted_points(points: Iterable[Point], key: str) -> list[Point]:
    """By one key, `-key` for highest first; invalid points last, ties in the grid's order."""
    descending = key.startswith("-")
    name = key.lstrip("-")

    numbers: list[tuple[Fraction, str, Point]] = []
    words: list[tuple[None, str, Point]] = []
    invalid: list[tuple[None, str, Point]] = []
    for point in points:
        value = point.value(name) if point.valid else None
        exact = number(value)
        if not point.valid:
            invalid.append((None, "", point))
        elif exact is None:
            words.append((None, str(value), point))
        else:
            numbers.append((exact, str(value), point))
    numbers.sort(key=lambda item: item[0], reverse=descending)
    words.sort(key=lambda item: item[1], reverse=descending)  # words after numbers, by their text
    return [point for _, _, point in (*numbers, *words, *invalid)]


class Condition:
    """A budget a point must meet: `macs < 300e6`, `params <= 4.2M and depth > 20`,
    `100M <= macs < 300M or resolution == 224`. Comparisons (<, <=, >, >=, ==, !=, chained) of
    keys, args and numbers (4.2M, 3e8, 0.75), joined by `and` and `or` (`and` first); read by
    hand, never by Python's eval. A key names a figure; `$name` always an arg, and a bare name
    the arg where no key has it. An invalid point meets none."""

    MAX_LENGTH = 500

    def __init__(self, text: str, names: Iterable[str]):
        import re

        if len(text) > self.MAX_LENGTH:
            raise SpecError(f"--where is longer than {self.MAX_LENGTH} characters")
        self.text, self.args = text, list(names)
        tokens = [token.strip() for token in re.findall(r"\s*(<=|>=|==|!=|<|>|=|[^\s<>=!]+|\S)", text)]
        self.alternatives: list[list[list[object]]] = [[]]  # or of ands of chained comparisons
        comparison: list[object] = []
        previous = ""
        for token in tokens:
            if token.lower() in ("and", "or"):
                self._close(comparison)
                comparison = []
                if token.lower() == "or":
                    self.alternatives.append([])
            elif token == "=":
                raise SpecError("--where: `=` compares nothing; write `==`, as `alpha == 0.5`")
            elif token in _OPERATORS:
                if not comparison or isinstance(comparison[-1], _Operator):
                    raise SpecError(f"--where: `{token}` needs a value on each side, as `macs < 300M`")
                comparison.append(_OPERATORS[token])
            else:
                if comparison and not isinstance(comparison[-1], _Operator):
                    raise SpecError(f"--where: between `{previous[:30]}` and `{token[:30]}` a comparison is missing "
                                    "(<, <=, >, >=, ==, !=), or `and` or `or`")
                comparison.append(self._operand(token))
            previous = token
        self._close(comparison)

    def _operand(self, token: str) -> object:
        arg = token[1:] if token.startswith("$") else token
        if token.startswith("$") or (token not in KEYS and token in self.args):
            if arg not in self.args:
                from cnncalc.spec.messages import did_you_mean

                raise SpecError(f"--where: the spec has no arg `{token[:40]}`{did_you_mean(arg, self.args)}")
            return _Arg(arg)
        if token in KEYS:
            return _Key(token)
        number = _decimal(token)
        if number is not None:
            return number
        from cnncalc.figures import parse_figure

        try:
            return parse_figure(token).value
        except ValueError:
            from cnncalc.spec.messages import did_you_mean

            raise SpecError(f"--where: `{token[:40]}` is neither a number (300M, 4.2G, 3e8), a key nor an arg"
                            f"{did_you_mean(token, [*KEYS, *self.args])} (keys: {', '.join(KEYS)}; the spec's args: "
                            f"{', '.join(self.args) or 'none'})") from None

    def _close(self, comparison: list[object]) -> None:
        if len(comparison) < 3 or isinstance(comparison[-1], _Operator):
            raise SpecError(f"--where takes comparisons joined by `and` and `or`, as `macs < 300M and params < 4M`; "
                            f"received `{self.text[:60]}`")
        self.alternatives[-1].append(comparison)

    def __call__(self, point: Point) -> bool:
        if not point.valid:
            return False
        return any(all(self._holds(comparison, point) for comparison in conjunction)
                   for conjunction in self.alternatives)

    @staticmethod
    def _holds(comparison: list[object], point: Point) -> bool:
        def value_of(operand: object) -> object:
            if isinstance(operand, _Key):
                return point.value(operand)
            if isinstance(operand, _Arg):
                value = point.value("$" + operand)
                exact = number(value)
                return value if exact is None else exact
            return operand

        left = value_of(comparison[0])
        for index in range(1, len(comparison), 2):
            operator, right = comparison[index], value_of(comparison[index + 1])
            try:
                if not operator(left, right):  # type: ignore[operator]
                    return False
            except TypeError:  # a word against a number: only == and != can say
                return False
            left = right
        return True


class _Key(str):
    """A figure's key in a condition."""


class _Arg(str):
    """An arg's name in a condition."""


class _Operator(NamedTuple):
    symbol: str

    def __call__(self, left: Any, right: Any) -> bool:
        import operator

        compare: dict[str, Callable[[Any, Any], Any]] = {
            "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge, "==": operator.eq,
            "!=": operator.ne}
        return bool(compare[self.symbol](left, right))


_OPERATORS = {symbol: _Operator(symbol) for symbol in ("<", "<=", ">", ">=", "==", "!=")}


# --- what the command shows ------------------------------------------------------------------------


class Sweep(NamedTuple):
    """A sweep as `cnncalc sweep` shows it: the points chosen, and how they were chosen."""

    name: str
    description: str
    source: str
    file: str
    axes: tuple[str, ...]  # the args swept, in the order given
    points: tuple[Point, ...]  # the points shown, in the order shown
    first: Point | None  # the first valid point of the grid: every ratio is against it
    swept: int  # points analyzed
    invalid: int  # of them, how many make no network
    zipped: bool = False  # the args' values were paired, not combined
    pareto: tuple[str, ...] = ()  # the keys of the front, where only the front is shown
    where: str = ""
    sort: str = ""
    batch: int = 1
    dtype: str = "float32"
    roofline: Roofline | None = None  # with a device: each point's least time on it

    def ratio(self, point: Point, key: str) -> Fraction | None:
        if self.first is None or point.totals is None:
            return None
        base, value = self.first.value(key), point.value(key)
        if isinstance(base, float) and base and isinstance(value, float):  # seconds
            return Fraction(value) / Fraction(base)
        return Fraction(value, base) if isinstance(base, int) and base and isinstance(value, int) else None

    def to_dict(self, points: bool = True) -> dict[str, object]:
        """The sweep as JSON holds it (docs/json.md); without `points`, their list is left empty."""
        from cnncalc.report import SCHEMA_VERSION

        return {
            "schema_version": SCHEMA_VERSION,
            "name": self.name,
            "description": self.description,
            "source": self.source,
            "file": self.file,
            "args": list(self.axes),
            "zipped": self.zipped,
            "batch": self.batch,
            "dtype": self.dtype,
            "swept": self.swept,
            "invalid": self.invalid,
            "first": None if self.first is None else self.first.number,
            "pareto": list(self.pareto) or None,
            "where": self.where or None,
            "sort": self.sort or None,
            "roofline": None if self.roofline is None else self.roofline.to_dict(),
            "points": [self.point_dict(point) for point in self.points] if points else [],
        }

    def point_dict(self, point: Point) -> dict[str, object]:
        ratios = {key: self.ratio(point, key) for key in RATIO_KEYS}
        return {**point.to_dict(), "ratios": {key: None if value is None else float(value)
                                               for key, value in ratios.items()}}


RATIO_KEYS = ("params", "macs", "flops", "activation_bytes", "depth", "seconds")  # set against the first point


def chosen(source: Source | Reader, grid: Mapping[str, Sequence[object]], *, zipped: bool = False,
           pareto: Sequence[str] = (), where: str = "", sort: str = "", strict: bool = False, jobs: int = 1,
           batch: int = 1, dtype: str = "float32", limits: Limits = Limits(), max_points: int = MAX_POINTS,
           device: Target = None) -> Sweep:
    """`cnncalc sweep`: every point of the grid, those that meet `where`, of them the Pareto front
    on `pareto`, ordered by `sort`. Every name is checked before any point is analyzed."""
    reader = _on_device(Reader.of(source, limits, batch, dtype), device)
    roofline = reader.roofline
    timed = [name for name in (*pareto, sort.lstrip("-"), *(["seconds"] if "seconds" in where.split() else []))
             if name == "seconds"]
    if timed and roofline is None:
        raise SpecError("the key `seconds` is a point's least time on a device: give --device NAME")
    lists = _lists(reader, grid, zipped, max_points)
    names = [str(name) for name in reader.args]
    for option, key in (*(("--pareto", key) for key in pareto), *((("--sort", sort.lstrip("-")),) if sort else ())):
        arg = key[1:] if key.startswith("$") else key
        if key not in KEYS and arg not in names:
            from cnncalc.spec.messages import did_you_mean

            raise SpecError(f"{option}: no key or arg `{key[:40]}`{did_you_mean(key, [*KEYS, *names])} "
                            f"(keys: {', '.join(KEYS)}; the spec's args: {', '.join(names) or 'none'})")
        if key in pareto and key not in KEYS and any(number(value) is None for value in lists.get(arg, [0])):
            raise SpecError(f"--pareto trades off numbers; `{arg}` is given words")
    if pareto and len(pareto) < 2:
        raise SpecError("a Pareto front trades off two keys or more, as --pareto macs,params")
    condition = Condition(where, names) if where else None
    points = list(_points(reader, points_of(lists, zipped), strict, jobs, _chunk(grid_size(lists, zipped), jobs)))
    first = next((point for point in points if point.valid), None)
    if first is None and points:  # nothing to show: the spec's mistake, or the values', said as for any spec
        lines = points[0].error.splitlines()
        raise SpecError(f"every point fails, the first ({args_text(points[0].args)}) with: {lines[0]}",
                        others=tuple(SpecError(line) for line in lines[1:]))
    shown = [point for point in points if condition(point)] if condition else points
    if pareto:
        shown = pareto_front(shown, pareto)
    if sort:
        shown = sorted_points(shown, sort)
    name, description, text = (reader.document.get(key) for key in ("name", "description", "source"))
    return Sweep(name if isinstance(name, str) else os.path.splitext(os.path.basename(reader.file))[0],
                 description if isinstance(description, str) else "", text if isinstance(text, str) else "",
                 reader.file, tuple(grid), tuple(shown), first, len(points), sum(not point.valid for point in points),
                 zipped, tuple(pareto), where, sort, reader.batch, reader.dtype, reader.roofline)
