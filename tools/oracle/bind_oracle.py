#!/usr/bin/env python3
"""Differential-testing oracle for ``Signature.bind``, ``getfullargspec``, ``getclasstree`` and ``getclosurevars``.

Usage::

    python3 tools/oracle/bind_oracle.py [--timeout SECONDS] [--out FILE] [--path DIR]... MODULE [MODULE...]

For every function, method and class of each module that ``inspect_oracle.py``
records (the same selection: its ``Recorder`` enumerates them), this script

* generates calls from ``inspect.signature(obj)``: the required arguments, all of
  them positionally, by keyword, too few, too many, an unexpected keyword, a value
  given twice, positional-only passed by keyword, keyword-only passed
  positionally, extras for ``*args``/``**kwargs``, and ``*`` unpacking of unknown
  length;
* binds each with ``bind`` and ``bind_partial`` and records the bound
  ``arguments``, ``args`` and ``kwargs``, the same three after ``apply_defaults()``
  (``defaults``, ``defaults_args``, ``defaults_kwargs``), or the exact
  ``TypeError`` message;
* records ``inspect.getfullargspec(obj)`` (or the error it raises);
* records ``inspect.getclosurevars(obj)`` of each function and method: the names of its four
  parts (or the error it raises);

and per module ``inspect.getclasstree`` of the recorded classes (sorted by id),
with ``unique`` false and true.  Prints one JSON document::

    {"python": "3.11.7", "modules": [{"module": M, "error": null, "objects": [...], "classtree": {...}}]}

Argument values are strings (``"p0"``, ``"k_name"``), so a bound value says which
argument it came from; a default put in place by ``apply_defaults`` is recorded
as ``["default", repr(value)]``, a ``*args`` tuple as ``["tuple", [...]]`` and a
``**kwargs`` dict as ``["dict", [[key, value], ...]]``.  A ``*`` unpacking of
unknown length is recorded by binding every length from 0 to one past the number
of parameters: ``{"mayBind": bool, "messages": [sorted distinct messages]}``;
a ``**`` unpacking of unknown keys (signatures of at most 5 parameters) by trying
every subset of the parameter names plus one other key: ``{"mayBind": bool,
"messages": null}``.

Each module is imported in a child process (this script with ``--one``), as
``inspect_oracle.py`` does.  Standard library only.
"""

import inspect
import json
import os
import platform
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import inspect_oracle  # noqa: E402  (the object selection and its helpers)

P = inspect.Parameter
KINDS = (P.POSITIONAL_ONLY, P.POSITIONAL_OR_KEYWORD, P.VAR_POSITIONAL, P.KEYWORD_ONLY, P.VAR_KEYWORD)


class Arg(str):
    """An argument value of a generated call: a default equal to a string is never taken for one."""


def value_record(v):
    return str(v) if isinstance(v, Arg) else inspect_oracle.safe_repr(v)


def arguments_record(arguments, sig, before=None):
    out = []
    for name, v in arguments.items():
        kind = sig.parameters[name].kind
        if before is not None and name not in before:
            if kind == P.VAR_POSITIONAL and v == ():
                out.append([name, ["tuple", []]])
            elif kind == P.VAR_KEYWORD and v == {}:
                out.append([name, ["dict", []]])
            else:
                out.append([name, ["default", inspect_oracle.safe_repr(v)]])
        elif kind == P.VAR_POSITIONAL:
            out.append([name, ["tuple", [value_record(x) for x in v]]])
        elif kind == P.VAR_KEYWORD:
            out.append([name, ["dict", [[k, value_record(x)] for k, x in v.items()]]])
        else:
            out.append([name, value_record(v)])
    return out


def plain_record(ba):
    """``BoundArguments.args`` and ``.kwargs`` (before ``apply_defaults``: every value is an argument)."""
    return [value_record(v) for v in ba.args], [[k, value_record(v)] for k, v in ba.kwargs.items()]


def bind_record(sig, args, kwargs, partial):
    args = [Arg(a) for a in args]
    kwargs = {k: Arg(v) for k, v in kwargs.items()}
    try:
        ba = sig.bind_partial(*args, **kwargs) if partial else sig.bind(*args, **kwargs)
    except TypeError as e:
        return {"error": str(e)}
    before = dict(ba.arguments)
    rec = {"arguments": arguments_record(ba.arguments, sig)}
    rec["args"], rec["kwargs"] = plain_record(ba)
    ba.apply_defaults()
    rec["defaults"] = arguments_record(ba.arguments, sig, before)
    rec["defaults_args"], rec["defaults_kwargs"] = [plain_value(v, before, ba, None) for v in ba.args], [
        [k, plain_value(v, before, ba, k)] for k, v in ba.kwargs.items()]
    return rec


def plain_value(v, before, ba, name):
    """A value of ``args``/``kwargs`` after ``apply_defaults``: an argument, a default, or an empty ``*args``."""
    if isinstance(v, Arg):
        return str(v)
    if isinstance(v, tuple) and name is not None and name in ba.signature.parameters and ba.signature.parameters[name].kind == P.VAR_POSITIONAL:
        return ["tuple", [value_record(x) for x in v]]
    return ["default", inspect_oracle.safe_repr(v)]


def generate_calls(sig):
    """(label, positional values, keyword pairs) for the calls worth binding against ``sig``."""
    params = list(sig.parameters.values())
    pos = [p for p in params if p.kind in (P.POSITIONAL_ONLY, P.POSITIONAL_OR_KEYWORD)]
    po = [p for p in pos if p.kind == P.POSITIONAL_ONLY]
    pk = [p for p in pos if p.kind == P.POSITIONAL_OR_KEYWORD]
    kwonly = [p for p in params if p.kind == P.KEYWORD_ONLY]
    varargs = [p for p in params if p.kind == P.VAR_POSITIONAL]
    varkw = [p for p in params if p.kind == P.VAR_KEYWORD]
    req_count = max([i + 1 for i, p in enumerate(pos) if p.default is P.empty] or [0])
    req_kw = [p for p in kwonly if p.default is P.empty]

    def pv(n):
        return ["p%d" % i for i in range(n)]

    def kv(ps):
        return [[p.name, "k_" + p.name] for p in ps]

    calls = [
        ("empty", [], []),
        ("required", pv(req_count), kv(req_kw)),
        ("all positional", pv(len(pos)), kv(kwonly)),
        ("by keyword", pv(len([p for p in po if p.default is P.empty])), kv(pk) + kv(kwonly)),
        ("too many", pv(len(pos) + 1), kv(req_kw)),
        ("unexpected keyword", pv(req_count), kv(req_kw) + [["zz_unexpected", "k_zz_unexpected"]]),
    ]
    if req_count:
        calls.append(("too few", pv(req_count - 1), kv(req_kw)))
    if req_kw:
        calls.append(("too few keywords", pv(req_count), kv(req_kw[:-1])))
    if pk:
        i = pos.index(pk[0])
        calls.append(("duplicate", pv(i + 1), [[pk[0].name, "k_" + pk[0].name]] + kv(req_kw)))
    if po:
        calls.append(("positional-only as keyword", [], kv(po) + kv(req_kw)))
        calls.append(("positional-only also as keyword", pv(len(po)), kv(po[:1]) + kv(req_kw)))
    if kwonly:
        calls.append(("keyword-only positionally", pv(len(pos) + len(kwonly)), []))
    if varargs:
        calls.append(("extra positional", pv(len(pos) + 2), kv(req_kw)))
        calls.append(("varargs name as keyword", pv(req_count), kv(req_kw) + [[varargs[0].name, "k_" + varargs[0].name]]))
    if varkw:
        calls.append(("extra keywords", pv(req_count), kv(req_kw) + [["zz_x", "k_zz_x"], ["zz_y", "k_zz_y"]]))
    seen = set()
    out = []
    for label, args, kwargs in calls:
        key = json.dumps([args, kwargs])
        if key in seen or len({k for k, _ in kwargs}) != len(kwargs):
            continue
        seen.add(key)
        out.append((label, args, kwargs))
    return out


def unpacked_record(sig, before, kwargs, partial):
    """``f(*before, *xs, **kwargs)`` for ``xs`` of every length that can make a difference."""
    may_bind = False
    messages = set()
    for extra in range(len(sig.parameters) + 2):
        args = list(before) + ["u%d" % i for i in range(extra)]
        try:
            if partial:
                sig.bind_partial(*args, **dict(kwargs))
            else:
                sig.bind(*args, **dict(kwargs))
            may_bind = True
        except TypeError as e:
            messages.add(str(e))
    return {"mayBind": may_bind, "messages": sorted(messages)}


def keys_unpacked_record(sig, before, star, partial):
    """``f(*before, [*xs,] **kw)`` for ``kw`` holding any subset of the parameter names and one
    other key, and ``xs`` of every length that can make a difference: whether any binds."""
    import itertools
    names = [p.name for p in sig.parameters.values()] + ["zz_other"]
    for extra in range(len(sig.parameters) + 2 if star else 1):
        for r in range(len(names) + 1):
            for keys in itertools.combinations(names, r):
                try:
                    (sig.bind_partial if partial else sig.bind)(*before, *["u"] * extra, **{k: "u" for k in keys})
                    return {"mayBind": True, "messages": None}
                except TypeError:
                    pass
    return {"mayBind": False, "messages": None}


def signature_shape(sig):
    return [[p.name, p.kind.name, p.default is not P.empty] for p in sig.parameters.values()]


def calls_record(target):
    sig = inspect.signature(target)
    calls = []
    for label, args, kwargs in generate_calls(sig):
        calls.append({
            "label": label,
            "args": args,
            "kwargs": kwargs,
            "bind": bind_record(sig, args, dict(kwargs), False),
            "bind_partial": bind_record(sig, args, dict(kwargs), True),
        })
    req_kw = [[p.name, "k_" + p.name] for p in sig.parameters.values() if p.kind == P.KEYWORD_ONLY and p.default is P.empty]
    for label, before in (("unpacked", []), ("one then unpacked", ["p0"])):
        calls.append({
            "label": label,
            "args": before,
            "star": True,
            "kwargs": req_kw,
            "bind": unpacked_record(sig, before, req_kw, False),
            "bind_partial": unpacked_record(sig, before, req_kw, True),
        })
    # ** of unknown keys: every key set is tried, so only small signatures
    n = len(sig.parameters)
    for label, before, star, limit in (("keys unpacked", [], False, 5), ("one then keys unpacked", ["p0"], False, 5), ("unpacked and keys unpacked", [], True, 4)):
        if n <= limit:
            calls.append({
                "label": label,
                "args": before,
                "kwargs": [],
                "star": star,
                "dstar": True,
                "bind": keys_unpacked_record(sig, before, star, False),
                "bind_partial": keys_unpacked_record(sig, before, star, True),
            })
    return {"parameters": signature_shape(sig), "calls": calls}


def fullargspec_record(target):
    try:
        spec = inspect.getfullargspec(target)
    except TypeError as e:
        return {"error": "TypeError: " + str(e)}
    fa = inspect_oracle.fmt_ann
    return {
        "args": list(spec.args),
        "varargs": spec.varargs,
        "varkw": spec.varkw,
        "defaults": None if spec.defaults is None else [inspect_oracle.safe_repr(d) for d in spec.defaults],
        "kwonlyargs": list(spec.kwonlyargs),
        "kwonlydefaults": None if spec.kwonlydefaults is None else [[k, inspect_oracle.safe_repr(v)] for k, v in spec.kwonlydefaults.items()],
        "annotations": [[k, inspect_oracle.fact(lambda v=v: fa(v))] for k, v in spec.annotations.items()],
    }


def closurevars_record(target):
    """``inspect.getclosurevars(obj)`` as names: nonlocals (``co_freevars`` order), globals and
    builtins (``co_names`` order), unbound (sorted); or the error it raises."""
    try:
        cv = inspect.getclosurevars(target)
    except (TypeError, ValueError) as e:
        return {"error": "%s: %s" % (type(e).__name__, e)}
    return {
        "nonlocals": list(cv.nonlocals),
        "globals": list(cv.globals),
        "builtins": list(cv.builtins),
        "unbound": sorted(cv.unbound),
    }


class ClassIds:
    """``module:qualname`` of classes; a second class with the same one (a ``namedtuple`` base named
    like its subclass) gets ``@1``, a third ``@2``: ids are then unique, as the objects are."""

    def __init__(self):
        self.seen = {}

    def __call__(self, c):
        base = "%s:%s" % (c.__module__, c.__qualname__)
        same = self.seen.setdefault(base, [])
        for i, x in enumerate(same):
            if x is c:
                return base if i == 0 else "%s@%d" % (base, i)
        same.append(c)
        return base if len(same) == 1 else "%s@%d" % (base, len(same) - 1)


def tree_record(tree, class_id):
    out = []
    for item in tree:
        if isinstance(item, list):
            out.append(tree_record(item, class_id))
        else:
            c, bases = item
            out.append({"class": class_id(c), "bases": [class_id(b) for b in bases]})
    return out


class Lister(inspect_oracle.Recorder):
    """``inspect_oracle.Recorder``'s selection of objects, without recording their facts."""

    def add(self, oid, qualname, kind, get_target, func):
        if oid in self.seen_ids:
            return None
        self.seen_ids.add(oid)
        try:
            target = get_target()
        except Exception:  # noqa: BLE001
            return None
        self.objects.append({"id": oid, "kind": kind, "target": target})
        return target


ROUTINES = ("function", "method", "staticmethod", "classmethod", "class")


def record_module(modname):
    import importlib

    try:
        mod = importlib.import_module(modname)
    except BaseException as e:  # noqa: BLE001
        return {"module": modname, "error": inspect_oracle.fmt_exc(e)}
    objects = []
    classes = []
    for o in Lister(modname, mod).run():
        if o["kind"] not in ROUTINES or "alias_of" in o:
            continue  # an alias is the same object as the one recorded under its own qualname
        target = o["target"]
        rec = {"id": o["id"], "kind": o["kind"]}
        rec["signature"] = inspect_oracle.fact(lambda: calls_record(target))
        rec["fullargspec"] = inspect_oracle.fact(lambda: fullargspec_record(target))
        if o["kind"] != "class":
            rec["closurevars"] = inspect_oracle.fact(lambda: closurevars_record(target))
        objects.append(rec)
        if o["kind"] == "class":
            classes.append((o["id"], target))
    classes.sort(key=lambda x: x[0])
    cls = [c for _, c in classes]
    class_id = ClassIds()
    for c in cls:
        class_id(c)
    classtree = {
        "classes": [i for i, _ in classes],
        "tree": inspect_oracle.fact(lambda: tree_record(inspect.getclasstree(list(cls)), class_id)),
        "unique": inspect_oracle.fact(lambda: tree_record(inspect.getclasstree(list(cls), True), class_id)),
        "bases": {i: [class_id(b) for b in c.__bases__] for i, c in classes},
    }
    file = inspect_oracle.str_or_none(vars(mod).get("__file__"))
    return {"module": modname, "file": file, "error": None, "objects": objects, "classtree": classtree}


def child_main(modname, result_path, extra_paths):
    here = os.path.dirname(os.path.abspath(__file__))
    sys.path[:] = [p for p in sys.path if not inspect_oracle.same_file(p or os.getcwd(), here)]
    for p in reversed(extra_paths):
        sys.path.insert(0, os.path.abspath(p))
    dumps = json.dumps
    try:
        record = record_module(modname)
    except BaseException as e:  # noqa: BLE001
        record = {"module": modname, "error": "oracle failure: " + inspect_oracle.fmt_exc(e)}
    try:
        text = dumps(record, sort_keys=True, ensure_ascii=True, default=inspect_oracle.safe_repr)
    except BaseException as e:  # noqa: BLE001
        text = dumps({"module": modname, "error": "oracle failure: " + inspect_oracle.fmt_exc(e)})
    with open(result_path, "w", encoding="ascii") as f:
        f.write(text)
    os._exit(0)


def run_one(modname, timeout, extra_paths, workdir, index):
    result = os.path.join(workdir, "bind-%d.json" % index)
    cmd = [sys.executable, os.path.abspath(__file__), "--one", modname, "--result", result]
    for p in extra_paths:
        cmd += ["--path", p]
    env = dict(os.environ, PYTHONHASHSEED="0", PYTHONDONTWRITEBYTECODE="1")
    try:
        proc = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              cwd=workdir, env=env, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"module": modname, "error": "timeout after %ss" % timeout}
    try:
        with open(result, encoding="ascii") as f:
            return json.load(f)
    except (OSError, ValueError):
        tail = proc.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
        return {"module": modname, "error": "child exited with status %s: %s" % (proc.returncode, tail[0])}


USAGE = "usage: bind_oracle.py [--timeout SECONDS] [--jobs N] [--out FILE] [--path DIR]... MODULE [MODULE...]"


def main(argv):
    opts = {"timeout": 60.0, "jobs": os.cpu_count() or 1, "out": None, "paths": [], "one": None, "result": None}
    modules = []
    it = iter(argv)
    for a in it:
        if a in ("-h", "--help"):
            print(USAGE)
            return 0
        if a in ("--timeout", "--jobs", "--out", "--path", "--one", "--result"):
            val = next(it, None)
            if val is None:
                sys.stderr.write("%s needs a value\n%s\n" % (a, USAGE))
                return 2
            if a == "--path":
                opts["paths"].append(os.path.abspath(val))
            elif a in ("--timeout", "--jobs"):
                try:
                    opts[a[2:]] = float(val) if a == "--timeout" else int(val)
                except ValueError:
                    sys.stderr.write("%s needs a number\n%s\n" % (a, USAGE))
                    return 2
            else:
                opts[a[2:]] = val
        elif a.startswith("-"):
            sys.stderr.write("unknown option %s\n%s\n" % (a, USAGE))
            return 2
        else:
            modules.append(a)
    if opts["one"] is not None:
        child_main(opts["one"], opts["result"], opts["paths"])
        return 0
    if not modules:
        sys.stderr.write("no module given\n%s\n" % USAGE)
        return 2
    workdir = tempfile.mkdtemp(prefix="bind-oracle-")
    try:
        from concurrent.futures import ThreadPoolExecutor
        with ThreadPoolExecutor(max_workers=max(1, min(opts["jobs"], len(modules)))) as pool:
            records = list(pool.map(lambda a: run_one(a[1], opts["timeout"], opts["paths"], workdir, a[0]), enumerate(modules)))
    finally:
        import shutil
        shutil.rmtree(workdir, ignore_errors=True)
    text = json.dumps({"python": platform.python_version(), "modules": records}, sort_keys=True, ensure_ascii=False) + "\n"
    data = text.encode("utf-8", "backslashreplace")
    if opts["out"]:
        tmp = opts["out"] + ".%d.tmp" % os.getpid()
        with open(tmp, "wb") as f:
            f.write(data)
        os.replace(tmp, opts["out"])
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
