/** The package the page opens with: `zoo`, three modules that show inheritance, docstrings and comments. */
export const SAMPLE: readonly (readonly [string, string])[] = [
  [
    "zoo/__init__.py",
    `"""A small zoo: animals and the keepers who feed them."""
from .animals import Animal, Dog
from .keeper import Keeper, feed

__all__ = ["Animal", "Dog", "Keeper", "feed"]
`,
  ],
  [
    "zoo/animals.py",
    `"""Animals that make sounds."""


class Animal:
    """An animal with a name.

    Subclasses say what sound they make.
    """

    legs = 4

    def __init__(self, name: str, age: int = 0) -> None:
        self.name = name
        self.age = age

    def speak(self) -> str:
        """The animal's sound, with its name."""
        return f"{self.name} says {self.sound()}"

    def sound(self) -> str:
        """The sound alone."""
        raise NotImplementedError

    @property
    def is_young(self) -> bool:
        """Whether the animal is under two."""
        return self.age < 2


# A dog: its docstrings are inherited from Animal.
class Dog(Animal):
    def sound(self) -> str:
        return "woof"

    @classmethod
    def puppy(cls, name: str) -> "Dog":
        """A dog of age zero."""
        return cls(name, 0)
`,
  ],
  [
    "zoo/keeper.py",
    `"""Who feeds whom."""
from .animals import Animal


def feed(animal: Animal, *foods: str, times: int = 1, **notes) -> list:
    """Feed \`\`animal\`\` each of \`\`foods\`\`, \`\`times\`\` times."""
    return [food for food in foods for _ in range(times)]


class Keeper:
    """A keeper looks after animals."""

    def __init__(self, name: str, *animals: Animal) -> None:
        self.name = name
        self.animals = list(animals)
`,
  ],
];
