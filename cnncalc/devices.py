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


def find(name: str) -> Device:
    """A built-in device by its id, in any case; a name close to one is suggested."""
    devices = builtin()
    device = devices.get(name.lower())
    if device is None:
        from cnncalc.spec.messages import did_you_mean, show

        raise SpecError(f"no device `{show(name, 40)}`{did_you_mean(name.lower(), list(devices))} "
                        "(`cnncalc devices` lists them)")
    return device


class Roofline(NamedTuple):
    """A device at one dtype: what bounds a layer, and how long it takes at the least."""

    device: Device
    dtype: str
    peak: float  # FLOP/s at this dtype
    bandwidth: float  # bytes/s

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
        return {**self.device.to_dict(), "dtype": self.dtype, "peak_used": self.peak, "ridge": self.ridge}


def roofline(name: str, dtype: str) -> Roofline:
    """The device named, at `dtype`; a device whose datasheet has no peak for it is an error."""
    device = find(name)
    peak = device.peak.get(dtype)
    if peak is None:
        raise SpecError(f"{device.name} has no {dtype} peak in its vendor's figures; give --dtype "
                        f"{' or '.join(device.peak)}")
    return Roofline(device, dtype, peak, device.bandwidth)
