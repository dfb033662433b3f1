"""Concrete shapes."""

from __future__ import annotations

import dataclasses
import math
from typing import ClassVar

from .base import Shape
from .colors import Color


@dataclasses.dataclass(frozen=True)
class Point:
    """A point in the plane."""

    x: float = 0.0
    y: float = 0.0
    label: str = ""

    def distance_to(self, other: Point) -> float:
        """Euclidean distance between two points."""
        return math.hypot(self.x - other.x, self.y - other.y)


class Circle(Shape):
    """A circle given by its radius."""

    def __init__(self, radius: float, center: Point = Point(), color: Color = Color.RED) -> None:
        super().__init__()
        self.radius = radius
        self.center = center
        self.color = color

    # The docstrings of area and perimeter are inherited from Shape.
    def area(self) -> float:
        return math.pi * self.radius**2

    def perimeter(self) -> float:
        return 2 * math.pi * self.radius

    @property
    def diameter(self) -> float:
        """Twice the radius."""
        return 2 * self.radius

    @classmethod
    def from_diameter(cls, diameter: float, **kwargs) -> Circle:
        """Build a circle from its diameter instead of its radius."""
        return cls(diameter / 2, **kwargs)


class Rectangle(Shape):
    """An axis-aligned rectangle."""

    sides: ClassVar[int] = 4

    def __init__(self, width: float, height: float) -> None:
        super().__init__()
        self.width = width
        self.height = height

    def area(self) -> float:
        return self.width * self.height

    def perimeter(self) -> float:
        return 2 * (self.width + self.height)

    @property
    def is_square(self) -> bool:
        """Whether both sides are equal."""
        return self.width == self.height

    @staticmethod
    def unit() -> Rectangle:
        """The 1×1 rectangle."""
        return Rectangle(1, 1)


# A square is a rectangle whose sides are equal; it keeps the
# rectangle's methods and only changes how it is built.
class Square(Rectangle):
    """A rectangle with equal sides."""

    def __init__(self, side: float) -> None:
        super().__init__(side, side)

    @property
    def side(self) -> float:
        return self.width
