import type { ClassInfo, DataclassInfo, DefinedObject, FunctionInfo, ObjectKind } from "../model/objects.ts";
import type { When } from "../model/summary.ts";
import type { Binder, ScopeFrame } from "./binder.ts";
import { firstAnswer, plugins } from "../plugins/index.ts";
import { simpleEnumBase } from "../plugins/enum.ts";
import { definedObject } from "./defined-object.ts";
import { functionSourceIndex, getblockLength, getcomments } from "./sourcelines.ts";
import { TYPED_NAMEDTUPLE, namedtupleClass, synthesizeNamedTuple, type NamedTupleField } from "../plugins/namedtuple.ts";
import type { ClassDef, FunctionDef, Lambda, Span } from "@static-inspect/parser";
import { dict, mangle, typeParamNames } from "./names.ts";
/**
 * Binding `def` and `class` statements: kinds from decorators (property, staticmethod, …), qualnames,
 * docstrings, `getcomments`/`getsourcelines`, class bodies, and the objects they define.
 */
// Decorators and factories by canonical name (imports followed within the module; `builtins.` dropped).
const PROPERTY_DECORATORS = new Set(["property", "abc.abstractproperty", "types.DynamicClassAttribute", "enum.property"]);
const STATIC_DECORATORS = new Set(["staticmethod", "abc.abstractstaticmethod"]);
const CLASS_DECORATORS = new Set(["classmethod", "abc.abstractclassmethod"]);
const ABSTRACT_DECORATORS = new Set(["abc.abstractmethod", "abc.abstractproperty", "abc.abstractclassmethod", "abc.abstractstaticmethod"]);
const LRU_CACHE_DECORATORS = new Set(["functools.lru_cache", "functools.cache"]);
/** Decorators that return a new function made with `functools.wraps` (same signature, doc and source, not a generator). */
const WRAPS_DECORATORS = new Set(["contextlib.contextmanager", "contextlib.asynccontextmanager", "functools.singledispatch"]);
/** Decorators known to return the function itself (so its signature, doc and source stay the function's). */
const TRANSPARENT_DECORATORS = new Set(["types.coroutine", "typing.overload", "typing.final", "typing.no_type_check", "typing.override", "typing_extensions.override", "typing_extensions.final", "typing_extensions.overload", "atexit.register", "enum.unique"]);

/**
 * A `def`: its kind from the decorators (property, staticmethod, classmethod, cached_property, the
 * C wrappers lru_cache and bare static/classmethod, `functools.wraps` helpers), `@x.setter` merged into
 * its property, `@overload` variants collected, source lines and comments; its body bound as `<locals>`.
 */
export function functionDef(b: Binder, def: FunctionDef, frame: ScopeFrame): void {
  const decoratorTexts = def.decorators.map((d) => d.expression.text);
  const names = def.decorators.map((d) => b.canonical(d.expression));
  let kind = (frame.kind === "class" ? "method" : "function") as ObjectKind;
  const unknown: string[] = [];
  let abstract = false;
  let wrapper: FunctionInfo["wrapper"] = null;
  let accessorOf: string | null = null;
  let accessor: "setter" | "deleter" | "getter" | null = null;
  names.forEach((n, i) => {
    if (ABSTRACT_DECORATORS.has(n)) abstract = true;
    const outermost = i === 0;
    if (frame.kind === "class" && PROPERTY_DECORATORS.has(n)) {
      if (outermost) kind = "property";
    } else if (frame.kind === "class" && n === "functools.cached_property") {
      if (outermost) kind = "cached_property";
    } else if (frame.kind === "class" && STATIC_DECORATORS.has(n)) {
      if (outermost) kind = "staticmethod";
    } else if (frame.kind === "class" && CLASS_DECORATORS.has(n)) {
      if (outermost) kind = "classmethod";
    } else if (frame.kind === "class" && /^[A-Za-z_]\w*\.(setter|getter|deleter)$/.test(n)) {
      const [base, which] = n.split(".") as [string, "setter" | "getter" | "deleter"];
      const prop = b.objects.get(b.id(frame.prefix + base));
      if (prop?.kind === "property" && outermost) {
        accessorOf = base;
        accessor = which;
      } else unknown.push(n);
    } else if (LRU_CACHE_DECORATORS.has(n)) {
      if (outermost) wrapper = "lru_cache";
    } else if (WRAPS_DECORATORS.has(n)) {
      if (outermost) wrapper = "wraps";
    } else if (frame.kind !== "class" && (STATIC_DECORATORS.has(n) || CLASS_DECORATORS.has(n))) {
      if (outermost) wrapper = STATIC_DECORATORS.has(n) ? "staticmethod" : "classmethod";
    } else if (!ABSTRACT_DECORATORS.has(n) && !TRANSPARENT_DECORATORS.has(n)) {
      unknown.push(n);
    }
  });
  if (frame.kind === "class" && kind === "method" && wrapper === null) {
    // type.__new__ wraps these when they are plain functions.
    if (def.name === "__new__") kind = "staticmethod";
    else if (def.name === "__init_subclass__" || def.name === "__class_getitem__") kind = "classmethod";
  }
  const qualname = frame.prefix + def.name;
  const id = b.id(qualname);
  // `@typing.overload` variants are kept, in order, on the implementation that follows them.
  const isOverload = names.some((n) => n === "typing.overload" || n === "typing_extensions.overload");
  // `def call(__self)` in `class Klass` is compiled with the parameter `_Klass__self` (any scope inside a class body).
  const privateClass = frame.kind === "class" ? frame.className : frame.privateClass;
  const parameters = privateClass ? def.parameters.map((p) => ({ ...p, name: mangle(privateClass, p.name) })) : def.parameters;
  const variant = { parameters, returns: def.returns, line: def.span.line };
  const pending = b.overloads.get(id) ?? [];
  if (isOverload) b.overloads.set(id, [...pending, variant]);
  else b.overloads.delete(id);
  const info: FunctionInfo = {
    ...(def.typeParams ? { typeParams: typeParamNames(def.typeParams) } : {}),
    isAsync: def.isAsync,
    parameters,
    returns: def.returns,
    flags: def.flags,
    unknownDecorators: unknown,
    abstract,
    wrapper,
    ...(def.attributeAssignments.length ? { attributeAssignments: def.attributeAssignments } : {}),
    ...(def.returnValue ? { returnValue: def.returnValue } : {}),
    code: def.code,
    // types.coroutine returns a generator function itself, flagged CO_ITERABLE_COROUTINE.
    ...(names.includes("types.coroutine") && def.flags.yields && !def.isAsync ? { iterableCoroutine: true } : {}),
    ...(isOverload ? { overloads: [...pending, variant] } : pending.length ? { overloads: pending } : {}),
  };
  if (accessorOf !== null) {
    // `@x.setter def x(...)`: a copy of property x with the accessor replaced (property.setter,
    // .getter and .deleter return a new property). Bound to the def's own name, which is usually x.
    const prop = b.objects.get(b.id(frame.prefix + accessorOf))!;
    const acc = prop.function?.accessors ?? { fset: false, fdel: false };
    // A new getter gives the copy its facts (and docstring, when the doc came from the old getter).
    const fn = accessor === "getter" ? info : (prop.function ?? info);
    const copy: DefinedObject = {
      ...prop,
      ...(accessorOf === def.name
        ? { span: { line: prop.span.line, endLine: def.span.endLine } }
        : b.located(id, qualname, def.name, frame.owner, def.span, def.defSpan)),
      docstring: accessor === "getter" ? b.docstring(def.docstring) : prop.docstring,
      function: {
        ...fn,
        abstract: fn.abstract || abstract,
        accessors: { fset: acc.fset || accessor === "setter", fdel: acc.fdel || accessor === "deleter" },
      },
    };
    if (accessorOf === def.name) {
      b.objects.delete(id);
      b.objects.set(id, copy);
    } else b.define(copy);
    b.setBinding(frame, def.name, { kind: "definition", target: id, line: def.span.line });
    nested(b, def, qualname, id, privateClass);
    return;
  }
  const lnum = functionSourceIndex(b.lineTexts, def.span.line);
  const isProperty = kind === "property" || kind === "cached_property";
  b.define(definedObject(b.located(id, qualname, def.name, frame.owner, def.span, def.defSpan), {
    kind,
    docstring: b.docstring(def.docstring),
    decorators: decoratorTexts,
    // inspect.getcomments does not unwrap: a C wrapper has no source file (TypeError → None).
    comments: isProperty || wrapper ? null : getcomments(b.lineTexts, lnum),
    sourcelines: isProperty ? null : { lineno: lnum + 1, count: getblockLength(b.lineTexts, lnum) },
    function: isProperty ? { ...info, accessors: { fset: false, fdel: false } } : info,
    class: null,
    attribute: null,
  }));
  if (frame.kind !== "function") b.setBinding(frame, def.name, { kind: "definition", target: id, line: def.span.line });
  nested(b, def, qualname, id, privateClass);
}

/**
 * A name bound to a lambda at module or class level (`key = lambda item: item[0]`): the name holds a
 * plain function, so it is a `function` (a `method` in a class body) with the lambda's parameters,
 * no docstring, no decorators, and the source lines `inspect.getsourcelines` gives for a lambda (the
 * logical line(s) of the statement, found from `co_firstlineno`, the line of `lambda`). The object
 * keeps the bound name's id, name and qualname; at run time `__name__` is `<lambda>` and
 * `__qualname__` is the enclosing prefix plus `<lambda>` (`C.<lambda>`). Never throws.
 */
export function lambdaDef(b: Binder, name: string, value: Lambda, frame: ScopeFrame, span: Span): void {
  const qualname = frame.prefix + name;
  const id = b.id(qualname);
  const privateClass = frame.kind === "class" ? frame.className : frame.privateClass;
  const parameters = privateClass ? value.parameters.map((p) => ({ ...p, name: mangle(privateClass, p.name) })) : value.parameters;
  const lnum = functionSourceIndex(b.lineTexts, value.span.line);
  b.define(definedObject(b.located(id, qualname, name, frame.owner, { line: span.line, endLine: span.endLine }, span), {
    kind: frame.kind === "class" ? "method" : "function",
    docstring: null,
    decorators: [],
    comments: getcomments(b.lineTexts, lnum),
    sourcelines: { lineno: lnum + 1, count: getblockLength(b.lineTexts, lnum) },
    function: { isAsync: false, parameters, returns: null, flags: { yields: false, awaits: false }, unknownDecorators: [], abstract: false, wrapper: null, code: value.code ?? null },
    class: null,
    attribute: null,
  }));
}

/** Definitions inside a function body: `f.<locals>.g`; `privateClass` mangles private names there. */
export function nested(b: Binder, def: FunctionDef, qualname: string, id: string, privateClass?: string): void {
  const frame: ScopeFrame = { kind: "function", prefix: `${qualname}.<locals>.`, owner: id, bindings: dict(), namespace: [], annotations: [], slots: null, ...(privateClass ? { privateClass } : {}) };
  b.body(def.body, frame);
}

/**
 * A `class` statement: its body bound as the class namespace, bases and keywords, decorator facts from
 * the plugins (dataclass, attrs), `class X(NamedTuple)` completed, source lines and comments as
 * `inspect._ClassFinder` finds them (the first definition of a qualname).
 */
export function classDef(b: Binder, def: ClassDef, frame: ScopeFrame): void {
  const qualname = frame.prefix + def.name;
  const id = b.id(qualname);
  const firstLine = def.span.line - 1;
  if (!b.classFirstLine.has(qualname)) b.classFirstLine.set(qualname, firstLine);
  const lnum = b.classFirstLine.get(qualname)!;
  const inner: ScopeFrame = { kind: "class", className: def.name, prefix: `${qualname}.`, owner: id, bindings: dict(), namespace: ["__module__", ...b.rules.classBody.before], annotations: [], slots: null };
  // `__qualname__` is consumed by type.__new__; `__doc__` is always set.
  b.body(def.body, inner);
  for (const key of b.rules.classBody.after) if (!inner.namespace.includes(key)) inner.namespace.push(key);
  if (!inner.namespace.includes("__doc__")) inner.namespace.push("__doc__");
  // `@enum._simple_enum(IntEnum)` (3.11+) replaces the class with `type(name, (IntEnum,), body)`:
  // the decorator's argument is the only base (inspect._ParameterKind, ast._Precedence, re.RegexFlag).
  const simpleEnum = simpleEnumBase(b, def);
  const positionalBases = simpleEnum ? [simpleEnum] : def.bases.filter((a) => a.name === null && a.star === "").map((a) => a.value);
  // `class T(namedtuple("T", "a b"))`: the base is a class built right there.
  const baseIds = positionalBases.map((e) => (e.kind === "Call" ? namedtupleClass(b, e, frame, e.span, null) : null));
  const info: ClassInfo = {
    ...(def.typeParams ? { typeParams: typeParamNames(def.typeParams) } : {}),
    bases: positionalBases,
    ...(baseIds.some((b) => b !== null) ? { baseIds } : {}),
    keywords: def.bases.filter((a) => a.name !== null || a.star !== ""),
    namespace: inner.namespace,
    annotations: inner.annotations,
    slots: inner.slots,
    ...guardedKeys(inner),
  };
  b.classScopes[id] = inner.bindings;
  const dataclass = firstAnswer((p) => p.bindClass?.(b, def, inner) ?? undefined);
  if (dataclass) (info as { dataclass?: DataclassInfo }).dataclass = dataclass;
  const facts: Record<string, unknown> = dict();
  for (const p of plugins()) {
    const f = p.bindFacts?.(b, def, inner);
    if (f !== undefined) facts[p.name] = f;
  }
  if (Object.keys(facts).length) (info as { plugins?: Record<string, unknown> }).plugins = facts;
  // A class rebuilt with __slots__ of its fields (see DataclassInfo.slotsRebuild) has that layout.
  if (dataclass?.slotsRebuild && info.slots === null) {
    (info as { slots: string[] | null }).slots = dataclass.fields.filter((f) => f.role === "field").map((f) => f.name);
  }
  const namedTupleBase = info.bases.length === 1 && TYPED_NAMEDTUPLE.has(b.canonical(info.bases[0]!));
  // `__module__ = "pkg"` in the body (`__module__: str = "pkg"` too) replaces the `__module__`
  // type.__new__ would set from the globals' `__name__`: `repr(cls)`, `__mro__` and annotations name it.
  const moduleBinding = inner.bindings["__module__"];
  const moduleValue = moduleBinding?.expression?.kind === "Constant" && moduleBinding.expression.type === "str" && !moduleBinding.when ? moduleBinding.expression.value : null;
  const located = b.located(id, qualname, def.name, frame.owner, def.span, def.defSpan);
  const obj: DefinedObject = {
    ...located,
    ...(moduleValue ? { module: moduleValue } : {}),
    kind: "class",
    docstring: b.docstring(def.docstring),
    decorators: def.decorators.map((d) => d.expression.text),
    comments: getcomments(b.lineTexts, lnum),
    sourcelines: { lineno: lnum + 1, count: getblockLength(b.lineTexts, lnum) },
    function: null,
    class: info,
    attribute: null,
  };
  b.define(obj);
  if (namedTupleBase) {
    const fields: NamedTupleField[] = info.annotations.map((a) => ({ name: a.name, annotation: a.annotation, default: null }));
    for (const f of fields) {
      const b = inner.bindings[f.name];
      if (b?.expression) f.default = b.expression;
    }
    synthesizeNamedTuple(b, id, qualname, def.name, fields, frame.owner, def.span, obj, true);
  }
  if (frame.kind !== "function") b.setBinding(frame, def.name, { kind: "definition", target: id, line: def.span.line });
}

/** `ClassInfo.namespaceWhen` of a class body: the keys bound only under guard branches. */
function guardedKeys(frame: ScopeFrame): { namespaceWhen?: Record<string, readonly When[]> } {
  const out: Record<string, readonly When[]> = dict();
  for (const [key, whens] of frame.namespaceWhen ?? []) if (whens) out[key] = whens;
  return Object.keys(out).length ? { namespaceWhen: out } : {};
}

