"""The one error type of cnncalc: a message in the user's terms and where it happened."""

from typing import NamedTuple


_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def visible(text: str, prose: bool = False) -> str:
    """Text from a spec as the terminal may show it: control and format characters (escape
    sequences, a newline that would forge a line, bidirectional overrides) written as `\\x1b`,
    `\\n`, `\\u202e`. In prose a newline or a tab reads as a space."""
    if text.isprintable():
        return text
    import unicodedata  # only for text that is not printable as it is

    shown = []
    for character in text:
        if character.isprintable() or character == " ":
            shown.append(character)
        elif prose and character in "\n\t":
            shown.append(" ")
        elif unicodedata.category(character) == "Zs":
            shown.append(character)
        else:
            code = ord(character)
            shown.append(_ESCAPES.get(character) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
                                                      if code < 0x10000 else f"\\U{code:08x}"))
    return "".join(shown)


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

    def __init__(self, message: str, location: Location | None = None, others: "tuple[SpecError, ...]" = ()):
        super().__init__(message)
        self.message = message
        self.location = location
        self.others = others  # further independent problems found in the same spec

    def lines(self) -> list[str]:
        """One line per problem, this one first."""
        return [str(self), *(str(other) for other in self.others)]

    def at(self, location: Location) -> "SpecError":
        """This error placed at `location`, unless it already knows where it happened."""
        return self if self.location is not None else SpecError(self.message, location)

    def __str__(self) -> str:
        """One line, whatever the spec put in it: control characters are shown, not obeyed."""
        return visible(f"{self.location}: {self.message}" if self.location else self.message)
