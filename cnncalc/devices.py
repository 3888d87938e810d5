"""Devices and the roofline model (Williams, Waterman and Patterson 2009): a layer takes at least
the longer of its FLOPs at the device's peak and its bytes at the device's memory bandwidth. The
devices are rows of devices.yaml, each with the vendor document its figures come from."""
from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import NamedTuple

from cnncalc.errors import SpecError

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


def read_devices(rows: object, file: str) -> dict[str, Device]:
    """Devices as YAML gives them (a file's, or a spec's `devices:`), each checked."""
    from cnncalc.errors import Location

    if not isinstance(rows, list) or not rows:
        raise SpecError("devices are a list, each with id, peak, bandwidth and source, as cnncalc devices --format "
                        "json shows them", Location(file, *(getattr(rows, "mark", None) or (1, 1))))
    devices = {}
    for index, row in enumerate(rows):
        mark = getattr(row, "mark", None) or (None, None)
        where = Location(file, *mark)
        devices[_checked_id(row, index, where)] = _device(row, where)
    return devices


def _checked_id(row: object, index: int, where: object) -> str:
    from cnncalc.errors import Location

    location = where if isinstance(where, Location) else None
    if not isinstance(row, Mapping) or not isinstance(row.get("id"), str) or not row["id"]:
        raise SpecError(f"device {index + 1} needs an `id`, a name for --device", location)
    return str(row["id"]).lower()


def _device(row: Mapping[str, object], where: object) -> Device:
    from cnncalc.errors import Location
    from cnncalc.spec.messages import show

    location = where if isinstance(where, Location) else None
    unknown = [key for key in row if key not in ("id", "name", "peak", "bandwidth", "source", "notes")]
    if unknown:
        raise SpecError(f"device `{row['id']}` has no key `{show(unknown[0], 30)}` (keys: id, name, peak, bandwidth, "
                        "source, notes)", location)
    peak = row.get("peak")
    if not isinstance(peak, Mapping) or not peak or any(dtype not in DTYPES for dtype in peak):
        raise SpecError(f"device `{row['id']}` needs `peak`, FLOP/s by dtype ({', '.join(DTYPES)}), as "
                        "{float32: 8.1e12, float16: 65e12}", location)
    source = row.get("source")
    if not isinstance(source, str) or not source.strip():
        raise SpecError(f"device `{row['id']}` needs `source`: where its figures come from", location)
    figures = {dtype: _positive(value, f"its {dtype} peak", row, location) for dtype, value in peak.items()}
    bandwidth = _positive(row.get("bandwidth"), "`bandwidth`, bytes a second", row, location)
    name, notes = row.get("name", row["id"]), row.get("notes", "")
    return Device(str(row["id"]).lower(), str(name), figures, bandwidth, " ".join(source.split()), str(notes))


def _positive(value: object, what: str, row: Mapping[str, object], location: object) -> float:
    from cnncalc.errors import Location
    from cnncalc.spec.messages import show

    try:
        number = _whole(value)
    except (TypeError, ValueError):
        number = 0
    if not number > 0 or number != number or number == float("inf"):
        raise SpecError(f"device `{row['id']}` needs {what} as a number above 0; received {show(value, 30)}",
                        location if isinstance(location, Location) else None)
    return number


class Efficiency(NamedTuple):
    """The fractions of the peaks a user has measured real kernels to reach: the roofline is drawn
    at peak × compute and bandwidth × memory."""

    compute: float = 1.0
    memory: float = 1.0


def efficiency(text: str) -> Efficiency:
    """`0.7` for both, or `compute=0.6,memory=0.8` (either alone); each above 0 and at most 1."""
    values = {"compute": 1.0, "memory": 1.0}
    parts = [part.strip() for part in text.split(",")]
    if len(parts) == 1 and "=" not in parts[0]:
        parts = [f"compute={parts[0]}", f"memory={parts[0]}"]
    for part in parts:
        key, _, value = part.partition("=")
        try:
            fraction = float(value)
        except ValueError:
            fraction = -1.0
        if key.strip() not in values or not 0 < fraction <= 1:
            raise SpecError(f"--efficiency takes a fraction above 0 and at most 1, or compute=F,memory=F; "
                            f"received {text[:40]}")
        values[key.strip()] = fraction
    return Efficiency(values["compute"], values["memory"])


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
