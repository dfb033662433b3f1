"""Compares .pyi stubs with the real objects: for each public function (module level, and the
methods of public classes; properties are not functions and are skipped) that a stub defines, the parameter names, kinds and default-presence of
the stub's def against inspect.signature of the imported object. Standard library only.

usage: python3 stub_signatures.py STUBDIR MODULE...   (prints one JSON document)
Objects rebound at import (see is_the_def) are set aside and counted.
Every .pyi under STUBDIR is also parsed with ast.parse; failures are listed under "parseErrors".
"""
import ast
import importlib
import inspect
import json
import os
import sys
import warnings

KINDS = {
    "posonly": "POSITIONAL_ONLY",
    "arg": "POSITIONAL_OR_KEYWORD",
    "vararg": "VAR_POSITIONAL",
    "kwonly": "KEYWORD_ONLY",
    "kwarg": "VAR_KEYWORD",
}


def stub_params(fn):
    a = fn.args
    out = []
    positional = [("posonly", p) for p in a.posonlyargs] + [("arg", p) for p in a.args]
    first_default = len(positional) - len(a.defaults)
    for i, (k, p) in enumerate(positional):
        out.append((p.arg, KINDS[k], i >= first_default))
    if a.vararg:
        out.append((a.vararg.arg, KINDS["vararg"], False))
    for p, d in zip(a.kwonlyargs, a.kw_defaults):
        out.append((p.arg, KINDS["kwonly"], d is not None))
    if a.kwarg:
        out.append((a.kwarg.arg, KINDS["kwarg"], False))
    return out


def runtime_params(obj):
    sig = inspect.signature(obj)
    return [(p.name, p.kind.name, p.default is not inspect.Parameter.empty) for p in sig.parameters.values()]


def is_the_def(obj, module, qual):
    """Whether the runtime object is the def the stub describes: after inspect.unwrap (and through a
    bound method or classmethod) a Python function with that __qualname__ whose code is in the module's
    file. Otherwise the name was rebound at import (a C implementation such as _heapq's, a typing
    special form, enum moving __new__ to _new_member_): set aside, counted as notTheDef."""
    fn = getattr(obj, "__func__", obj)
    try:
        fn = inspect.unwrap(fn)
    except ValueError:
        return False
    code = getattr(fn, "__code__", None)
    if code is None or getattr(fn, "__qualname__", None) != qual:
        return False
    return os.path.realpath(code.co_filename) == os.path.realpath(getattr(module, "__file__", "") or "")


def decorator_names(fn):
    names = []
    for d in fn.decorator_list:
        while isinstance(d, ast.Call):
            d = d.func
        names.append(d.attr if isinstance(d, ast.Attribute) else getattr(d, "id", ""))
    return names


def is_private(name):
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def main():
    stubdir, modules = sys.argv[1], sys.argv[2:]
    report = {"files": 0, "parseErrors": [], "compared": 0, "matched": 0, "overloaded": 0, "noRuntimeSignature": 0, "missingAtRuntime": 0, "notTheDef": 0, "importFailed": [], "setAside": [], "mismatches": []}
    trees = {}
    for root, _, files in os.walk(stubdir):
        for f in files:
            if f.endswith(".pyi"):
                path = os.path.join(root, f)
                report["files"] += 1
                try:
                    trees[os.path.relpath(path, stubdir)] = ast.parse(open(path, encoding="utf-8").read(), path)
                except SyntaxError as e:
                    report["parseErrors"].append({"file": os.path.relpath(path, stubdir), "line": e.lineno, "message": e.msg})
    warnings.simplefilter("ignore")
    for name in modules:
        rel = name.replace(".", "/")
        tree = trees.get(rel + ".pyi") or trees.get(rel + "/__init__.pyi")
        if tree is None:
            continue
        try:
            module = importlib.import_module(name)
        except Exception:  # an optional dependency missing, a platform-only module
            report["importFailed"].append(name)
            continue

        def compare(fn, owner, qual, bound_first):
            decorators = decorator_names(fn)
            if "property" in decorators or "cached_property" in decorators or any(d in ("setter", "getter", "deleter") for d in decorators):
                return  # a property is not a function: inspect.signature does not apply
            if "overload" in decorators:
                report["overloaded"] += 1
                return
            try:
                obj = getattr(owner, fn.name)
            except AttributeError:
                report["missingAtRuntime"] += 1
                return
            if not is_the_def(obj, module, qual):
                report["notTheDef"] += 1
                report["setAside"].append(f"{name}:{qual}")
                return
            try:
                runtime = runtime_params(obj)
            except (TypeError, ValueError):
                report["noRuntimeSignature"] += 1
                return
            stub = stub_params(fn)
            if bound_first or "classmethod" in decorators:
                stub = stub[1:]
            report["compared"] += 1
            if stub == runtime:
                report["matched"] += 1
            else:
                report["mismatches"].append({"object": f"{name}:{qual}", "stub": stub, "runtime": runtime})

        def walk(body, owner, prefix, in_class):
            for node in body:
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and not is_private(node.name):
                    if in_class and node.name in ("__init_subclass__", "__class_getitem__"):
                        compare(node, owner, prefix + node.name, True)
                    else:
                        compare(node, owner, prefix + node.name, False)
                elif isinstance(node, ast.ClassDef) and not is_private(node.name):
                    cls = getattr(owner, node.name, None)
                    if inspect.isclass(cls):
                        walk(node.body, cls, prefix + node.name + ".", True)

        walk(tree.body, module, "", False)
    json.dump(report, sys.stdout)


if __name__ == "__main__":
    main()
