import type { ClassDef } from "@static-inspect/parser";
import { Binder, type ScopeFrame } from "../bind/binder.ts";
import { getattr_static } from "../link/members.ts";
import type { SummaryExpression, SummaryParameter } from "../model/expressions.ts";
import { makeSignature, signature, type InspectParameter, type InspectSignature } from "../query/signature.ts";
import { evaluate, type Value } from "../query/repr.ts";
import type { DataclassField, DataclassInfo } from "../model/objects.ts";
import type { ClassPlugin, NamespaceBuilder } from "./plugin.ts";
import type { LinkContext } from "../link/context.ts";
import { getmro } from "../link/mro.ts";
import { annotationView } from "../query/annotations.ts";
import { defaultRepr, valueOf } from "../query/values.ts";
import { resolveExpression } from "../link/resolve.ts";

/** What `@dataclass` adds to and removes from the class namespace (CPython 3.11 `dataclasses._process_class`). */
function dataclassNamespace(cx: LinkContext, scope: string, dc: DataclassInfo, ns: NamespaceBuilder): void {
  const own = new Set(ns.names);
  const add = ns.add;
  for (const f of dc.fields) {
    // a `Field` without a default as the value (written or returned by a helper): no class attribute stays
    if (f.role !== "classvar" && (!f.keepsAttribute || helperFactory(cx, scope, f))) ns.remove(f.name);
  }
  add("__dataclass_params__");
  add("__dataclass_fields__");
  if (dc.init) add("__init__");
  if (dc.repr) add("__repr__");
  if (dc.eq) add("__eq__");
  if (dc.order) for (const n of ["__lt__", "__le__", "__gt__", "__ge__"]) add(n);
  if (dc.frozen) for (const n of ["__setattr__", "__delattr__"]) add(n);
  const explicitHash = own.has("__hash__");
  // _hash_action: (unsafe_hash, eq, frozen, has_explicit_hash) → add __hash__ (None or generated) or keep.
  if (!explicitHash && (dc.unsafe_hash || dc.eq)) add("__hash__");
  if (dc.match_args) add("__match_args__");
  if (dc.slotsRebuild) {
    add("__slots__");
    for (const f of dc.fields) if (f.role === "field") add(f.name);
    if (dc.slotsRebuild.setstate) for (const n of ["__getstate__", "__setstate__"]) if (!own.has(n)) add(n);
  }
}

/**
 * Decorators that rebuild a dataclass with `__slots__` as `dataclass(slots=True)` does, adding
 * `__getstate__`/`__setstate__` always and keeping the old class's `__weakref__` entry.
 */
const SLOTS_DECORATORS = new Set(["libcst._add_slots.add_slots"]);

/** How many program functions {@link fieldCallOf} follows through before giving up. */
const MAX_FIELD_HELPERS = 4;

/**
 * The `dataclasses.field(…)` call a field's value expression evaluates to when it calls a function
 * of the program that returns one (libcst's `SimpleWhitespace.field(" ")` is a classmethod whose
 * body is `return cast(T, dataclasses.field(default_factory=…))`; `typing.cast` returns its second
 * argument), with the module whose globals that call is read in; `null` otherwise. A value written as
 * `field(…)` itself is read at bind time ({@link dataclassInfo}).
 */
export function fieldCallOf(cx: LinkContext, scope: string, e: SummaryExpression | null, depth = 0): { call: SummaryExpression & { kind: "Call" }; scope: string } | null {
  if (e?.kind !== "Call" || depth > MAX_FIELD_HELPERS) return null;
  const r = resolveExpression(cx, scope, e.func);
  const id = r.kind === "object" || r.kind === "builtin" ? r.id : null;
  if (id === "dataclasses:field") return depth > 0 ? { call: e, scope } : null;
  if (id === "typing:cast" && e.args.length === 2 && e.args.every((a) => a.name === null && a.star === "")) return fieldCallOf(cx, scope, e.args[1]!.value, depth + 1);
  const fn = id && r.kind === "object" ? cx.object(id) : null;
  const value = fn?.function?.returnValue;
  return value && fn!.function!.wrapper === null ? fieldCallOf(cx, fn!.scope, value, depth + 1) : null;
}

/** Whether a field's value is a call of a program function that returns `field(default_factory=…)` (see {@link fieldCallOf}). */
function helperFactory(cx: LinkContext, scope: string, f: DataclassField): boolean {
  const made = f.hasFactory ? null : fieldCallOf(cx, scope, f.default);
  return !!made && made.call.args.some((a) => a.name === "default_factory");
}

/** The fields a dataclass's generated `__init__` takes, along the MRO (bases first), with their scope. */
function dataclassInitFields(cx: LinkContext, id: string): { field: DataclassField; scope: string; kwOnly: boolean }[] | null {
  const mro = getmro(cx, id);
  if (!mro) return null;
  const fields = new Map<string, { field: DataclassField; scope: string; kwOnly: boolean }>();
  for (const c of [...mro].reverse()) {
    const o = cx.builtins.objects[c] ? null : cx.object(c);
    const dc = o?.class?.dataclass;
    if (!o || !dc) continue;
    let afterMarker = false;
    for (const f of dc.fields) {
      if (f.role === "kw_only_marker") {
        afterMarker = true;
        continue;
      }
      if (f.role === "classvar") {
        fields.delete(f.name);
        continue;
      }
      const kwOnly = f.kw_only ?? (afterMarker || dc.kw_only);
      fields.set(f.name, { field: f, scope: o.scope, kwOnly });
    }
  }
  return [...fields.values()].filter((x) => x.field.init);
}

/** The signature of the `__init__` `@dataclass` generates for class `id` (with `self`, `-> None`). */
export function dataclassInitSignature(cx: LinkContext, id: string): InspectSignature | null {
  const fields = dataclassInitFields(cx, id);
  if (!fields) return null;
  // dataclasses show a factory default as `<factory>`; attrs as its `NOTHING` sentinel.
  const attrs = (cx.object(id)?.class?.dataclass?.flavor ?? "dataclass") === "attrs";
  const param = (x: (typeof fields)[number], kind: SummaryParameter["kind"]): InspectParameter => ({
    name: x.field.initName ?? x.field.name,
    kind,
    default: x.field.hasFactory || (!attrs && helperFactory(cx, x.scope, x.field))
      ? attrs
        ? { text: "NOTHING", rendered: "NOTHING" }
        : { text: "<factory>", rendered: "<factory>" }
      : x.field.default
        ? { text: x.field.default.text, rendered: defaultRepr(cx, x.scope, x.field.default) }
        : null,
    annotation: x.field.annotation ? annotationView(cx, x.scope, x.field.annotation) : null,
  });
  const params: InspectParameter[] = [{ name: "self", kind: "POSITIONAL_OR_KEYWORD", default: null, annotation: null }];
  for (const x of fields) if (!x.kwOnly) params.push(param(x, "POSITIONAL_OR_KEYWORD"));
  for (const x of fields) if (x.kwOnly) params.push(param(x, "KEYWORD_ONLY"));
  return makeSignature(params, { text: "None", rendered: "None", refs: [] });
}

/** Whether `@dataclass` generated the `__repr__` of class `id`. */
function generatesRepr(cx: LinkContext, id: string): boolean {
  const o = cx.builtins.objects[id] ? null : cx.object(id);
  const dc = o?.class?.dataclass;
  return !!dc && dc.flavor !== "attrs" && dc.repr && !o!.class!.namespace.includes("__repr__");
}

/**
 * `repr()` of `C(args…)` for a dataclass with generated `__init__` and `__repr__`:
 * `Qualname(field=repr, …)`, arguments bound as the generated `__init__` binds them.
 */
function dataclassInstance(cx: LinkContext, moduleName: string, call: SummaryExpression & { kind: "Call" }, cls: string, qualname: string): Value | null {
  const fields = dataclassInitFields(cx, cls);
  if (!fields || call.args.some((a) => a.star !== "")) return null;
  const values = new Map<string, Value | null>();
  const positional = call.args.filter((a) => a.name === null);
  const positionalFields = fields.filter((f) => !f.kwOnly);
  if (positional.length > positionalFields.length) return null;
  positional.forEach((a, i) => values.set(positionalFields[i]!.field.name, evaluate(a.value, (x) => valueOf(cx, moduleName, x, 1))));
  for (const a of call.args) if (a.name !== null) values.set(a.name, evaluate(a.value, (x) => valueOf(cx, moduleName, x, 1)));
  const parts: string[] = [];
  for (const f of fields) {
    if (f.field.role !== "field") continue;
    let v = values.has(f.field.name) ? values.get(f.field.name)! : null;
    if (!values.has(f.field.name)) {
      if (f.field.default) v = evaluate(f.field.default, (x) => valueOf(cx, f.scope, x, 1));
      else return null;
    }
    if (!v) return null;
    parts.push(`${f.field.name}=${v.repr}`);
  }
  return { type: "object", repr: `${qualname}(${parts.join(", ")})` };
}

/** Whether `@dataclass` generated the `__init__` of class `id` (it is not written in the body). */
function generatesInit(cx: LinkContext, id: string): boolean {
  const o = cx.builtins.objects[id] ? null : cx.object(id);
  const dc = o?.class?.dataclass;
  return !!dc && dc.init && !o!.class!.namespace.includes("__init__");
}

/** Whether `@dataclass` generated class `id`'s `__init__` and `__repr__` (so an instance's repr follows from the call). */
function reprFromCall(cx: LinkContext, id: string): string | null {
  const repr = getattr_static(cx, id, "__repr__");
  return repr && generatesRepr(cx, repr.owner) && getattr_static(cx, id, "__init__")?.owner === repr.owner && generatesInit(cx, repr.owner) ? repr.owner : null;
}

/**
 * `dataclasses` (and the `__init__` attrs generates, which has the same shape): the generated
 * namespace, `__init__` signature, `__doc__` and instance `repr` (CPython 3.11 `dataclasses._process_class`).
 */
export const dataclassesPlugin: ClassPlugin = {
  name: "dataclasses",
  bindClass: (b, def, body) => dataclassInfo(b, def, body),
  namespace(cx, cls, mro, ns) {
    const dc = cls.class?.dataclass;
    if (dc && dc.flavor !== "attrs") dataclassNamespace(cx, cls.scope, dc, ns);
    // libcst's add_slots copies the old class's `__weakref__` descriptor, which the old class had
    // unless a base already provided one.
    if (dc?.slotsRebuild?.keepsWeakref && !mro.slice(1).some((c) => getattr_static(cx, c, "__weakref__") !== null)) ns.add("__weakref__");
  },
  generatedInit(cx, classId) {
    return generatesInit(cx, classId) ? dataclassInitSignature(cx, classId) : undefined;
  },
  generatedDoc(cx, cls) {
    if (cls.kind !== "class" || cls.docstring !== null || !cls.class?.dataclass || cls.class.dataclass.flavor === "attrs") return undefined;
    // dataclasses sets __doc__ to the name and the signature (without `-> None`).
    const sig = signature(cx, cls.id);
    return sig ? cls.name + sig.text.replace(" -> None", "") : null;
  },
  instanceRepr(cx, moduleName, call, classId, qualname) {
    const owner = reprFromCall(cx, classId);
    return owner === null ? undefined : dataclassInstance(cx, moduleName, call, owner, qualname);
  },
};

/**
 * The keyword arguments of a decorator call by name, in order, a later one winning: `name=value`,
 * and the entries of `**NAME` where the module binds NAME to a dict display with string keys
 * (`SLOTS = {"slots": True}` under a `sys.version_info` branch the target decides, then
 * `@dataclass(frozen=True, **SLOTS)`). A `**` of anything else contributes nothing.
 */
export function callKeywords(b: Binder, call: SummaryExpression & { kind: "Call" }): Map<string, SummaryExpression> {
  const out = new Map<string, SummaryExpression>();
  for (const a of call.args) {
    if (a.name !== null) out.set(a.name, a.value);
    else if (a.star === "**" && a.value.kind === "Name") {
      const d = b.moduleFrame?.bindings[a.value.id]?.expression;
      if (d?.kind !== "Dict") continue;
      d.keys.forEach((k, i) => {
        if (k?.kind === "Constant" && k.type === "str" && k.value !== null) out.set(k.value, d.values[i]!);
      });
    }
  }
  return out;
}

/** Bind: the `@dataclass` parameters and body fields of a class, or `null` when it is not decorated so. */
export function dataclassInfo(b: Binder, def: ClassDef, inner: ScopeFrame): DataclassInfo | null {
  const dec = def.decorators.find((d) => b.canonical(d.expression) === "dataclasses.dataclass");
  if (!dec) return null;
  const keywords = dec.expression.kind === "Call" ? callKeywords(b, dec.expression) : new Map<string, SummaryExpression>();
  const flag = (name: string, fallback: boolean): boolean => {
    const v = keywords.get(name);
    return v?.kind === "Constant" && v.type === "bool" ? v.value === "True" : fallback;
  };
  const fields: DataclassField[] = [];
  for (const { name, annotation } of inner.annotations) {
    const ann = annotation.kind === "Constant" && annotation.type === "str" ? annotation.value ?? "" : b.canonical(annotation.kind === "Subscript" ? annotation.value : annotation);
    const head = typeof ann === "string" ? ann.replace(/\[.*$/s, "").trim() : "";
    const role: DataclassField["role"] =
      /^(typing\.)?ClassVar$/.test(head) ? "classvar" : /^(dataclasses\.)?InitVar$/.test(head) ? "initvar" : /^(dataclasses\.)?KW_ONLY$/.test(head) ? "kw_only_marker" : "field";
    const bound = inner.bindings[name];
    let value = bound?.expression ?? null;
    let hasFactory = false;
    let init = true;
    let kwOnly: boolean | null = null;
    let keepsAttribute = value !== null;
    if (value && value.kind === "Call" && b.canonical(value.func) === "dataclasses.field") {
      const call = value;
      const arg = (n: string) => call.args.find((x) => x.name === n)?.value ?? null;
      hasFactory = arg("default_factory") !== null;
      const i = arg("init");
      if (i?.kind === "Constant" && i.value === "False") init = false;
      const k = arg("kw_only");
      if (k?.kind === "Constant" && k.type === "bool") kwOnly = k.value === "True";
      value = arg("default");
      keepsAttribute = value !== null;
    }
    fields.push({ name, role, annotation, default: value, hasFactory, init, kw_only: kwOnly, keepsAttribute });
  }
  const frozen = flag("frozen", false);
  const slots = flag("slots", false);
  const rebuiltBy = def.decorators.some((d) => SLOTS_DECORATORS.has(b.canonical(d.expression)));
  const slotsRebuild = rebuiltBy ? { setstate: true, keepsWeakref: true } : slots ? { setstate: frozen } : null;
  return {
    ...(slotsRebuild ? { slotsRebuild } : {}),
    init: flag("init", true),
    repr: flag("repr", true),
    eq: flag("eq", true),
    order: flag("order", false),
    unsafe_hash: flag("unsafe_hash", false),
    frozen,
    match_args: flag("match_args", true),
    kw_only: flag("kw_only", false),
    slots,
    fields,
  };
}
