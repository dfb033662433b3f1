/**
 * The breakage rules: given one matched pair of objects, what a caller written against the old
 * version can no longer rely on. Parameter rules follow what `Signature.bind` accepts (a call that
 * bound before must still bind to the same parameters); griffe's `BreakageKind` names the results.
 */
import type { BundleObject, BundleParameter, BundleSignature } from "../schema.ts";
import type { BreakageKind } from "./schema.ts";
import type { PublicApi } from "./public-api.ts";

/** A breakage found by a rule, before the report adds ids and locations. */
export interface Finding {
  readonly kind: BreakageKind;
  readonly parameter: string | null;
  readonly message: string;
  readonly old: string | null;
  readonly new: string | null;
}

/** Both versions' public APIs: what the rules normalise ids through. */
export interface RuleContext {
  readonly old: PublicApi;
  readonly new: PublicApi;
}

/** griffe's kinds, coarsened: a change inside one group is not a change of kind. */
const KIND_GROUP: Record<string, string> = {
  module: "module",
  class: "class",
  function: "routine",
  method: "routine",
  staticmethod: "routine",
  classmethod: "routine",
  property: "data",
  cached_property: "data",
  attribute: "data",
};

/** The severity of each kind (see the report schema). */
export const SEVERITY: Record<BreakageKind, "error" | "warning"> = {
  PARAMETER_MOVED: "error",
  PARAMETER_REMOVED: "error",
  PARAMETER_CHANGED_KIND: "error",
  PARAMETER_CHANGED_DEFAULT: "warning",
  PARAMETER_CHANGED_REQUIRED: "error",
  PARAMETER_ADDED_REQUIRED: "error",
  RETURN_CHANGED_TYPE: "warning",
  OBJECT_REMOVED: "error",
  OBJECT_CHANGED_KIND: "error",
  ATTRIBUTE_CHANGED_TYPE: "warning",
  ATTRIBUTE_CHANGED_VALUE: "warning",
  CLASS_REMOVED_BASE: "error",
  MRO_CHANGED: "error",
  INHERITED_MEMBER_LOST: "error",
  CLASS_SIGNATURE_CHANGED: "error",
};

const POSITIONAL = new Set(["POSITIONAL_ONLY", "POSITIONAL_OR_KEYWORD"]);
const VARIADIC = new Set(["VAR_POSITIONAL", "VAR_KEYWORD"]);
const KIND_TEXT: Record<string, string> = {
  POSITIONAL_ONLY: "positional-only",
  POSITIONAL_OR_KEYWORD: "positional or keyword",
  VAR_POSITIONAL: "variadic positional",
  KEYWORD_ONLY: "keyword-only",
  VAR_KEYWORD: "variadic keyword",
};

/**
 * An annotation with every resolved name replaced by the canonical public path of what it resolves
 * to, so that `pkg._a.X` and `pkg._b.X` (both `pkg.X`) compare equal; unresolved names stay as
 * written. Whitespace is dropped.
 */
export function normalisedAnnotation(a: BundleParameter["annotation"], api: PublicApi): string | null {
  if (!a) return null;
  let text = a.text;
  const refs = [...a.refs].sort((x, y) => y.name.length - x.name.length);
  for (const r of refs) {
    if (!r.id) continue;
    const escaped = r.name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    text = text.replace(new RegExp(`(?<![\\w.])${escaped}(?![\\w])`, "g"), `\u0001${api.canonical(r.id)}\u0001`);
  }
  return text.replace(/\s+/g, "").replace(/["']/g, "").replace(/\u0001/g, "");
}

/**
 * Whether `param`'s default in the new version is a sentinel: a bare or dotted name bound at module
 * level to `object()`, or to a call without arguments of a class defined in the same bundle
 * (dataclasses' `MISSING = _MISSING_TYPE()`). Replacing a `None` default by a sentinel keeps every
 * call that passed nothing or `None`-less arguments working, so it is not reported.
 */
function isSentinel(text: string, fn: BundleObject, api: PublicApi): boolean {
  if (!/^[A-Za-z_][\w]*(\.[A-Za-z_]\w*)*$/.test(text)) return false;
  const candidates = [`${fn.module}:${text}`];
  const dot = text.lastIndexOf(".");
  if (dot > 0) candidates.push(`${text.slice(0, dot)}:${text.slice(dot + 1)}`);
  for (const id of candidates) {
    const o = api.objects.get(id);
    if (!o || o.kind !== "attribute" || o.value === null) continue;
    const v = o.value.replace(/\s+/g, "");
    if (v === "object()") return true;
    const call = /^([A-Za-z_]\w*)\(\)$/.exec(v);
    if (call && api.objects.get(`${o.module}:${call[1]}`)?.kind === "class") return true;
  }
  return false;
}

const sameDefault = (a: NonNullable<BundleParameter["default"]>, b: NonNullable<BundleParameter["default"]>) =>
  a.text.replace(/\s+/g, "") === b.text.replace(/\s+/g, "") || (a.rendered !== null && a.rendered === b.rendered);

/**
 * The parameter breakages between two signatures (of one function, or one class's
 * `inspect.signature`). Old parameters are matched to new ones by name; positional-only ones,
 * whose names callers cannot use, by position when the name is gone; a renamed `*args`/`**kwargs`
 * matches the new one of its kind.
 *
 * - PARAMETER_REMOVED: no match.
 * - PARAMETER_CHANGED_KIND: a different kind, except widening (positional-only or keyword-only to
 *   positional-or-keyword).
 * - PARAMETER_MOVED: a positional parameter (old and new) at another index among the positional
 *   ones; keyword-only parameters may be reordered freely.
 * - PARAMETER_CHANGED_DEFAULT: both have defaults and they differ in source text and in repr, except
 *   `None` replaced by a sentinel (see {@link isSentinel}).
 * - PARAMETER_CHANGED_REQUIRED: the default is gone.
 * - PARAMETER_ADDED_REQUIRED: a new parameter without default that is not `*args`/`**kwargs`.
 */
export function signatureFindings(oldSig: BundleSignature, newSig: BundleSignature, fn: BundleObject, ctx: RuleContext): Finding[] {
  const out: Finding[] = [];
  const newByName = new Map(newSig.parameters.map((p) => [p.name, p]));
  const oldNames = new Set(oldSig.parameters.map((p) => p.name));
  const oldPos = oldSig.parameters.filter((p) => POSITIONAL.has(p.kind));
  const newPos = newSig.parameters.filter((p) => POSITIONAL.has(p.kind));
  const matched = new Set<BundleParameter>();
  for (const p of oldSig.parameters) {
    let n = newByName.get(p.name);
    if (!n && VARIADIC.has(p.kind)) n = newSig.parameters.find((q) => q.kind === p.kind);
    if (!n && p.kind === "POSITIONAL_ONLY") {
      const candidate = newPos[oldPos.indexOf(p)];
      if (candidate && candidate.kind === "POSITIONAL_ONLY" && !oldNames.has(candidate.name)) n = candidate;
    }
    if (!n) {
      out.push({ kind: "PARAMETER_REMOVED", parameter: p.name, message: "Parameter was removed", old: p.name, new: null });
      continue;
    }
    matched.add(n);
    const widened = n.kind === "POSITIONAL_OR_KEYWORD" && (p.kind === "POSITIONAL_ONLY" || p.kind === "KEYWORD_ONLY");
    if (p.kind !== n.kind && !widened) {
      out.push({ kind: "PARAMETER_CHANGED_KIND", parameter: p.name, message: "Parameter kind was changed", old: KIND_TEXT[p.kind]!, new: KIND_TEXT[n.kind]! });
    }
    if (POSITIONAL.has(p.kind) && POSITIONAL.has(n.kind)) {
      const i = oldPos.indexOf(p);
      const j = newPos.indexOf(n);
      if (i !== j) out.push({ kind: "PARAMETER_MOVED", parameter: p.name, message: "Positional parameter was moved", old: `position ${i}`, new: `position ${j}` });
    }
    if (p.default && n.default) {
      if (!sameDefault(p.default, n.default) && !((p.default.rendered ?? p.default.text) === "None" && isSentinel(n.default.text, fn, ctx.new))) {
        out.push({ kind: "PARAMETER_CHANGED_DEFAULT", parameter: p.name, message: "Parameter default was changed", old: p.default.text, new: n.default.text });
      }
    } else if (p.default && !n.default && !VARIADIC.has(n.kind)) {
      out.push({ kind: "PARAMETER_CHANGED_REQUIRED", parameter: p.name, message: "Parameter is now required", old: p.default.text, new: null });
    }
  }
  for (const n of newSig.parameters) {
    if (matched.has(n) || VARIADIC.has(n.kind) || n.default) continue;
    out.push({ kind: "PARAMETER_ADDED_REQUIRED", parameter: n.name, message: "Parameter was added as required", old: null, new: n.name });
  }
  return out;
}

/**
 * A routine's signature as called on an instance: a method's first positional parameter (`self`) is
 * bound, as for a classmethod (whose bundle signature already omits `cls`), so turning a method into
 * a staticmethod or classmethod that takes the same arguments is no break.
 */
function asFromInstance(o: BundleObject): BundleSignature {
  const sig = o.signature!;
  if (o.kind !== "method" || !sig.parameters[0] || !POSITIONAL.has(sig.parameters[0].kind)) return sig;
  return { ...sig, parameters: sig.parameters.slice(1) };
}

/** The breakages of one matched pair (old and new objects of the same public path). */
export function pairFindings(o: BundleObject, n: BundleObject, ctx: RuleContext): Finding[] {
  if (KIND_GROUP[o.kind] !== KIND_GROUP[n.kind]) {
    return [{ kind: "OBJECT_CHANGED_KIND", parameter: null, message: "Public object points to a different kind of object", old: o.kind, new: n.kind }];
  }
  const out: Finding[] = [];
  const group = KIND_GROUP[o.kind];
  if (group === "routine" && o.signature && n.signature) {
    out.push(...signatureFindings(asFromInstance(o), asFromInstance(n), n, ctx));
    const ra = normalisedAnnotation(o.signature.return_annotation, ctx.old);
    const rb = normalisedAnnotation(n.signature.return_annotation, ctx.new);
    if (ra !== null && rb !== null && ra !== rb) {
      out.push({ kind: "RETURN_CHANGED_TYPE", parameter: null, message: "Return types are incompatible", old: o.signature.return_annotation!.text, new: n.signature.return_annotation!.text });
    }
  }
  if (o.kind === "attribute" && n.kind === "attribute") {
    const ta = normalisedAnnotation(o.annotation, ctx.old);
    const tb = normalisedAnnotation(n.annotation, ctx.new);
    if (ta !== null && tb !== null && ta !== tb) {
      out.push({ kind: "ATTRIBUTE_CHANGED_TYPE", parameter: null, message: "Attribute types are incompatible", old: o.annotation!.text, new: n.annotation!.text });
    }
    if (o.value !== null && n.value !== null && o.value.replace(/\s+/g, "") !== n.value.replace(/\s+/g, "")) {
      out.push({ kind: "ATTRIBUTE_CHANGED_VALUE", parameter: null, message: "Attribute value was changed", old: o.value, new: n.value });
    }
  }
  if (group === "class") out.push(...classFindings(o, n, ctx));
  return out;
}

/**
 * The class rules. CLASS_REMOVED_BASE: a base (by canonical path, or source text when unresolved)
 * is gone from `__bases__`. MRO_CHANGED: a class of the old `__mro__` is gone from the new one, or
 * the classes of both are in another order (classes only added are not a break).
 * INHERITED_MEMBER_LOST: a public name `getmembers_static` listed with an owner outside the bundle
 * (so absent from the public API's paths) is gone (members owned inside the bundle are reported
 * through their public path). CLASS_SIGNATURE_CHANGED: `inspect.signature(cls)` has parameter
 * breakages while the class defines `__init__` in neither version (so they come from a base, a
 * metaclass, `__new__` or a synthesized `__init__` such as a dataclass's); its message lists them.
 */
function classFindings(o: BundleObject, n: BundleObject, ctx: RuleContext): Finding[] {
  const out: Finding[] = [];
  const baseKey = (b: { text: string; id: string | null }, api: PublicApi) => (b.id ? api.canonical(b.id) : b.text.replace(/\s+/g, ""));
  const newBases = new Set((n.bases ?? []).map((b) => baseKey(b, ctx.new)));
  for (const b of o.bases ?? []) {
    if (!newBases.has(baseKey(b, ctx.old))) out.push({ kind: "CLASS_REMOVED_BASE", parameter: null, message: "Base class was removed", old: b.text, new: null });
  }
  if (o.mro && n.mro) {
    const om = o.mro.slice(1).map((id) => ctx.old.canonical(id));
    const nm = n.mro.slice(1).map((id) => ctx.new.canonical(id));
    const common = nm.filter((x) => om.includes(x));
    const lost = om.filter((x) => !nm.includes(x));
    const order = om.filter((x) => nm.includes(x));
    if (lost.length > 0 || order.join() !== common.join()) {
      out.push({ kind: "MRO_CHANGED", parameter: null, message: lost.length > 0 ? `Method resolution order lost ${lost.join(", ")}` : "Method resolution order was reordered", old: om.join(", "), new: nm.join(", ") });
    }
  }
  // getmembers_static follows dir(): only comparable when no metaclass __dir__ filters it.
  if (o.members && n.members && o.metaclass === "builtins:type" && n.metaclass === "builtins:type") {
    const now = new Set(n.members.map((m) => m.name));
    for (const m of o.members) {
      if (now.has(m.name) || m.owner === o.id || m.owner === null || m.name.startsWith("_") || ctx.old.objects.has(`${m.owner}.${m.name}`)) continue;
      out.push({ kind: "INHERITED_MEMBER_LOST", parameter: m.name, message: `Inherited member ${m.name} is gone`, old: `inherited from ${m.owner}`, new: null });
    }
  }
  const ownInit = (api: PublicApi, c: BundleObject) => api.objects.has(`${c.id}.__init__`);
  if (o.signature && n.signature && !ownInit(ctx.old, o) && !ownInit(ctx.new, n)) {
    const found = signatureFindings(o.signature, n.signature, n, ctx);
    if (found.length > 0) {
      const init = n.members?.find((m) => m.name === "__init__")?.owner;
      const detail = found.map((f) => `${f.message.toLowerCase()}${f.parameter ? ` (${f.parameter})` : ""}`).join("; ");
      out.push({ kind: "CLASS_SIGNATURE_CHANGED", parameter: null, message: `Class signature changed${init && init !== n.id ? ` (__init__ from ${init})` : ""}: ${detail}`, old: o.signature.text, new: n.signature.text });
    }
  }
  return out;
}
