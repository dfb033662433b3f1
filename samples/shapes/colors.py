"""Named colours for filling shapes."""

import enum


class Color(enum.Enum):
    """A fill colour, with its RGB value."""

    RED = 0xFF0000
    GREEN = 0x00FF00
    BLUE = 0x0000FF

    @property
    def hex(self) -> str:
        """The colour as ``#rrggbb``."""
        return f"#{self.value:06x}"

    @classmethod
    def parse(cls, text: str) -> "Color":
        """Look a colour up by name, ignoring case."""
        return cls[text.strip().upper()]
