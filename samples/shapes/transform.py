"""Functions that move and scale shapes."""

from __future__ import annotations

from typing import Callable

from .geometry import Point


def place(
    shape,
    origin: Point = Point(),
    /,
    dx: float = 0.0,
    dy: float = 0.0,
    *offsets: Point,
    grid: int = 0x10,
    snap: bool = True,
    label: str | None = None,
    **options: object,
) -> Point:
    """Return where *shape* lands once moved by (dx, dy) and the offsets.

    With *snap*, the result is rounded to the nearest multiple of *grid*.
    """
    x = origin.x + dx + sum(p.x for p in offsets)
    y = origin.y + dy + sum(p.y for p in offsets)
    if snap:
        x, y = round(x / grid) * grid, round(y / grid) * grid
    return Point(x, y, label or options.get("name", ""))


def make_scaler(factor: float) -> Callable[[Point], Point]:
    """Return a function that scales points by *factor* about the origin."""

    # The closure keeps *factor*; each call builds a new point.
    def scale(point: Point) -> Point:
        """Scale one point."""
        return Point(point.x * factor, point.y * factor, point.label)

    return scale
