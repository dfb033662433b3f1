#!/usr/bin/env python3
"""Record what parts of the standard library write into classes and modules, as JSON.

static-inspect reproduces, without running anything, what ``typing``, ``collections.namedtuple``,
``enum`` and ``abc`` put into the classes built on them, and what the import system puts into a
module.  Rather than keep those names by hand, this script asks a real interpreter, one file per
Python version:

    python3 tools/builtins/gen_stdlib.py --out packages/analyzer/data/stdlib/3.11.json

Standard library only; runs under CPython 3.8 - 3.13; deterministic (no addresses, no paths).  It
re-executes itself with ``-I`` (isolated mode) so the environment cannot change what it sees.

Recorded:
  * ``typingAliases``: typing's deprecated generic aliases of concrete classes (``List`` -> ``builtins:list``),
    by the alias's ``__origin__``;
  * ``namedtuple``: the ``__dict__`` keys ``collections.namedtuple`` generates before and after the
    field names, and what ``typing.NamedTuple`` (the call and the class statement) adds after them;
  * ``enumDir``: ``dir()`` of an Enum class with no members (``EnumType.__dir__``'s fixed names);
  * ``abcMeta``: the keys ``ABCMeta.__new__`` adds to a class ``__dict__``, and the ones it consumes;
  * ``moduleAttributes``: the dunder names every imported module (a package, with a file) has;
  * ``importSuffixes``: ``importlib.machinery``'s source, bytecode and extension suffixes (what
    ``inspect.getmodulename`` and ``getsourcefile`` test file names against; extension suffixes
    are those of the platform that ran this script).
"""

import argparse
import json
import os
import subprocess
import sys

GENERATED_BY = "tools/builtins/gen_stdlib.py"


def typing_aliases():
    import typing

    out = {}
    for name in sorted(dir(typing)):
        alias = getattr(typing, name)
        special = getattr(typing, "_SpecialGenericAlias", None)
        generic = getattr(typing, "_GenericAlias", None)
        origin = getattr(alias, "__origin__", None)
        if not isinstance(origin, type) or name.startswith("_"):
            continue
        if special is not None and isinstance(alias, special):
            pass
        elif generic is not None and type(alias).__name__ in ("_CallableType", "_TupleType") or (
            generic is not None and isinstance(alias, generic) and getattr(alias, "_special", False)
        ):
            pass  # 3.8: List & co. are _GenericAlias with _special = True
        else:
            continue
        out[name] = "%s:%s" % (origin.__module__, origin.__qualname__)
    return out


def keys_around(cls, fields):
    keys = list(cls.__dict__)
    first = keys.index(fields[0])
    return keys[:first], keys[first + len(fields):]


def namedtuple_facts():
    import collections
    import typing

    before, after = keys_around(collections.namedtuple("T", "a b"), ["a", "b"])
    _, typed_call = keys_around(typing.NamedTuple("T", [("a", int)]), ["a"])
    namespace = {}
    exec("class T(NamedTuple):\n    a: int\n", {"NamedTuple": typing.NamedTuple}, namespace)
    _, typed_class = keys_around(namespace["T"], ["a"])
    return {"before": before, "after": after, "typedCallAfter": typed_call, "typedClassAfter": typed_class}


def enum_dir():
    import enum

    class E(enum.Enum):
        pass

    return sorted(dir(E))


def abc_meta():
    import abc

    plain = list(type("P", (object,), {}).__dict__)
    given = {"__abc_tpflags__": 0}
    made = list(abc.ABCMeta("A", (object,), dict(given)).__dict__)
    return {"adds": [k for k in made if k not in plain and k not in given], "consumes": [k for k in given if k not in made]}


def module_attributes():
    import json as package  # a package of the stdlib, with a file: what import gives every module

    own = set(package.__all__) | {"__all__", "__version__", "__author__"}
    names = [k for k in vars(package) if k.startswith("__") and k.endswith("__") and k not in own]
    # ModuleType's own descriptor, readable on every module.
    names.append("__dict__")
    return sorted(set(names))


def import_suffixes():
    import importlib.machinery as m

    # inspect.getmodulename tries importlib.machinery.all_suffixes(); extension suffixes are the
    # generating platform's.
    return {"source": list(m.SOURCE_SUFFIXES), "bytecode": list(m.BYTECODE_SUFFIXES), "extension": list(m.EXTENSION_SUFFIXES)}


def main():
    if not sys.flags.isolated:
        os.execv(sys.executable, [sys.executable, "-I", *sys.argv])
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", help="write here instead of stdout")
    args = parser.parse_args()
    data = {
        "generatedBy": GENERATED_BY,
        "python": "%d.%d" % sys.version_info[:2],
        "typingAliases": typing_aliases(),
        "namedtuple": namedtuple_facts(),
        "enumDir": enum_dir(),
        "abcMeta": abc_meta(),
        "moduleAttributes": module_attributes(),
        "importSuffixes": import_suffixes(),
    }
    text = json.dumps(data, indent=1, sort_keys=True) + "\n"
    if args.out:
        with open(args.out, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
