"""Shapes: a small geometry toolkit.

The public API is re-exported here; import from ``shapes`` rather than
from the submodules.
"""

from .base import Shape
from .colors import Color
from .geometry import Circle, Point, Rectangle, Square
from .transform import make_scaler, place

__all__ = [
    "Circle",
    "Color",
    "Point",
    "Rectangle",
    "Shape",
    "Square",
    "make_scaler",
    "place",
]

__version__ = "1.2.0"
