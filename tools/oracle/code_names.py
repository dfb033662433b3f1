#!/usr/bin/env python3
"""Oracle for ``co_names`` and ``co_freevars``: compiles each file with this interpreter (nothing
is imported or run) and prints, per file, every function's code object (``def``s only: not
lambdas, comprehensions or class bodies) keyed ``"qualname@firstlineno"``::

    {"python": "3.11.7", "files": {PATH: {"f.<locals>.g@12": [co_names, co_freevars]} | {"error": MSG}}}

Usage: ``python3 tools/oracle/code_names.py FILE...``.  Standard library only.
"""

import json
import platform
import sys
import types

CO_OPTIMIZED = 0x1


def record(path):
    try:
        with open(path, "rb") as f:
            code = compile(f.read(), path, "exec", dont_inherit=True)
    except (SyntaxError, ValueError, OSError) as e:
        return {"error": "%s: %s" % (type(e).__name__, e)}
    out = {}

    def walk(c):
        for k in c.co_consts:
            if isinstance(k, types.CodeType):
                # A def's code is optimized (class bodies are not); lambdas and comprehensions are named <...>.
                if k.co_flags & CO_OPTIMIZED and not k.co_name.startswith("<"):
                    out.setdefault("%s@%d" % (k.co_qualname, k.co_firstlineno), [list(k.co_names), list(k.co_freevars)])
                walk(k)

    walk(code)
    return out


def main(argv):
    json.dump({"python": platform.python_version(), "files": {p: record(p) for p in argv}}, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
