"""The abstract base of every shape."""

from __future__ import annotations

import abc
import math


# Shapes are immutable: every transformation returns a new shape.
class Shape(abc.ABC):
    """A closed figure in the plane.

    Subclasses implement :meth:`area` and :meth:`perimeter`; everything
    else is derived from those two.
    """

    #: How many shapes were created, all subclasses included.
    count: int = 0

    def __init__(self, name: str | None = None) -> None:
        Shape.count += 1
        self.name = name or type(self).__name__.lower()

    @abc.abstractmethod
    def area(self) -> float:
        """Return the area enclosed by the shape."""

    @abc.abstractmethod
    def perimeter(self) -> float:
        """Return the length of the shape's boundary."""

    @property
    def compactness(self) -> float:
        """Isoperimetric ratio: 1.0 for a circle, smaller for anything else."""
        p = self.perimeter()
        return 4 * math.pi * self.area() / (p * p) if p else 0.0

    def describe(self, precision: int = 2) -> str:
        """Return a one-line, human-readable description."""
        return f"{self.name}: area={self.area():.{precision}f}"

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name!r}>"
