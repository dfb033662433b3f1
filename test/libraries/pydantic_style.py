"""pydantic models in the styles people write them."""
from typing import ClassVar, List, Optional

from pydantic import BaseModel, ConfigDict, Field


class User(BaseModel):
    """A user."""

    id: int
    name: str = "Jane"
    tags: List[str] = Field(default_factory=list)
    email: Optional[str] = Field(None, alias="mail")
    score: float = Field(default=1.5, description="x")
    registry: ClassVar[dict] = {}
    _token: str = "secret"


class Admin(User):
    level: int = 1


class Person(BaseModel):
    model_config = ConfigDict(populate_by_name=True)
    first_name: str = Field(alias="firstName")
    age: int = Field(..., ge=0)


class Empty(BaseModel):
    """Nothing."""
