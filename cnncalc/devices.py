"""Devices and the roofline model (Williams, Waterman and Patterson 2009): a layer takes at least
the longer of its FLOPs at the device's peak and its bytes at the device's memory bandwidth. The
devices are rows of devices.yaml, each with the vendor document its figures come from."""
from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import NamedTuple

from cnncalc.errors import Location, SpecError

DTYPES = ("float64", "float32", "tf32", "float16", "bfloat16", "int8")  # the keys of a device's peaks


class Device(NamedTuple):
    id: str
    name: str
    peak: Mapping[str, float]  # dtype -> dense FLOP/s (OP/s for int8)
    bandwidth: float  # memory bandwidth, bytes/s
    source: str  # the vendor's document and the figures it prints
    notes: str = ""  # how a figure was worked out, where it was

    def to_dict(self) -> dict[str, object]:
        return {"id": self.id, "name": self.name, "peak": dict(self.peak), "bandwidth": self.bandwidth,
                "source": self.source, "notes": self.notes}


@cache
def builtin() -> dict[str, Device]:
    """The devices shipped in devices.yaml, by id."""
    import yaml

    rows = yaml.safe_load((Path(__file__).resolve().parent / "devices.yaml").read_text(encoding="utf-8"))
    devices = {}
    for row in rows:
        peak = {dtype: _whole(value) for dtype, value in row["peak"].items()}
        devices[row["id"]] = Device(row["id"], row["name"], peak, _whole(row["bandwidth"]), " ".join(row["source"].split()),
                                    row.get("notes", ""))
    return devices


def _whole(value: object) -> float:
    """A figure as the YAML gives it (67e12 is read as text by YAML 1.1), an int where it is whole."""
    number = float(value)  # type: ignore[arg-type]
    return int(number) if number.is_integer() else number


def find(name: str, extra: Mapping[str, Device] | None = None) -> Device:
    """A device by its id, in any case, from `extra` (a user's file) or the built-in ones; a name
    close to one is suggested."""
    devices = {**builtin(), **(extra or {})}
    device = devices.get(name.lower())
    if device is None:
        from cnncalc.spec.messages import did_you_mean, show

        raise SpecError(f"no device `{show(name, 40)}`{did_you_mean(name.lower(), list(devices))} "
                        "(`cnncalc devices` lists them; --devices FILE adds your own)")
    return device


def load(path: str) -> dict[str, Device]:
    """A user's devices: a YAML list of entries as in devices.yaml (`id`, `name`, `peak`,
    `bandwidth`, `source`, `notes`), each checked, a mistake said with the file and line."""
    from cnncalc.errors import Location
    from cnncalc.spec import Limits, read_limited
    from cnncalc.spec.source import parse_yaml

    try:
        with open(path, "rb") as stream:
            text = read_limited(stream, Limits(), path).decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise SpecError(f"cannot be read: {getattr(error, 'strerror', None) or error}", Location(path)) from None
    return read_devices(parse_yaml(text, path, Limits()), path)


def read_devices(rows: object, file: str, builtin_ids: bool = True) -> dict[str, Device]:
    """Devices as YAML gives them (a file's, or a spec's `devices:`), each checked; every problem
    found is said at once. With `builtin_ids` false, an id of a built-in device is refused (a spec
    may not pass its own figures off as a vendor's)."""
    from cnncalc.errors import Location

    if not isinstance(rows, list) or not rows:
        raise SpecError("devices are a list, each with id, peak, bandwidth and source, as cnncalc devices --format "
                        "json shows them", Location(file, *(getattr(rows, "mark", None) or (1, 1))))
    devices: dict[str, Device] = {}
    problems: list[SpecError] = []
    for index, row in enumerate(rows):
        where = Location(file, *(getattr(row, "mark", None) or (None, None)))
        try:
            device = _device(row, index, where)
        except SpecError as error:
            problems.append(error)
            continue
        if device.id in devices:
            problems.append(SpecError(f"device `{device.id}` is given twice (ids are read in any case)", where))
        elif not builtin_ids and device.id in builtin():
            problems.append(SpecError(f"device `{device.id}` is a built-in device's id; give yours another", where))
        devices[device.id] = device
    if problems:
        first, *rest = problems
        raise SpecError(first.message, first.location, tuple(rest))
    return devices


def _device(row: object, index: int, location: Location) -> Device:
    from cnncalc.spec.messages import show

    if not isinstance(row, Mapping) or not isinstance(row.get("id"), str) or not row["id"].strip():
        raise SpecError(f"device {index + 1} needs an `id`, a word for --device to name it", location)
    name = str(row["id"])
    unknown = [key for key in row if key not in ("id", "name", "peak", "bandwidth", "source", "notes")]
    if unknown:
        raise SpecError(f"device `{name}` has no key `{show(unknown[0], 30)}` (keys: id, name, peak, bandwidth, "
                        "source, notes)", location)
    texts = {key: row.get(key, "") for key in ("name", "source", "notes")}
    for key, text in texts.items():
        if not isinstance(text, str):
            raise SpecError(f"device `{name}`'s `{key}` must be text; received {show(text, 30)}", location)
    peak = row.get("peak")
    if not isinstance(peak, Mapping) or not peak or any(dtype not in DTYPES for dtype in peak):
        raise SpecError(f"device `{name}` needs `peak`, FLOP/s by dtype ({', '.join(DTYPES)}), as "
                        "{float32: 8.1e12, float16: 65e12}", location)
    if not str(texts["source"]).strip():
        raise SpecError(f"device `{name}` needs `source`: where its figures come from", location)
    figures = {str(dtype): _figure(value, f"its {dtype} peak", name, location) for dtype, value in peak.items()}
    bandwidth = _figure(row.get("bandwidth"), "`bandwidth`, bytes a second", name, location)
    return Device(name.lower(), str(texts["name"] or name), figures, bandwidth, " ".join(str(texts["source"]).split()),
                  str(texts["notes"]))


MAX_FIGURE = 1e21  # FLOP/s or bytes/s: a thousand times beyond any device of 2026


def _figure(value: object, what: str, device: str, location: Location) -> float:
    """A peak or a bandwidth: a number (YAML 1.1 reads 8.1e12 as text, which is taken too) from 1
    to MAX_FIGURE."""
    from cnncalc.spec.messages import show

    number = 0.0
    if isinstance(value, (int, float, str)) and not isinstance(value, bool):
        try:
            number = float(value)
        except (ValueError, OverflowError):
            number = 0.0
    if not 1 <= number <= MAX_FIGURE:
        raise SpecError(f"device `{device}` needs {what} as a number from 1 to {MAX_FIGURE:.0e}; received "
                        f"{show(value, 30)}", location)
    return _whole(number)


class Efficiency(NamedTuple):
    """The fractions of the peaks a user has measured real kernels to reach: the roofline is drawn
    at peak × compute and bandwidth × memory."""

    compute: float = 1.0
    memory: float = 1.0

    def checked(self) -> Efficiency:
        """Itself, each fraction a number from LEAST_EFFICIENCY to 1; else a SpecError."""
        for value in self:
            if isinstance(value, bool) or not isinstance(value, (int, float)) or \
                    not LEAST_EFFICIENCY <= value <= 1:
                raise SpecError(f"an efficiency is a fraction from {LEAST_EFFICIENCY} to 1; received {str(value)[:40]}")
        return self


LEAST_EFFICIENCY = 0.001


def efficiency(text: str) -> Efficiency:
    """`0.7` for both, or `compute=0.6,memory=0.8` (either alone); each above 0 and at most 1."""
    values: dict[str, float] = {}
    parts = [part.strip() for part in text.split(",")]
    if len(parts) == 1 and "=" not in parts[0]:
        parts = [f"compute={parts[0]}", f"memory={parts[0]}"]
    for part in parts:
        key, _, value = part.partition("=")
        try:
            fraction = float(value)
        except ValueError:
            fraction = -1.0
        if key.strip() not in ("compute", "memory") or key.strip() in values or \
                not LEAST_EFFICIENCY <= fraction <= 1:
            raise SpecError(f"--efficiency takes a fraction from {LEAST_EFFICIENCY} to 1, or compute=F,memory=F, "
                            f"each once; received {text[:40]}")
        values[key.strip()] = fraction
    return Efficiency(values.get("compute", 1.0), values.get("memory", 1.0))


class Roofline(NamedTuple):
    """A device at one dtype: what bounds a layer, and how long it takes at the least."""

    device: Device
    dtype: str
    peak: float  # FLOP/s at this dtype, times the efficiency
    bandwidth: float  # bytes/s, times the efficiency
    efficiency: Efficiency = Efficiency()

    def seconds(self, flops: int, moved_bytes: int) -> float:
        return max(flops / self.peak, moved_bytes / self.bandwidth)

    def bound(self, flops: int, moved_bytes: int) -> str:
        """`compute` or `memory`: which of the two takes longer; empty where neither takes any time."""
        if not flops and not moved_bytes:
            return ""
        return "compute" if flops / self.peak >= moved_bytes / self.bandwidth else "memory"

    @property
    def ridge(self) -> float:
        """The intensity (FLOPs per byte) above which a layer is bound by compute."""
        return self.peak / self.bandwidth

    def to_dict(self) -> dict[str, object]:
        return {**self.device.to_dict(), "dtype": self.dtype, "peak_used": self.peak, "bandwidth_used": self.bandwidth,
                "efficiency": self.efficiency._asdict(), "ridge": self.ridge}


def roofline(device: str | Device, dtype: str, efficiency: Efficiency = Efficiency(),
             extra: Mapping[str, Device] | None = None) -> Roofline:
    """The device (named, from `extra` or the built-in ones), at `dtype`, its peaks scaled by the
    efficiency; a device whose vendor prints no peak for that dtype is an error."""
    if isinstance(device, str):
        device = find(device, extra)
    peak = device.peak.get(dtype)
    if peak is None:
        raise SpecError(f"{device.name} has no {dtype} peak in its vendor's figures; give --dtype "
                        f"{' or '.join(device.peak)}")
    return Roofline(device, dtype, peak * efficiency.compute, device.bandwidth * efficiency.memory, efficiency)
