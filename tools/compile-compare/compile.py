"""Helper of tools/compile-compare.ts: compile() each file named on stdin, one JSON line per file.

Reads newline-separated paths on stdin. For each file, prints {"ok": true} when
compile(source_bytes, path, "exec", dont_inherit=True) succeeds, else the exception's
type name, message and 1-based position (CPython's offsets: 1-based, counted in characters
of the line as CPython reports them). Warnings (invalid escape sequences...) are ignored:
they do not stop a module from compiling.
"""
import json
import sys
import warnings

warnings.simplefilter("ignore")
out = sys.stdout
for line in sys.stdin:
    path = line.rstrip("\n")
    if not path:
        continue
    try:
        with open(path, "rb") as f:
            src = f.read()
        compile(src, path, "exec", dont_inherit=True)
        rec = {"ok": True}
    except SyntaxError as e:
        rec = {"ok": False, "type": type(e).__name__, "msg": e.msg, "lineno": e.lineno, "offset": e.offset}
    except Exception as e:  # ValueError (NUL bytes), RecursionError, MemoryError, ...
        rec = {"ok": False, "type": type(e).__name__, "msg": str(e), "lineno": None, "offset": None}
    out.write(json.dumps(rec) + "\n")
out.flush()
