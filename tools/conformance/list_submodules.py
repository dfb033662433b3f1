#!/usr/bin/env python3
"""Every importable submodule of the given top-level packages, one dotted name a line, sorted.

Usage::

    python3 tools/conformance/list_submodules.py [--timeout SECONDS] [--out FILE] PACKAGE [PACKAGE...]

The list goes to stdout, or atomically to FILE (written beside it, then renamed).

A candidate is every ``.py`` file under the package's folder (found with
``importlib.util.find_spec``, nothing imported to find it) whose dotted name is made of
identifiers, below folders that are packages or namespace portions; a single-file module is its
own only candidate.  ``__main__`` modules are left out: importing one runs the package's command
line.  Each package's candidates are then imported in one child process (``-c``, stdlib only);
a candidate whose import raises (a missing optional dependency, a platform-only module) is
dropped and named on stderr with the exception, so the list says exactly what the oracle can
record here.  A package that cannot be found is an error (exit 1) — the list must not shrink
silently.
"""

import importlib.util
import os
import subprocess
import sys

CHILD = r"""
import importlib, sys, json
ok, bad = [], []
for name in json.loads(sys.argv[1]):
    try:
        importlib.import_module(name)
        ok.append(name)
    except BaseException as e:  # noqa: BLE001 - SystemExit from a script-like module too
        bad.append([name, "%s: %s" % (type(e).__name__, str(e).splitlines()[0] if str(e) else "")])
sys.stdout.write(json.dumps([ok, bad]))
sys.stdout.flush()
import os
os._exit(0)
"""


def candidates(package):
    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None and not spec.submodule_search_locations:
        raise LookupError("package %s not found" % package)
    if not spec.submodule_search_locations:
        return [package]
    names = []
    for root in spec.submodule_search_locations:
        for folder, dirs, files in os.walk(root):
            rel = os.path.relpath(folder, root)
            parts = [] if rel == "." else rel.split(os.sep)
            if not all(p.isidentifier() for p in parts):
                dirs[:] = []
                continue
            dirs[:] = sorted(d for d in dirs if d.isidentifier() and d != "__pycache__")
            for f in sorted(files):
                stem, ext = os.path.splitext(f)
                if ext != ".py" or not stem.isidentifier() or stem == "__main__":
                    continue
                mod = [package] + parts + ([] if stem == "__init__" else [stem])
                names.append(".".join(mod))
    return sorted(set(names))


def main(argv):
    import json

    timeout, out_file = 300.0, None
    while argv[:1] in (["--timeout"], ["--out"]) and len(argv) > 1:
        if argv[0] == "--timeout":
            timeout = float(argv[1])
        else:
            out_file = argv[1]
        argv = argv[2:]
    if not argv:
        sys.stderr.write(__doc__)
        return 2
    out, status = [], 0
    for package in argv:
        try:
            names = candidates(package)
        except (LookupError, ImportError, ValueError) as e:
            sys.stderr.write("%s: %s\n" % (package, e))
            status = 1
            continue
        env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1", PYTHONHASHSEED="0")
        r = subprocess.run([sys.executable, "-c", CHILD, json.dumps(names)], stdin=subprocess.DEVNULL,
                           capture_output=True, text=True, timeout=timeout, env=env, cwd=os.sep)
        try:
            ok, bad = json.loads(r.stdout)
        except ValueError:
            sys.stderr.write("%s: the import child failed (status %s): %s\n" % (package, r.returncode, r.stderr.strip()[-500:]))
            status = 1
            continue
        for name, why in bad:
            sys.stderr.write("dropped %s (%s)\n" % (name, why))
        out.extend(ok)
    text = "".join(n + "\n" for n in sorted(out))
    if out_file is None:
        sys.stdout.write(text)
    elif status == 0:
        tmp = "%s.%d.tmp" % (out_file, os.getpid())
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, out_file)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
