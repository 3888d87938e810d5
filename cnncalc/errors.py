"""The one error type of cnncalc: a message in the user's terms and where it happened."""
from __future__ import annotations

from typing import NamedTuple


PATH_SHOWN = 160  # characters of a layer path a message shows: its end, where the layer is


class Location(NamedTuple):
    """Where a node of a spec came from: file, 1-based line and column, and its layer path."""

    file: str = "<spec>"
    line: int | None = None
    column: int | None = None
    path: str = ""

    def __str__(self) -> str:
        place = self.file
        if self.line is not None:
            place += f":{self.line}"
            if self.column is not None:
                place += f":{self.column}"
        path = self.path if len(self.path) <= PATH_SHOWN else "…" + self.path[-(PATH_SHOWN - 1):]
        return f"{place}: {path}" if path else place


class SpecError(Exception):
    """Bad input. Raised without a location deep inside a rule, then located by its caller."""

    def __init__(self, message: str, location: Location | None = None, others: tuple[SpecError, ...] = ()):
        super().__init__(message)
        self.message = message
        self.location = location
        self.others = others  # further independent problems found in the same spec

    def lines(self) -> list[str]:
        """One line per problem, this one first."""
        return [str(self), *(str(other) for other in self.others)]

    def at(self, location: Location) -> SpecError:
        """This error placed at `location`, unless it already knows where it happened."""
        return self if self.location is not None else SpecError(self.message, location)

    def __str__(self) -> str:
        return f"{self.location}: {self.message}" if self.location else self.message
