import { Binder, type ScopeFrame } from "../bind/binder.ts";
import type { ClassDef } from "@static-inspect/parser";
import type { SummaryExpression } from "../model/expressions.ts";
import type { DataclassField } from "../model/objects.ts";
import type { DataclassInfo } from "../model/objects.ts";
import type { ClassPlugin, NamespaceBuilder } from "./plugin.ts";

/**
 * What attrs adds to a class namespace (approximately: the methods it generates and its metadata);
 * enough for `__init__` to be found where attrs put it.
 */
function attrsNamespace(dc: DataclassInfo, ns: NamespaceBuilder): void {
  const add = ns.add;
  add("__attrs_attrs__");
  if (dc.init) add("__init__");
  if (dc.repr) add("__repr__");
  if (dc.eq) for (const n of ["__eq__", "__ne__", "__hash__"]) add(n);
  if (dc.order) for (const n of ["__lt__", "__le__", "__gt__", "__ge__"]) add(n);
  if (dc.frozen) for (const n of ["__setattr__", "__delattr__"]) add(n);
  if (dc.match_args) add("__match_args__");
  if (dc.slots) for (const n of ["__slots__", "__getstate__", "__setstate__"]) add(n);
}

/** `attrs` (`@attr.s`, `@attrs.define`, …): the generated namespace; its `__init__` is the dataclass plugin's. */
export const attrsPlugin: ClassPlugin = {
  name: "attrs",
  bindClass: (b, def, body) => attrsInfo(b, def, body),
  namespace(_cx, cls, _mro, ns) {
    const dc = cls.class?.dataclass;
    if (dc?.flavor === "attrs") attrsNamespace(dc, ns);
  },
};

/**
 * attrs classes: `@attr.s` (fields are `x = attr.ib(...)`, or annotated names with
 * `auto_attribs=True`), `@attrs.define`/`mutable`/`frozen` (annotated names). `attr.ib`/`field`
 * arguments `default=`, `factory=` (or `default=Factory(...)`), `init=`, `kw_only=`, `alias=` are read.
 */
export function attrsInfo(b: Binder, def: ClassDef, inner: ScopeFrame): DataclassInfo | null {
  const DECORATORS = ["attr.s", "attr.attrs", "attr.define", "attr.mutable", "attr.frozen", "attrs.define", "attrs.mutable", "attrs.frozen"];
  const dec = def.decorators.find((d) => DECORATORS.includes(b.canonical(d.expression)));
  if (!dec) return null;
  const name = b.canonical(dec.expression);
  const kwarg = (n: string): SummaryExpression | null => (dec.expression.kind === "Call" ? dec.expression.args.find((a) => a.name === n)?.value ?? null : null);
  const flag = (n: string, fallback: boolean) => {
    const v = kwarg(n);
    return v?.kind === "Constant" && v.type === "bool" ? v.value === "True" : fallback;
  };
  const isField = (e: SummaryExpression | null | undefined): e is SummaryExpression & { kind: "Call" } =>
    e?.kind === "Call" && ["attr.ib", "attr.attrib", "attr.field", "attrs.field"].includes(b.canonical(e.func));
  const annotated = new Map(inner.annotations.map((a) => [a.name, a.annotation]));
  const modern = !name.endsWith(".s") && !name.endsWith(".attrs");
  const auto = flag("auto_attribs", modern && inner.annotations.length > 0);
  const names = auto
    ? inner.annotations.map((a) => a.name)
    : Object.keys(inner.bindings).filter((n) => isField(inner.bindings[n]?.expression));
  const fields: DataclassField[] = [];
  for (const fieldName of names) {
    const annotation = annotated.get(fieldName) ?? null;
    const head = annotation ? b.canonical(annotation.kind === "Subscript" ? annotation.value : annotation) : "";
    if (/^(typing\.)?ClassVar$/.test(head)) continue;
    let value = inner.bindings[fieldName]?.expression ?? null;
    let hasFactory = false;
    let init = true;
    let kwOnly: boolean | null = null;
    let alias: string | null = null;
    if (isField(value)) {
      const call = value;
      const arg = (n: string) => call.args.find((x) => x.name === n)?.value ?? null;
      value = arg("default");
      hasFactory = arg("factory") !== null;
      if (value?.kind === "Call" && ["attr.Factory", "attrs.Factory"].includes(b.canonical(value.func))) {
        hasFactory = true;
        value = null;
      }
      const i = arg("init");
      if (i?.kind === "Constant" && i.value === "False") init = false;
      const k = arg("kw_only");
      if (k?.kind === "Constant" && k.type === "bool") kwOnly = k.value === "True";
      const a = arg("alias");
      if (a?.kind === "Constant" && a.type === "str") alias = a.value;
    }
    const initName = alias ?? fieldName.replace(/^_+/, "");
    fields.push({ name: fieldName, role: "field", annotation, default: value, hasFactory, init, kw_only: kwOnly, keepsAttribute: value !== null, ...(initName !== fieldName ? { initName } : {}) });
  }
  return {
    flavor: "attrs",
    init: flag("init", true),
    repr: flag("repr", true),
    eq: flag("eq", true),
    order: flag("order", !modern),
    unsafe_hash: false,
    frozen: name.endsWith("frozen") || flag("frozen", false),
    match_args: flag("match_args", true),
    kw_only: flag("kw_only", false),
    slots: flag("slots", modern),
    fields,
  };
}
