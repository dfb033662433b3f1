#!/usr/bin/env python3
"""Describe CPython's C-implemented classes and functions as JSON.

static-inspect reads Python source without running it.  Objects implemented in
C (``builtins``, ``_io``, ``_collections``, ``itertools``, ...) have no source,
so the analyzer describes them from the data file this script writes, one per
Python version:

    python3 tools/builtins/gen_builtins.py --out packages/analyzer/data/builtins/3.11.json

Standard library only; runs under CPython 3.8 - 3.13.  The output is
deterministic: keys are sorted, nothing depends on PYTHONHASHSEED, memory
addresses are masked as `` at 0x…`` and installation paths as ``<prefix>``.
The script re-executes itself with ``-I`` (isolated mode) so that environment
variables, the user site directory and the current directory cannot change
what it sees.

Which objects:
  * every class and function in ``builtins``, plus the C classes whose
    ``__module__`` is ``builtins`` that are reachable from ``types`` or only
    by walking ``object.__subclasses__()`` (``function``, ``dict_keys``, ...);
  * every stdlib module implemented in C (``sys.builtin_module_names`` and the
    stdlib extension modules) - their classes, functions and data;
  * the bases, MRO, metaclass and nested classes of every recorded class, and
    the C types of recorded data values.

Object ids are ``module:qualname`` from the object's own ``__module__`` and
``__qualname__``; an entry of a class ``__dict__`` is ``<class id>.<name>``.
"""

import argparse
import inspect
import json
import os
import re
import subprocess
import sys
import types

GENERATED_BY = "tools/builtins/gen_builtins.py"

HEAPTYPE = 1 << 9
BASETYPE = 1 << 10

# C modules never imported: test and example modules, experimental
# sub-interpreter modules.  (Pure-Python modules such as antigravity, this,
# idlelib or turtle are never candidates: only C modules are imported.)
SKIP_EXACT = {
    "__main__": "not a library module",
    "_ctypes_test": "test module",
    "xxsubtype": "example module",
    "xxlimited": "example module",
    "xxlimited_35": "example module",
    "_xxsubinterpreters": "experimental sub-interpreter module",
    "_xxinterpchannels": "experimental sub-interpreter module",
    "_xxinterpqueues": "experimental sub-interpreter module",
    "_interpreters": "experimental sub-interpreter module",
    "_interpchannels": "experimental sub-interpreter module",
    "_interpqueues": "experimental sub-interpreter module",
    "_xxtestfuzz": "test module",
}
SKIP_PREFIXES = (("_test", "test module"), ("_xx", "example/experimental module"))

ADDRESS_RE = re.compile(r" at 0x[0-9a-fA-F]+")

KIND_BY_TYPE = (
    (types.MethodDescriptorType, "method_descriptor"),
    (types.WrapperDescriptorType, "wrapper_descriptor"),
    (types.ClassMethodDescriptorType, "classmethod_descriptor"),
    (types.GetSetDescriptorType, "getset_descriptor"),
    (types.MemberDescriptorType, "member_descriptor"),
    (types.FunctionType, "function"),
)

SIMPLE_TYPES = (type(None), bool, int, float, complex, str, bytes)

# Module values that depend on how the interpreter was invoked: type only.
VOLATILE_VALUES = {("sys", "executable"), ("sys", "_base_executable")}


def _path_masks():
    masks = []
    for p in (sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix):
        if p and len(p) > 1:
            masks.append((os.path.normpath(p), "<prefix>"))
    home = os.path.expanduser("~")
    if home and home not in ("/", "~"):
        masks.append((home, "~"))
    # Longest first, so that a prefix inside the home directory wins.
    masks = sorted(set(masks), key=lambda m: (-len(m[0]), m[0]))
    return masks


PATH_MASKS = _path_masks()


def mask(text):
    text = ADDRESS_RE.sub(" at 0x\u2026", text)
    for path, repl in PATH_MASKS:
        text = text.replace(path, repl)
    return text


def safe_getattr(obj, name, default=None):
    try:
        return getattr(obj, name)
    except Exception:
        return default


def type_dict(cls):
    d = safe_getattr(cls, "__dict__")
    return d if d is not None else {}


def is_python_defined(cls):
    """Heuristic: was this class made by a ``class`` statement (or by Python
    code such as ``namedtuple``)?

    Static types are always C.  A heap type is Python-defined when its
    ``__dict__`` holds the 3.13+ ``__firstlineno__`` of class statements, or
    Python functions (plain, or wrapped in classmethod/staticmethod/property)
    whose ``__qualname__`` places them in this class's body.  Functions that
    Python code attached to a C class afterwards (``ast.py`` adds properties
    to ``_ast.Constant``) do not count, nor do C heap types without any
    Python code (exceptions made by ``PyErr_NewException``): those have no
    source either.
    """
    if not safe_getattr(cls, "__flags__", 0) & HEAPTYPE:
        return False
    d = type_dict(cls)
    if "__firstlineno__" in d:
        return True
    prefix = "%s." % safe_getattr(cls, "__qualname__", "")
    for v in list(d.values()):
        if isinstance(v, (classmethod, staticmethod)):
            funcs = [safe_getattr(v, "__func__")]
        elif isinstance(v, property):
            funcs = [safe_getattr(v, f) for f in ("fget", "fset", "fdel")]
        else:
            funcs = [v]
        for f in funcs:
            if isinstance(f, types.FunctionType):
                qual = safe_getattr(f, "__qualname__", "")
                if isinstance(qual, str) and qual.startswith(prefix):
                    return True
    return False


def class_id(cls):
    mod = safe_getattr(cls, "__module__")
    qual = safe_getattr(cls, "__qualname__")
    if not isinstance(mod, str):
        mod = "builtins"
    if not isinstance(qual, str):
        qual = safe_getattr(cls, "__name__", "?")
    return "%s:%s" % (mod, qual)


def routine_id(fn, fallback_module, fallback_name):
    mod = safe_getattr(fn, "__module__")
    if not isinstance(mod, str) or not mod:
        mod = fallback_module
    qual = safe_getattr(fn, "__qualname__")
    if not isinstance(qual, str) or not qual:
        qual = safe_getattr(fn, "__name__")
    if not isinstance(qual, str) or not qual:
        qual = fallback_name
    return "%s:%s" % (mod, qual)


def kind_of(v):
    if isinstance(v, type):
        return "class"
    t = type(v)
    for cls, kind in KIND_BY_TYPE:
        if t is cls:
            return kind
    if t is types.BuiltinFunctionType:
        self = safe_getattr(v, "__self__")
        if self is None or isinstance(self, types.ModuleType):
            return "builtin_function"
        return "builtin_method"
    if isinstance(v, staticmethod):
        return "staticmethod"
    if isinstance(v, classmethod):
        return "classmethod"
    if isinstance(v, property):
        return "property"
    return "data"


def get_doc(obj):
    try:
        doc = inspect.getdoc(obj)
    except Exception:
        return None
    return doc if isinstance(doc, str) else None


def get_signature(obj):
    try:
        return mask(str(inspect.signature(obj)))
    except Exception:
        return None


def get_text_signature(obj):
    ts = safe_getattr(obj, "__text_signature__")
    return ts if isinstance(ts, str) else None


def simple_repr(value):
    """repr() of literal-like values; None for anything else (its repr may
    depend on the machine, the environment or the hash seed)."""
    def ok(v, depth):
        if type(v) in SIMPLE_TYPES or v is Ellipsis or v is NotImplemented:
            return True
        if type(v) is tuple and depth < 3:
            return all(ok(x, depth + 1) for x in v)
        return False

    if not ok(value, 0):
        return None
    try:
        return mask(repr(value))
    except Exception:
        return None


class Collector:
    def __init__(self):
        self.objects = {}
        self.class_by_id = {}  # id -> class object (identity check)
        self.routine_by_id = {}  # id -> routine object
        self.pending = []
        self.collisions = {}

    # -- classes ---------------------------------------------------------
    def want_class(self, cls, force=False):
        """Queue ``cls`` when it is C-implemented (or ``force``); return its id."""
        cid = class_id(cls)
        known = self.class_by_id.get(cid)
        if known is cls:
            return cid
        if known is not None:
            self.collisions.setdefault(cid, "another class has the same module:qualname")
            return cid
        if not force and is_python_defined(cls):
            return cid
        self.class_by_id[cid] = cls
        self.pending.append(cls)
        return cid

    def drain(self):
        while self.pending:
            cls = self.pending.pop()
            self.record_class(cls)

    def record_class(self, cls):
        cid = class_id(cls)
        mro = list(safe_getattr(cls, "__mro__", ()) or ())
        meta = type(cls)
        # getmembers_static names are not stored: they are the union of "dict" along "mro" (the
        # analyzer derives them, with owners), which keeps each file near 2 MB.
        d = type_dict(cls)
        flags = safe_getattr(cls, "__flags__", 0)
        raw_doc = d.get("__doc__") if "__doc__" in d else safe_getattr(cls, "__doc__")
        try:
            isabstract = bool(inspect.isabstract(cls))
        except Exception:
            isabstract = False
        obj = {
            "kind": "class",
            "name": safe_getattr(cls, "__name__"),
            "qualname": safe_getattr(cls, "__qualname__"),
            "module": cid.split(":", 1)[0],
            "bases": [self.want_class(b) for b in safe_getattr(cls, "__bases__", ())],
            "mro": [self.want_class(c) for c in mro],
            "metaclass": self.want_class(meta),
            "doc": get_doc(cls),
            "raw_doc": raw_doc if isinstance(raw_doc, str) else None,
            "text_signature": get_text_signature(cls),
            "signature": get_signature(cls),
            "isabstract": isabstract,
            "flags": {"heaptype": bool(flags & HEAPTYPE), "basetype": bool(flags & BASETYPE)},
            "layout": {
                "itemsize": safe_getattr(cls, "__itemsize__", 0),
                "dictoffset": bool(safe_getattr(cls, "__dictoffset__", 0)),
                "weaklistoffset": bool(safe_getattr(cls, "__weakrefoffset__", 0)),
            },
            "dict": list(d.keys()),
        }
        self.objects[cid] = obj
        for name in list(d.keys()):
            self.record_entry(cls, cid, name, d[name])

    def owner_of(self, cls, mro, meta_mro, name, value):
        for group in (mro, meta_mro):
            for c in group:
                d = type_dict(c)
                if name in d and d[name] is value:
                    return self.want_class(c)
        for group in (mro, meta_mro):
            for c in group:
                if name in type_dict(c):
                    return self.want_class(c)
        return None

    def record_entry(self, owner, owner_id, name, value):
        eid = "%s.%s" % (owner_id, name)
        kind = kind_of(value)
        owner_qual = owner_id.split(":", 1)[1]
        if kind == "class":
            nested_id = self.want_class(value)
            if nested_id == eid:
                return
            # An alias of a class stored in a class body.
            self.objects[eid] = {
                "kind": "data", "name": name, "qualname": "%s.%s" % (owner_qual, name),
                "owner": owner_id, "type": self.want_class(type(value)), "value": None, "ref": nested_id,
            }
            return
        if kind == "data":
            rec = {
                "kind": "data", "name": name, "qualname": "%s.%s" % (owner_qual, name),
                "owner": owner_id, "type": self.want_class(type(value)),
                # A class's own __doc__ is already its "raw_doc".
                "value": None if name == "__doc__" else simple_repr(value),
            }
            self.objects[eid] = rec
            return
        accessed = value
        get = getattr(type(value), "__get__", None)
        if get is not None:
            try:
                accessed = get(value, None, owner)
            except Exception:
                accessed = value
        qual = safe_getattr(value, "__qualname__")
        if not isinstance(qual, str):
            qual = "%s.%s" % (owner_qual, name)
        self.objects[eid] = self.routine_record(kind, name, qual, owner_id, value, accessed)

    def routine_record(self, kind, name, qualname, owner_id, raw, accessed):
        return {
            "kind": kind,
            "name": name,
            "qualname": qualname,
            "owner": owner_id,
            "doc": get_doc(accessed),
            "text_signature": get_text_signature(accessed) if get_text_signature(raw) is None else get_text_signature(raw),
            "signature": get_signature(accessed),
            "isdatadescriptor": bool(inspect.isdatadescriptor(raw)),
            "ismethoddescriptor": bool(inspect.ismethoddescriptor(raw)),
        }

    # -- modules ---------------------------------------------------------
    def record_module(self, modname, mod):
        names = {}
        ns = dict(vars(mod))
        for name in sorted(ns):
            value = ns[name]
            if isinstance(value, type):
                names[name] = self.want_class(value)
            elif isinstance(value, types.ModuleType):
                names[name] = {"type": self.want_class(type(value)), "value": None,
                               "module": safe_getattr(value, "__name__")}
            elif type(value) is types.BuiltinFunctionType or kind_of(value) in (
                "method_descriptor", "wrapper_descriptor", "classmethod_descriptor"
            ):
                names[name] = self.record_module_routine(modname, name, value)
            else:
                rep = simple_repr(value)
                if name.endswith("_addr") and type(value) is int:
                    rep = None  # a C address (_ctypes._memmove_addr, ...): varies per run
                if (modname, name) in VOLATILE_VALUES:
                    rep = None
                if name == "__doc__" and isinstance(value, str):
                    rep = repr(value)  # module docs are text, never masked
                names[name] = {"type": self.want_class(type(value)), "value": rep}
        return {"names": names}

    def record_module_routine(self, modname, name, fn):
        rid = routine_id(fn, modname, name)
        known = self.routine_by_id.get(rid)
        if known is fn:
            return rid
        if known is not None or (rid in self.objects and rid not in self.routine_by_id):
            self.collisions.setdefault(rid, "another object has the same module:qualname")
            return rid
        self.routine_by_id[rid] = fn
        kind = kind_of(fn)
        self_obj = safe_getattr(fn, "__self__")
        owner = None
        if kind == "builtin_method" and isinstance(self_obj, type):
            owner = self.want_class(self_obj)
        rec = self.routine_record(kind, safe_getattr(fn, "__name__", name), rid.split(":", 1)[1], owner, fn, fn)
        rec["module"] = rid.split(":", 1)[0]
        self.objects[rid] = rec
        return rid


def stdlib_dirs():
    import sysconfig
    paths = sysconfig.get_paths()
    dirs = []
    for key in ("stdlib", "platstdlib"):
        p = paths.get(key)
        if p:
            dirs.append(os.path.normpath(p))
            dirs.append(os.path.join(os.path.normpath(p), "lib-dynload"))
    return sorted(set(dirs))


def candidate_modules():
    """Top-level stdlib module names to consider (C or not)."""
    names = set(sys.builtin_module_names)
    if hasattr(sys, "stdlib_module_names"):
        names |= set(sys.stdlib_module_names)
    else:
        import pkgutil
        dirs = [d for d in stdlib_dirs() if os.path.isdir(d)]
        for info in pkgutil.iter_modules(dirs):
            names.add(info.name)
    return sorted(names)


def classify(name, dirs):
    """Return (is_c, reason) for a top-level module name, without importing it."""
    import importlib.machinery
    import importlib.util
    if name in sys.builtin_module_names:
        return True, None
    try:
        spec = importlib.util.find_spec(name)
    except Exception as e:  # pragma: no cover
        return False, "find_spec failed: %s: %s" % (type(e).__name__, e)
    if spec is None:
        return False, "not available on this platform/build"
    origin = spec.origin or ""
    if not isinstance(spec.loader, importlib.machinery.ExtensionFileLoader):
        return False, None  # pure Python, frozen, or namespace package
    if not any(os.path.normpath(os.path.dirname(origin)) == d for d in dirs):
        return False, "extension module outside the stdlib: %s" % origin
    return True, None


def skip_reason(name):
    if name in SKIP_EXACT:
        return SKIP_EXACT[name]
    for prefix, reason in SKIP_PREFIXES:
        if name.startswith(prefix):
            return reason
    return None


def generate():
    dirs = stdlib_dirs()
    col = Collector()
    modules = {}
    skipped = {}
    c_modules = []
    for name in candidate_modules():
        is_c, reason = classify(name, dirs)
        if not is_c:
            # Only C modules that are unavailable are worth listing.
            if reason is not None:
                skipped[name] = reason
            continue
        why = skip_reason(name)
        if why is not None:
            skipped[name] = why
            continue
        c_modules.append(name)

    imported = []
    import warnings
    for name in c_modules:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # DeprecationWarning of audioop, nis, ...
                __import__(name)
            mod = sys.modules[name]
        except Exception as e:  # ImportError, or anything odd at import time
            skipped[name] = mask("import failed: %s: %s" % (type(e).__name__, e))
            continue
        imported.append((name, mod))

    # Record modules only after every import: some C modules add to others.
    for name, mod in imported:
        modules[name] = col.record_module(name, mod)
    col.drain()

    # C classes of `types` (function, code, frame, generator, module, ...).
    for value in sorted((v for v in vars(types).values() if isinstance(v, type)), key=class_id):
        if not value.__flags__ & HEAPTYPE:
            col.want_class(value)
    # Static builtins-module types reachable only through instances
    # (dict_keys, list_iterator, method-wrapper, ...).
    seen = set()
    stack = [object]
    while stack:
        cls = stack.pop()
        if id(cls) in seen:
            continue
        seen.add(id(cls))
        try:
            subs = type.__subclasses__(cls)
        except Exception:
            subs = []
        stack.extend(subs)
        if not cls.__flags__ & HEAPTYPE and safe_getattr(cls, "__module__") == "builtins":
            col.want_class(cls)
    col.drain()

    return {
        "python": "%d.%d.%d" % sys.version_info[:3],
        "generatedBy": GENERATED_BY,
        "modules": modules,
        "objects": col.objects,
        "skipped": skipped,
        "collisions": col.collisions,
    }


def dump_line(value):
    try:
        text = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return json.dumps(value, sort_keys=True, ensure_ascii=True, separators=(",", ":"))


def render(data):
    """Sorted-key JSON with one module / object per line (diff-friendly).

    The analyzer relies on this layout to read the file lazily (parseBuiltins in
    packages/analyzer/src/data/builtins.ts: a binary search over the sorted lines
    of "modules" and "objects"); a file without it is parsed whole, more slowly.
    """
    out = ["{"]
    keys = sorted(data)
    for i, key in enumerate(keys):
        value = data[key]
        sep = "," if i < len(keys) - 1 else ""
        if key in ("modules", "objects") and value:
            out.append("%s:{" % json.dumps(key))
            inner = sorted(value)
            for j, k in enumerate(inner):
                isep = "," if j < len(inner) - 1 else ""
                out.append("%s:%s%s" % (dump_line(k), dump_line(value[k]), isep))
            out.append("}" + sep)
        else:
            out.append("%s:%s%s" % (json.dumps(key), dump_line(value), sep))
    out.append("}")
    return "\n".join(out) + "\n"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", required=True, help="output JSON file, e.g. packages/analyzer/data/builtins/3.11.json")
    args = parser.parse_args(argv)

    if not sys.flags.isolated:
        # -I: ignore PYTHON* variables, the user site and the current directory.
        cmd = [sys.executable, "-I", os.path.abspath(__file__)] + (argv if argv is not None else sys.argv[1:])
        return subprocess.call(cmd)

    data = generate()
    text = render(data)
    out = os.path.abspath(args.out)
    os.makedirs(os.path.dirname(out), exist_ok=True)
    tmp = out + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    os.replace(tmp, out)
    nclasses = sum(1 for o in data["objects"].values() if o["kind"] == "class")
    sys.stderr.write("%s: %d modules, %d classes, %d other objects, %d skipped, %d bytes\n" % (
        args.out, len(data["modules"]), nclasses, len(data["objects"]) - nclasses,
        len(data["skipped"]), len(text.encode("utf-8"))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
