import type { SummaryExpression } from "../model/expressions.ts";
import type { DefinedObject } from "../model/objects.ts";
import type { ClassPlugin, NamespaceBuilder } from "./plugin.ts";
import type { LinkContext } from "../link/context.ts";
import { classView, resolvesToGenericSubclass } from "../link/classes.ts";
import { namespace, ownerIn } from "../link/namespace.ts";
import { resolveExpression } from "../link/resolve.ts";
import { qualnameIn } from "../ids.ts";
import { stdlibFacts } from "../data/stdlib.ts";
import { versionRules } from "../versions/rules.ts";

/**
 * What `typing` writes into subclasses (CPython 3.11): `Generic.__init_subclass__` sets
 * `__parameters__`; a subscripted or aliased base makes `type()` store `__orig_bases__`;
 * `Protocol.__init_subclass__` sets `_is_protocol`, `__subclasshook__`, and for protocols an `__init__`
 * (`_no_init_or_replace_init`); `@runtime_checkable` sets `_is_runtime_protocol`; and from 3.12 what
 * `_ProtocolMeta.__init__` and `@runtime_checkable` add (`VersionRules.protocol`).
 */
function typingNamespace(cx: LinkContext, o: DefinedObject, mro: readonly string[], ns: NamespaceBuilder): void {
  const id = o.id;
  const add = ns.add;
  const info = o.class!;
  const aliased = info.bases.some((b) => {
    if (b.kind === "Subscript") return true;
    const r = b.kind === "Name" || b.kind === "Attribute" ? resolveExpression(cx, o.scope, b) : null;
    const name = r?.kind === "object" ? qualnameIn(r.id, "typing") : null;
    return name !== null && Object.hasOwn(stdlibFacts(cx.target.python).typingAliases, name);
  });
  if (aliased || info.bases.some((b) => b.kind === "Call" && isTypingNamedTupleCall(cx, o, b))) add("__orig_bases__");
  if (id !== "typing:Generic" && mro.includes("typing:Generic")) add("__parameters__");
  const rules = versionRules(cx.target.python).protocol;
  const runtimeCheckable = o.decorators.some((d) => /(^|\.)runtime_checkable$/.test(d));
  if (id === "typing:Protocol") for (const n of rules.meta) add(n);
  if (id !== "typing:Protocol" && mro.includes("typing:Protocol")) {
    const own = info.namespace;
    const isProtocol = (classView(cx, id)?.bases ?? []).includes("typing:Protocol") || own.includes("_is_protocol");
    if (isProtocol) {
      if (rules.annotations && id !== "typing:Generic") add("__annotations__");
      for (const n of rules.meta) add(n);
      if (runtimeCheckable) for (const n of rules.runtimeCheckable) add(n);
    }
    add("_is_protocol");
    if (!own.includes("__subclasshook__")) add("__subclasshook__");
    // `cls.__init__ is Protocol.__init__`: not written here, and Protocol is the first base that has one.
    const initOwner = own.includes("__init__") ? id : mro.slice(1).find((c) => (namespace(cx, c) ?? []).includes("__init__"));
    if (isProtocol && initOwner === ownerIn(cx, "typing:Protocol", "__init__")) {
      add("__init__");
      ns.alias("__init__", "typing:_no_init_or_replace_init");
    }
    if (runtimeCheckable) add("_is_runtime_protocol");
  }
}

function isTypingNamedTupleCall(cx: LinkContext, o: DefinedObject, e: SummaryExpression): boolean {
  if (e.kind !== "Call" || (e.func.kind !== "Name" && e.func.kind !== "Attribute")) return false;
  const r = resolveExpression(cx, o.scope, e.func);
  return r.kind === "object" && r.id === "typing:NamedTuple";
}

/** The `TypedDict`s whose classes `_TypedDictMeta` makes with bases `(dict,)`. */
const TYPED_DICT = new Set(["typing:TypedDict", "typing_extensions:TypedDict"]);

/** How many classes deep {@link isTypedDictClass} follows written bases. */
const MAX_TYPED_DICT_DEPTH = 20;

/**
 * Whether class `id` is a TypedDict: a class statement one of whose written bases is `TypedDict` or,
 * recursively, such a class (`class Child(Parent, total=False)`).
 */
function isTypedDictClass(cx: LinkContext, id: string, depth: number): boolean {
  if (depth > MAX_TYPED_DICT_DEPTH) return false;
  const o = cx.object(id);
  if (o?.kind !== "class" || !o.class) return false;
  return o.class.bases.some((b) => {
    const r = resolveExpression(cx, o.scope, b.kind === "Subscript" ? b.value : b, 0, cx.runLine(o));
    return r.kind === "object" && (TYPED_DICT.has(r.id) || isTypedDictClass(cx, r.id, depth + 1));
  });
}

/**
 * `__mro_entries__` of typing's objects (CPython 3.11): `NamedTuple` gives `tuple`, `TypedDict`
 * `dict` (and a TypedDict class as a base `dict` as well: its metaclass makes the bases `(dict,)`); a deprecated alias (`List`, subscripted or not) its origin, plus `Generic` unless a later
 * base is generic already; `Generic[...]` itself, unless a later base is subscripted or a `Protocol`.
 */
function typingMroEntries(cx: LinkContext, cls: DefinedObject, id: string, subscripted: boolean, later: readonly SummaryExpression[]): readonly string[] | undefined {
  if (id === "typing:NamedTuple") return ["builtins:tuple"];
  if (TYPED_DICT.has(id)) return ["builtins:dict"];
  // A TypedDict's subclass is made by the same metaclass, which sets its bases to (dict,) again.
  if (isTypedDictClass(cx, id, 0)) return ["builtins:dict"];
  const typingName = qualnameIn(id, "typing");
  const aliases = stdlibFacts(cx.target.python).typingAliases;
  if (typingName !== null && Object.hasOwn(aliases, typingName)) {
    const laterIsGeneric = later.some((x) => x.kind === "Subscript" || resolvesToGenericSubclass(cx, cls.scope, x));
    return laterIsGeneric ? [aliases[typingName]!] : [aliases[typingName]!, "typing:Generic"];
  }
  if (subscripted && id === "typing:Generic") {
    const laterProtocol = later.some((x) => {
      const r = resolveExpression(cx, cls.scope, x.kind === "Subscript" ? x.value : x, 0, cx.runLine(cls));
      return r.kind === "object" && r.id === "typing:Protocol";
    });
    return laterProtocol || later.some((x) => x.kind === "Subscript") ? [] : ["typing:Generic"];
  }
  return undefined;
}

/** `typing`: what `Generic`, `Protocol` and `NamedTuple` write into the classes built on them, and their `__mro_entries__`. */
export const typingPlugin: ClassPlugin = {
  name: "typing",
  mroEntries: (cx, cls, id, subscripted, later) => typingMroEntries(cx, cls, id, subscripted, later),
  namespace(cx, cls, mro, ns) {
    typingNamespace(cx, cls, mro, ns);
  },
};
