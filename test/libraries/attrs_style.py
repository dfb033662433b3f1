"""attrs classes in the styles people write them."""
import attr
import attrs
from typing import ClassVar, List


@attr.s
class Point:
    """A classic attr.s class."""

    x = attr.ib()
    _y = attr.ib(default=1)
    tags = attr.ib(factory=list)
    hidden = attr.ib(init=False, default=0)


@attrs.define
class Config:
    name: str
    _secret: str = "x"
    items: List[int] = attrs.field(factory=list)
    level: int = attrs.field(default=3, kw_only=True)
    registry: ClassVar[dict] = {}


@attrs.define
class Extended(Config):
    ratio: float = 1.0


@attr.s(auto_attribs=True, frozen=True)
class Frozen:
    p: int
    q: int = attr.ib(default=2, alias="queue")


@attrs.frozen(kw_only=True)
class KeywordsOnly:
    a: int
    b: str = "b"
