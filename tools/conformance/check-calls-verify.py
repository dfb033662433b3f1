#!/usr/bin/env python3
"""Checks ``static-inspect check-calls --output-format json`` against CPython: for each reported
call, imports its module, evaluates the callee in the module's namespace, and binds the call's
shape (as many positional arguments, the same keyword names) with ``inspect.signature(obj).bind``.

Usage::

    static-inspect check-calls --output-format json PATHS > report.json
    python3 tools/conformance/check-calls-verify.py [--sample N] [--path DIR]... report.json

Each call is one of: ``confirmed`` (``TypeError`` with the reported message), ``other-message``
(``TypeError``, another message), ``binds`` (no error: a false report), ``unverifiable`` (the
module does not import here, the callee is not a module-level expression, or ``signature`` raises).
Prints one line per call that is not confirmed, then the counts as JSON; exits 1 when any call
``binds`` or has ``other-message``.  Each module is imported in a child process (a module that
runs code or hangs cannot stop the run).  Standard library only.
"""

import argparse
import inspect
import json
import subprocess
import sys


def verify_in_child(module, calls):
    import importlib

    try:
        mod = importlib.import_module(module)
    except BaseException as e:  # noqa: BLE001
        return [["unverifiable", "import %s: %s: %s" % (module, type(e).__name__, e)] for _ in calls]
    out = []
    for c in calls:
        try:
            obj = eval(c["callee"], vars(mod))  # noqa: S307 - the callee as written: a dotted name
            sig = inspect.signature(obj)
        except BaseException as e:  # noqa: BLE001
            out.append(["unverifiable", "%s: %s" % (type(e).__name__, e)])
            continue
        args = [object() for _ in range(c["call"]["positional"])]
        kwargs = {k: object() for k in c["call"]["keywords"]}
        try:
            sig.bind(*args, **kwargs)
        except TypeError as e:
            out.append(["confirmed" if str(e) == c["message"] else "other-message", str(e)])
            continue
        out.append(["binds", str(sig)])
    return out


def main(argv):
    if argv[:1] == ["--child"]:
        module = argv[1]
        calls = json.loads(sys.stdin.read())
        json.dump(verify_in_child(module, calls), sys.stdout)
        return 0
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("report")
    ap.add_argument("--sample", type=int, default=0, help="check only the first N calls (0: all)")
    ap.add_argument("--path", action="append", default=[], help="put DIR on sys.path first (repeatable)")
    ap.add_argument("--timeout", type=float, default=60.0)
    args = ap.parse_args(argv)
    with open(args.report, encoding="utf-8") as f:
        report = json.load(f)
    calls = report["diagnostics"]
    if args.sample:
        calls = calls[: args.sample]
    by_module = {}
    for c in calls:
        by_module.setdefault(c["module"], []).append(c)
    counts = {"checked": len(calls), "confirmed": 0, "other-message": 0, "binds": 0, "unverifiable": 0}
    env_path = ":".join(args.path)
    for module, group in by_module.items():
        cmd = [sys.executable, __file__, "--child", module]
        env = None
        if env_path:
            import os

            env = dict(os.environ, PYTHONPATH=env_path + (":" + os.environ["PYTHONPATH"] if os.environ.get("PYTHONPATH") else ""))
        try:
            r = subprocess.run(cmd, input=json.dumps(group), capture_output=True, text=True, timeout=args.timeout, env=env)
            results = json.loads(r.stdout) if r.returncode == 0 and r.stdout else [["unverifiable", "child failed: " + r.stderr.strip()[-200:]]] * len(group)
        except subprocess.TimeoutExpired:
            results = [["unverifiable", "timed out"]] * len(group)
        for c, (verdict, detail) in zip(group, results):
            counts[verdict] += 1
            if verdict != "confirmed":
                print("%s %s:%d:%d %s(): reported %r; %s" % (verdict, c["file"], c["line"], c["column"], c["callee"], c["message"], detail))
    print(json.dumps(counts))
    return 1 if counts["binds"] or counts["other-message"] else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
