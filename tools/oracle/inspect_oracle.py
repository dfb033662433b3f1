#!/usr/bin/env python3
"""Differential-testing oracle: what CPython's ``inspect`` says about a module.

Usage::

    python3 tools/oracle/inspect_oracle.py [--timeout SECONDS] [--jobs N] [--out FILE]
                                           [--path DIR]... MODULE [MODULE...]

``--path DIR`` (repeatable) prepends DIR to the child's sys.path; ``--jobs N``
(default: CPU count) runs that many children at once (output order and bytes do
not depend on it).

Prints one JSON document::

    {"python": "3.11.7", "platform": "linux", "modules": [<module record>, ...]}

Every module is imported in its own child process (this script re-invoked with
``--one MODULE --result FILE``).  The child writes its record to FILE, so
anything the imported module prints cannot corrupt the output.  A module that
fails to import, crashes the child or runs past the timeout is recorded as
``{"module": M, "error": "..."}`` and the run goes on.

Standard library only; runs on CPython 3.8-3.13.
"""

import ast
import dis
import functools
import inspect
import json
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import types

_ADDR_RE = re.compile(r" at 0x[0-9a-fA-F]+")
_ADDR_MASK = " at 0x\u2026"
_MAX_CLASS_DEPTH = 32

PREDICATES = (
    "ismodule", "isclass", "isfunction", "ismethod", "isroutine", "isbuiltin",
    "ismethoddescriptor", "isdatadescriptor", "isgeneratorfunction",
    "iscoroutinefunction", "isasyncgenfunction", "isabstract", "isgenerator",
    "iscoroutine",
)

_cached_property = getattr(functools, "cached_property", None)
_getattr_static = inspect.getattr_static
_type_dict = type.__dict__["__dict__"].__get__


# --------------------------------------------------------------------------
# small helpers


def mask(s):
    """Mask memory addresses (`` at 0x7f..`` -> `` at 0x…``)."""
    if isinstance(s, str):
        return _ADDR_RE.sub(_ADDR_MASK, s)
    return s


def fmt_exc(e):
    name = type(e).__name__
    try:
        msg = str(e)
    except BaseException:  # noqa: BLE001 - a broken __str__
        msg = "<unprintable %s>" % name
    return mask(name + ": " + msg if msg else name)


def fact(fn):
    """Run ``fn``; an exception becomes ``{"error": "Type: message"}``."""
    try:
        return fn()
    except KeyboardInterrupt:
        raise
    except BaseException as e:  # noqa: BLE001 - SystemExit from odd getattrs too
        return {"error": fmt_exc(e)}


def safe_repr(v):
    return mask(repr(v))


def fmt_ann(a):
    return mask(inspect.formatannotation(a))


def str_or_none(v):
    return v if isinstance(v, str) else None


def class_name(c):
    """``module.qualname`` of a class."""
    mod = getattr(c, "__module__", None)
    qn = getattr(c, "__qualname__", None)
    if not isinstance(qn, str):
        qn = getattr(c, "__name__", "?")
    if isinstance(mod, str):
        return "%s.%s" % (mod, qn)
    return str(qn)


def obj_id_of(v):
    """``module:qualname`` of an arbitrary object (for ``wrapped``)."""
    mod = str_or_none(getattr(v, "__module__", None))
    qn = str_or_none(getattr(v, "__qualname__", None))
    return "%s:%s" % (mod, qn)


def get_annotations(obj):
    ga = getattr(inspect, "get_annotations", None)
    if ga is not None:
        return ga(obj)
    # 3.8/3.9: the non-eval part of inspect.get_annotations (3.10)
    if isinstance(obj, type):
        d = _type_dict(obj)
        ann = d.get("__annotations__", None) if hasattr(d, "get") else None
        if isinstance(ann, types.GetSetDescriptorType):
            ann = None
    elif isinstance(obj, types.ModuleType):
        ann = getattr(obj, "__annotations__", None)
    elif callable(obj):
        ann = getattr(obj, "__annotations__", None)
    else:
        raise TypeError("%r is not a module, class, or callable." % (obj,))
    if ann is None:
        return {}
    if not isinstance(ann, dict):
        raise ValueError("%r.__annotations__ is neither a dict nor None" % (obj,))
    return dict(ann)


def _getmembers_static_fallback(obj):
    """Copy of inspect._getmembers(obj, None, getattr_static) from 3.11."""
    results = []
    processed = set()
    names = dir(obj)
    if inspect.isclass(obj):
        mro = (obj,) + inspect.getmro(obj)
        try:
            for base in obj.__bases__:
                for k, v in base.__dict__.items():
                    if isinstance(v, types.DynamicClassAttribute):
                        names.append(k)
        except AttributeError:
            pass
    else:
        mro = ()
    for key in names:
        try:
            value = _getattr_static(obj, key)
            if key in processed:
                raise AttributeError
        except AttributeError:
            for base in mro:
                if key in base.__dict__:
                    value = base.__dict__[key]
                    break
            else:
                continue
        results.append((key, value))
        processed.add(key)
    results.sort(key=lambda pair: pair[0])
    return results


def getmembers_static(obj):
    gms = getattr(inspect, "getmembers_static", None)
    if gms is not None:
        return gms(obj)
    return _getmembers_static_fallback(obj)


def same_file(a, b):
    if not isinstance(a, str) or not isinstance(b, str):
        return False
    if a == b:
        return True
    try:
        return os.path.normcase(os.path.abspath(a)) == os.path.normcase(os.path.abspath(b))
    except Exception:  # noqa: BLE001
        return False


_HEAPTYPE = 1 << 9  # Py_TPFLAGS_HEAPTYPE: every class made by a class statement has it


def is_static_type(c):
    """A C type with a static definition (e.g. ``collections.deque``)."""
    try:
        return not (type.__dict__["__flags__"].__get__(c) & _HEAPTYPE)
    except Exception:  # noqa: BLE001
        return False


def code_file(f):
    code = getattr(f, "__code__", None)
    if isinstance(code, types.CodeType):
        return code.co_filename
    return None


def unwrap_quiet(f):
    try:
        return inspect.unwrap(f)
    except Exception:  # noqa: BLE001
        return f


def underlying(v):
    """(kind-in-class, underlying function) for a class ``__dict__`` entry."""
    if isinstance(v, staticmethod):
        return "staticmethod", v.__func__
    if isinstance(v, classmethod):
        return "classmethod", v.__func__
    if isinstance(v, property):
        return "property", v.fget
    if _cached_property is not None and isinstance(v, _cached_property):
        return "cached_property", v.func
    if inspect.isfunction(v):
        return "method", v
    if inspect.isclass(v):
        return "class", v
    if hasattr(v, "__wrapped__") and not isinstance(v, type):
        # e.g. functools.lru_cache wrappers (C objects) around a def
        if inspect.isfunction(unwrap_quiet(v)):
            return "method", v
    return None, None


def code_in_file(f, file):
    """True if ``f``'s code (or the code it wraps) lives in ``file``."""
    if same_file(code_file(f), file):
        return True
    u = unwrap_quiet(f)
    return u is not f and same_file(code_file(u), file)


# --------------------------------------------------------------------------
# child: record one module


def signature_record(target):
    sig = inspect.signature(target)
    params = []
    for p in sig.parameters.values():
        params.append({
            "name": p.name,
            "kind": p.kind.name,
            "default": None if p.default is p.empty else fact(lambda p=p: safe_repr(p.default)),
            "annotation": None if p.annotation is p.empty else fact(lambda p=p: fmt_ann(p.annotation)),
        })
    ra = sig.return_annotation
    return {
        "text": mask(str(sig)),
        "parameters": params,
        "return_annotation": None if ra is sig.empty else fact(lambda: fmt_ann(ra)),
    }


def sourcelines_record(target):
    lines, lnum = inspect.getsourcelines(target)
    return {"lineno": lnum, "count": len(lines)}


def annotations_record(target):
    ann = get_annotations(target)
    return {str(k): fact(lambda v=v: fmt_ann(v)) for k, v in ann.items()}


def wrapped_record(target, func):
    for cand in (target, func):
        if cand is None:
            continue
        if hasattr(cand, "__wrapped__"):
            return obj_id_of(inspect.unwrap(cand))
    return None


def owner_of(cls, name):
    try:
        mro = list(inspect.getmro(cls))
    except Exception:  # noqa: BLE001
        mro = [cls]
    try:
        mro += list(inspect.getmro(type(cls)))
    except Exception:  # noqa: BLE001
        pass
    for k in mro:
        try:
            d = _type_dict(k)
        except Exception:  # noqa: BLE001
            d = getattr(k, "__dict__", {})
        try:
            if name in d:
                return class_name(k)
        except Exception:  # noqa: BLE001
            continue
    return None


def dict_entries_record(cls, file):
    out = []
    prefix = cls.__qualname__ + "."
    for name, v in _type_dict(cls).items():
        name = str(name)
        try:
            func = underlying(v)[1]
        except Exception:  # noqa: BLE001
            func = None
        qn = getattr(func, "__qualname__", None) if func is not None else None
        foreign = None
        if inspect.isfunction(func):
            cf = code_file(func)
            if not same_file(cf, file):
                foreign = cf
        out.append({
            "name": name,
            "type": type(v).__qualname__,
            "qualname_ok": isinstance(qn, str) and qn == prefix + name,
            "foreign_code": foreign,
        })
    out.sort(key=lambda e: e["name"])
    return out


ROUTINE_KINDS = ("function", "method", "staticmethod", "classmethod")


def code_flags_record(target):
    """Names of the set ``co_flags`` of the accessed object's code (``CO_GENERATOR``, ...), sorted; None
    when it has no code object of its own (a C wrapper such as an lru_cache)."""
    f = getattr(target, "__func__", target)
    code = getattr(f, "__code__", None)
    if not isinstance(code, types.CodeType):
        return None
    return sorted("CO_" + name for bit, name in dis.COMPILER_FLAG_NAMES.items() if code.co_flags & bit)


def object_record(oid, qualname, kind, target, func, file):
    """One object record.  ``func`` is the underlying function (or None)."""
    rec = {"id": oid, "qualname": qualname, "kind": kind, "error": None}

    def lineno_def():
        f = func
        if f is None:
            return None
        code = getattr(f, "__code__", None)
        if not isinstance(code, types.CodeType):
            code = getattr(unwrap_quiet(f), "__code__", None)
        return code.co_firstlineno if isinstance(code, types.CodeType) else None

    rec["lineno_def"] = fact(lineno_def)
    rec["target"] = type(target).__qualname__
    preds = {}
    for p in PREDICATES:
        preds[p] = fact(lambda p=p: bool(getattr(inspect, p)(target)))
    rec["predicates"] = preds

    is_prop = kind in ("property", "cached_property")
    if kind == "module" or is_prop or not callable(target):
        rec["signature"] = None
    else:
        rec["signature"] = fact(lambda: signature_record(target))
    rec["fget_signature"] = fact(lambda: signature_record(func)) if is_prop and func is not None else None

    rec["doc"] = fact(lambda: inspect.getdoc(target))
    rec["raw_doc"] = fact(lambda: str_or_none(getattr(target, "__doc__", None)))
    rec["comments"] = fact(lambda: inspect.getcomments(target))
    rec["sourcelines"] = fact(lambda: sourcelines_record(target))
    rec["sourcefile"] = fact(lambda: inspect.getsourcefile(target))

    if kind == "class":
        rec["bases"] = fact(lambda: [class_name(b) for b in target.__bases__])
        rec["mro"] = fact(lambda: [class_name(b) for b in inspect.getmro(target)])
        rec["metaclass"] = fact(lambda: class_name(type(target)))
        rec["members"] = fact(lambda: [
            {"name": n, "owner": owner_of(target, n)} for n, _ in getmembers_static(target)
        ])
        rec["dict_entries"] = fact(lambda: dict_entries_record(target, file))
    else:
        for k in ("bases", "mro", "metaclass", "members", "dict_entries"):
            rec[k] = None

    if kind in ("module", "class", "function", "method", "staticmethod", "classmethod"):
        rec["annotations"] = fact(lambda: annotations_record(target))
    else:
        rec["annotations"] = None
    rec["wrapped"] = fact(lambda: wrapped_record(target, func))
    rec["code_flags"] = fact(lambda: code_flags_record(target)) if kind in ROUTINE_KINDS else None
    rec["runtime_module"] = fact(lambda: str_or_none(getattr(target, "__module__", None)))
    return rec


# Function attributes that inspect's answers read (a factory that sets one changes what inspect says).
INSPECTED_FUNCTION_ATTRS = {"__doc__", "__qualname__", "__signature__", "__wrapped__", "__defaults__",
                            "__kwdefaults__", "__code__", "__annotations__", "__module__", "__text_signature__"}


class Recorder:
    def __init__(self, modname, module):
        self.modname = modname  # the name asked for (ids use it)
        self.module = module
        mdict = vars(module)  # not getattr: a module __getattr__ may raise anything
        self.rt_name = str_or_none(mdict.get("__name__")) or modname  # compare __module__ with it
        self.file = str_or_none(mdict.get("__file__"))
        self.objects = []
        self.seen_ids = set()
        self.seen_classes = set()
        self.bound_by_call = None  # computed on first use (see bound_by_expression)

    def bound_by_expression(self, qualname):
        """Whether the source binds ``qualname`` (``name`` or ``C.name``) by an assignment whose value is a
        lambda or a call, in the module body or a class body (``key = lambda item: ...``,
        ``assertEquals = _deprecate(assertEqual)``): the object the name holds is not a def's own."""
        if self.bound_by_call is None:
            found = set()
            try:
                with open(self.file, "rb") as f:
                    tree = ast.parse(f.read())
            except Exception:  # noqa: BLE001
                tree = None
            def walk(body, prefix):
                for st in body:
                    if isinstance(st, ast.ClassDef):
                        walk(st.body, prefix + st.name + ".")
                    elif isinstance(st, ast.Assign) and isinstance(st.value, (ast.Lambda, ast.Call)):
                        for t in st.targets:
                            if isinstance(t, ast.Name):
                                found.add(prefix + t.id)
            if tree is not None:
                walk(tree.body, "")
            self.bound_by_call = found
        return qualname in self.bound_by_call

    def made_by_expression(self, oid, qualname, kind, get_target, func):
        """Records a lambda bound to a name, or a function made from a def nested in a function (a call
        returned it), as the bundle does: the lambda under the name, the nested def's as an alias of it."""
        if not inspect.isfunction(func) or not code_in_file(func, self.file) or not self.bound_by_expression(qualname):
            return False
        rt = func.__qualname__
        if func.__name__ == "<lambda>" and rt.rpartition(".")[0] == qualname.rpartition(".")[0]:
            self.add(oid, qualname, kind, get_target, func)
            return True
        if ".<locals>." in rt and "<lambda>" not in rt and self.plain_factory(rt):
            self.add_alias(oid, qualname, kind, get_target, func, rt)
            return True
        return False

    def plain_factory(self, rt_qualname):
        """Whether the function whose nested def has ``__qualname__`` ``rt_qualname`` (``f.<locals>.g``) is a
        def of this module with one ``return`` (outside nested scopes) that stores none of the attributes
        inspect reads (``g.__doc__ = ...``) on what it returns: then which def the call gives, and its
        facets, follow from the source (the bundle's rule); otherwise the object is not recorded."""
        outer, _, inner = rt_qualname.rpartition(".<locals>.")
        if "<" in outer or "." in inner:
            return False
        node = self.def_node(outer)
        if node is None:
            return False
        returns, stores = [], set()
        def walk(n):
            for c in ast.iter_child_nodes(n):
                if isinstance(c, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
                    continue
                if isinstance(c, ast.Return):
                    returns.append(c)
                if isinstance(c, ast.Attribute) and isinstance(c.ctx, ast.Store) and isinstance(c.value, ast.Name) and c.value.id == inner:
                    stores.add(c.attr)
                walk(c)
        walk(node)
        return len(returns) == 1 and not (stores & INSPECTED_FUNCTION_ATTRS)

    def def_node(self, qualname):
        """The ``def`` statement of the module or class body with dotted ``qualname``, or None."""
        try:
            with open(self.file, "rb") as f:
                body = ast.parse(f.read()).body
        except Exception:  # noqa: BLE001
            return None
        parts = qualname.split(".")
        for i, part in enumerate(parts):
            kinds = (ast.FunctionDef, ast.AsyncFunctionDef) if i == len(parts) - 1 else (ast.ClassDef,)
            found = [st for st in body if isinstance(st, kinds) and st.name == part]
            if len(found) != 1:
                return None
            if i == len(parts) - 1:
                return found[0]
            body = found[0].body
        return None

    def add(self, oid, qualname, kind, get_target, func):
        if oid in self.seen_ids:
            return None
        self.seen_ids.add(oid)
        try:
            target = get_target()
            rec = object_record(oid, qualname, kind, target, func, self.file)
        except KeyboardInterrupt:
            raise
        except BaseException as e:  # noqa: BLE001
            rec = {"id": oid, "qualname": qualname, "kind": kind, "error": fmt_exc(e)}
            target = None
        self.objects.append(rec)
        return target

    def run(self):
        mod = self.module
        self.add(self.modname, None, "module", lambda: mod, None)
        for name, v in list(vars(mod).items()):
            try:
                self.module_level(name, v)
            except KeyboardInterrupt:
                raise
            except BaseException as e:  # noqa: BLE001
                oid = "%s:%s" % (self.modname, name)
                if oid not in self.seen_ids:
                    self.seen_ids.add(oid)
                    self.objects.append({"id": oid, "qualname": name, "kind": None, "error": fmt_exc(e)})
        self.objects.sort(key=lambda r: r["id"])
        return self.objects

    def by_qualname(self, qualname):
        """The object reached from the module by the dotted ``qualname`` (class ``__dict__`` entries), or None."""
        if not isinstance(qualname, str) or "<" in qualname:
            return None
        obj = self.module
        for i, part in enumerate(qualname.split(".")):
            d = vars(obj) if i == 0 else (_type_dict(obj) if inspect.isclass(obj) else None)
            if d is None or part not in d:
                return None
            obj = d[part]
        return obj

    def add_alias(self, oid, qualname, kind, get_target, func, original):
        """A name bound to an object of this module recorded under its own ``__qualname__`` (an alias)."""
        if oid in self.seen_ids:
            return
        count = len(self.objects)
        self.add(oid, qualname, kind, get_target, func)
        if len(self.objects) > count:
            self.objects[-1]["alias_of"] = "%s:%s" % (self.modname, original)

    def module_level(self, name, v):
        if not isinstance(name, str):
            return
        if getattr(v, "__module__", None) != self.rt_name:
            return
        oid = "%s:%s" % (self.modname, name)
        qualname = getattr(v, "__qualname__", None)
        if qualname != name:
            if self.made_by_expression(oid, name, "function", lambda: getattr(self.module, name), v):
                return
            # `camelCase = snake_case`, `Alias = C`: the object is this module's, under another name
            if self.by_qualname(qualname) is not v:
                return
            get = lambda: getattr(self.module, name)  # noqa: E731
            if inspect.isclass(v) and not is_static_type(v):
                self.add_alias(oid, name, "class", get, None, qualname)
            elif inspect.isfunction(v) and code_in_file(v, self.file):
                self.add_alias(oid, name, "function", get, v, qualname)
            return
        if inspect.isclass(v):
            if is_static_type(v):
                return  # a C type that claims this module (collections.deque): names only
            self.add_class(oid, name, lambda: getattr(self.module, name), 0)
        elif inspect.isfunction(v) or (hasattr(v, "__wrapped__") and inspect.isfunction(unwrap_quiet(v))):
            if code_in_file(v, self.file):
                self.add(oid, name, "function", lambda: getattr(self.module, name), v)

    def add_class(self, oid, qualname, get_target, depth):
        cls = self.add(oid, qualname, "class", get_target, None)
        if cls is None or not inspect.isclass(cls) or depth >= _MAX_CLASS_DEPTH:
            return
        if id(cls) in self.seen_classes:
            return
        self.seen_classes.add(id(cls))
        for name, v in list(_type_dict(cls).items()):
            if not isinstance(name, str):
                continue
            try:
                self.class_member(cls, qualname, name, v, depth)
            except KeyboardInterrupt:
                raise
            except BaseException as e:  # noqa: BLE001
                moid = "%s:%s.%s" % (self.modname, qualname, name)
                if moid not in self.seen_ids:
                    self.seen_ids.add(moid)
                    self.objects.append({"id": moid, "qualname": qualname + "." + name,
                                         "kind": None, "error": fmt_exc(e)})

    def class_member(self, cls, cls_qualname, name, v, depth):
        kind, func = underlying(v)
        if kind is None or func is None:
            return
        want = cls.__qualname__ + "." + name
        moid = "%s:%s" % (self.modname, want)
        get_target = lambda: getattr(cls, name)  # noqa: E731
        qualname = getattr(func, "__qualname__", None)
        if qualname != want:
            # `__radd__ = __add__`: the entry is this module's object recorded under its own qualname
            if getattr(func, "__module__", None) != self.rt_name:
                return
            if kind == "class":
                if not is_static_type(func) and self.by_qualname(qualname) is func:
                    self.add_alias(moid, want, "class", get_target, None, qualname)
                return
            if kind == "method" and func is v and self.made_by_expression(moid, want, kind, get_target, func):
                return
            if not code_in_file(func, self.file):
                return
            if self.by_qualname(qualname) is not v:
                return  # not the very object under another name (`property(fget)` builds a new one)
            self.add_alias(moid, want, kind, get_target, func, qualname)
            return
        if kind == "class":
            if getattr(func, "__module__", None) != self.rt_name or is_static_type(func):
                return
            self.add_class(moid, want, get_target, depth + 1)
            return
        if not code_in_file(func, self.file):
            return  # foreign code (dataclass/namedtuple generated): dict_entries only
        self.add(moid, want, kind, get_target, func)


def names_record(mod, rt_name, file):
    out = {}
    for name, v in list(vars(mod).items()):
        if not isinstance(name, str) or (name.startswith("__") and name.endswith("__")):
            continue
        out[name] = fact(lambda v=v: name_entry(v, rt_name, file))
    return out


def name_entry(v, rt_name, file):
    isclass = inspect.isclass(v)
    if inspect.ismodule(v):
        defined = False
    elif isclass or inspect.isroutine(v):
        defined = getattr(v, "__module__", None) == rt_name and not (isclass and is_static_type(v))
        if defined and not isclass and (inspect.isfunction(v) or hasattr(v, "__wrapped__")):
            defined = code_in_file(v, file)
    else:
        defined = True  # plain data bound here; its origin is not knowable
    builtin = inspect.isbuiltin(v) or (isclass and is_static_type(v))
    if not builtin and isclass:
        try:
            builtin = inspect.getsourcefile(v) is None
        except TypeError:
            builtin = True
        except Exception:  # noqa: BLE001
            builtin = False
    return {
        "type": type(v).__qualname__,
        "defined_here": bool(defined),
        "qualname": str_or_none(getattr(v, "__qualname__", None)),
        "module": str_or_none(getattr(v, "__module__", None)),
        "builtin": bool(builtin),
    }


def record_module(modname):
    import importlib

    try:
        mod = importlib.import_module(modname)
    except KeyboardInterrupt:
        raise
    except BaseException as e:  # noqa: BLE001 - SystemExit during import, too
        return {"module": modname, "error": fmt_exc(e)}
    rec = Recorder(modname, mod)
    objects = rec.run()
    mdict = vars(mod)
    try:
        all_ = mdict.get("__all__", None)
        all_ = None if all_ is None else [str(x) for x in all_]
    except Exception as e:  # noqa: BLE001
        all_ = {"error": fmt_exc(e)}
    return {
        "module": modname,
        "file": rec.file,
        "is_package": "__path__" in mdict,
        "error": None,
        "objects": objects,
        "names": names_record(mod, rec.rt_name, rec.file),
        "all": all_,
    }


def child_main(modname, result_path, extra_paths):
    here = os.path.dirname(os.path.abspath(__file__))
    sys.path[:] = [p for p in sys.path if not same_file(p or os.getcwd(), here)]
    for p in reversed(extra_paths):
        sys.path.insert(0, os.path.abspath(p))
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 3000))
    # keep our own handles: the imported module may rebind sys.stdout & co.
    dumps = json.dumps
    try:
        record = record_module(modname)
    except KeyboardInterrupt:
        raise
    except BaseException as e:  # noqa: BLE001
        record = {"module": modname, "error": "oracle failure: " + fmt_exc(e)}
    try:
        text = dumps(record, sort_keys=True, ensure_ascii=True, default=safe_repr)
    except BaseException as e:  # noqa: BLE001
        text = dumps({"module": modname, "error": "oracle failure: " + fmt_exc(e)})
    with open(result_path, "w", encoding="ascii") as f:
        f.write(text)
    f = None
    os._exit(0)  # skip atexit handlers / threads the module may have started


# --------------------------------------------------------------------------
# parent


def fmt_seconds(t):
    return str(int(t)) if float(t).is_integer() else repr(float(t))


def run_one(modname, timeout, extra_paths, workdir, index):
    result_path = os.path.join(workdir, "result-%d.json" % index)
    err_path = os.path.join(workdir, "stderr-%d.txt" % index)
    cmd = [sys.executable, os.path.abspath(__file__), "--one", modname, "--result", result_path]
    for p in extra_paths:
        cmd += ["--path", os.path.abspath(p)]
    env = dict(os.environ)
    env["PYTHONHASHSEED"] = "0"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    with open(err_path, "wb") as err:
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=err, cwd=workdir, env=env, start_new_session=True)
        try:
            rc = proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except OSError:
                proc.kill()
            proc.wait()
            return {"module": modname, "error": "timeout after %ss" % fmt_seconds(timeout)}
    try:
        with open(result_path, "r", encoding="ascii") as f:
            return json.load(f)
    except (OSError, ValueError):
        pass
    try:
        with open(err_path, "r", encoding="utf-8", errors="replace") as f:
            lines = [ln.strip() for ln in f.read().splitlines() if ln.strip()]
    except OSError:
        lines = []
    detail = (": " + lines[-1]) if lines else ""
    return {"module": modname, "error": mask("child exited with status %s%s" % (rc, detail))}


USAGE = ("usage: inspect_oracle.py [--timeout SECONDS] [--jobs N] [--out FILE] [--path DIR]... "
         "MODULE [MODULE...]")


def parse_args(argv):
    opts = {"timeout": 60.0, "jobs": os.cpu_count() or 1, "out": None, "paths": [], "one": None, "result": None, "modules": []}
    i = 0
    while i < len(argv):
        a = argv[i]
        if a in ("-h", "--help"):
            print(USAGE)
            sys.exit(0)
        if a in ("--timeout", "--jobs", "--out", "--path", "--one", "--result") or any(
                a.startswith(o + "=") for o in ("--timeout", "--jobs", "--out", "--path", "--one", "--result")):
            if "=" in a:
                key, val = a.split("=", 1)
            else:
                if i + 1 >= len(argv):
                    raise ValueError("%s needs a value" % a)
                key, val = a, argv[i + 1]
                i += 1
            if key == "--timeout":
                opts["timeout"] = float(val)
                if not opts["timeout"] > 0:
                    raise ValueError("--timeout must be positive")
            elif key == "--jobs":
                opts["jobs"] = int(val)
                if opts["jobs"] < 1:
                    raise ValueError("--jobs must be >= 1")
            elif key == "--path":
                opts["paths"].append(val)
            else:
                opts[key[2:]] = val
        elif a == "--":
            opts["modules"].extend(argv[i + 1:])
            break
        elif a.startswith("-"):
            raise ValueError("unknown option %s" % a)
        else:
            opts["modules"].append(a)
        i += 1
    return opts


def main(argv):
    try:
        opts = parse_args(argv)
        if opts["one"] is None and not opts["modules"]:
            raise ValueError("no module given")
        if opts["one"] is not None and not opts["result"]:
            raise ValueError("--one needs --result")
    except ValueError as e:
        sys.stderr.write("%s\n%s\n" % (e, USAGE))
        return 2
    if opts["one"] is not None:
        child_main(opts["one"], opts["result"], opts["paths"])
        return 0  # not reached

    workdir = tempfile.mkdtemp(prefix="inspect-oracle-")
    try:
        jobs = max(1, min(opts["jobs"], len(opts["modules"])))
        args = [(m, opts["timeout"], opts["paths"], workdir, i)
                for i, m in enumerate(opts["modules"])]
        if jobs == 1:
            records = [run_one(*a) for a in args]
        else:
            from concurrent.futures import ThreadPoolExecutor
            with ThreadPoolExecutor(max_workers=jobs) as pool:
                records = list(pool.map(lambda a: run_one(*a), args))  # keeps order
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    doc = {"python": platform.python_version(), "platform": sys.platform, "modules": records}
    text = json.dumps(doc, sort_keys=True, indent=None, ensure_ascii=False) + "\n"
    data = text.encode("utf-8", "backslashreplace")  # lone surrogates -> \udcXX escapes
    if opts["out"]:
        with open(opts["out"], "wb") as f:
            f.write(data)
    else:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
