import type { ClassInfo, DefinedObject } from "../model/objects.ts";
import type { NameBinding } from "../model/summary.ts";
import type { Span } from "@static-inspect/parser";
import type { SummaryExpression, SummaryParameter } from "../model/expressions.ts";
import { Binder, type ScopeFrame } from "../bind/binder.ts";
import { dict } from "../bind/names.ts";
import { stringList } from "../bind/dunders.ts";
import { stdlibFacts } from "../data/stdlib.ts";
/**
 * `collections.namedtuple(...)`, `typing.NamedTuple(...)` and `class X(NamedTuple)`: the class the
 * factory builds (bases `(tuple,)`, generated namespace, `__new__` signature, `__doc__`), made in bind.
 */
const NAMEDTUPLE_FACTORIES = new Set(["collections.namedtuple"]);
/** `typing.NamedTuple` by its canonical names. */
export const TYPED_NAMEDTUPLE = new Set(["typing.NamedTuple", "typing_extensions.NamedTuple"]);

/** One field of a named tuple being made: its name, annotation (typed forms) and default. */
export interface NamedTupleField {
  readonly name: string;
  readonly annotation: SummaryExpression | null;
  default: SummaryExpression | null;
}


/**
 * `X = namedtuple("X", "a b", defaults=(…))` / `NamedTuple("X", [("a", int)])`: binds `X` to the class
 * `collections.namedtuple` builds (bases `(tuple,)`, generated namespace, `__new__` signature,
 * `__doc__` `"X(a, b)"`). Returns false when the call is not statically understood.
 */
export function namedtupleCall(b: Binder, target: string, value: SummaryExpression, frame: ScopeFrame, span: Span): boolean {
  const made = namedtupleClass(b, value, frame, span, target);
  if (!made) return false;
  b.setBinding(frame, target, { kind: "definition", target: made, line: span.line });
  return true;
}

/**
 * The class `namedtuple("T", …)` / `NamedTuple("T", …)` builds, added to the objects; returns its id
 * or `null` when the call is not statically understood. Its `__qualname__` is the typename; when that
 * differs from the name it is bound to (or it is built in a base list), the id gets `@line` so it
 * cannot collide with a class statement of the same name.
 */
export function namedtupleClass(b: Binder, value: SummaryExpression, frame: ScopeFrame, span: Span, target: string | null): string | null {
  if (value.kind !== "Call") return null;
  const fn = b.canonical(value.func);
  const typed = TYPED_NAMEDTUPLE.has(fn);
  if (!typed && !NAMEDTUPLE_FACTORIES.has(fn)) return null;
  const [nameArg, fieldsArg] = value.args.filter((a) => a.name === null && a.star === "").map((a) => a.value);
  if (!nameArg || nameArg.kind !== "Constant" || nameArg.type !== "str" || !nameArg.value || !fieldsArg) return null;
  const typename = nameArg.value;
  const fields: NamedTupleField[] = [];
  if (fieldsArg.kind === "Constant" && fieldsArg.type === "str" && fieldsArg.value !== null && !typed) {
    for (const f of fieldsArg.value.replace(/,/g, " ").split(/\s+/).filter(Boolean)) fields.push({ name: f, annotation: null, default: null });
  } else if (!typed && fieldNames(b, fieldsArg) !== null) {
    for (const f of fieldNames(b, fieldsArg)!) fields.push({ name: f, annotation: null, default: null });
  } else if (fieldsArg.kind === "List" || fieldsArg.kind === "Tuple") {
    for (const e of fieldsArg.elts) {
      if (!typed && e.kind === "Constant" && e.type === "str" && e.value !== null) fields.push({ name: e.value, annotation: null, default: null });
      else if (typed && e.kind === "Tuple" && e.elts.length === 2 && e.elts[0]!.kind === "Constant" && e.elts[0]!.type === "str" && e.elts[0]!.value !== null) {
        fields.push({ name: e.elts[0]!.value, annotation: e.elts[1]!, default: null });
      } else return null;
    }
  } else return null;
  if (fields.some((f) => !/^[A-Za-z_]\w*$/.test(f.name) || f.name.startsWith("_"))) return null; // rename=True territory
  const defaultsArg = value.args.find((a) => a.name === "defaults")?.value;
  if (defaultsArg) {
    const defaults = repeatedElements(defaultsArg);
    if (!defaults) return null;
    const offset = fields.length - defaults.length;
    if (offset < 0) return null;
    defaults.forEach((d, i) => (fields[offset + i]!.default = d));
  }
  const plain = target === typename && frame.kind !== "function";
  const qualname = plain ? frame.prefix + typename : typename;
  const id = plain ? b.id(qualname) : `${b.id(qualname)}@${span.line}`;
  synthesizeNamedTuple(b, id, qualname, typename, fields, frame.owner, span, null, typed, !plain);
  return id;
}

/**
 * Field names given as `("a",) + Other._fields` (tuples, lists and `+`, with the `_fields` of a named
 * tuple made earlier in this module), or `null`.
 */
export function fieldNames(b: Binder, e: SummaryExpression): string[] | null {
  return stringList(e, (x) => {
    if (x.kind !== "Attribute" || x.attr !== "_fields" || x.value.kind !== "Name") return null;
    // The named tuple itself, or a class statement deriving from it (`class Traceback(_Traceback)`).
    let name: string | null = x.value.id;
    for (let hops = 0; name !== null && hops < 5; hops++) {
      const nb: NameBinding | undefined = b.moduleFrame?.bindings[name];
      if (nb?.kind !== "definition") return null;
      const made = b.namedtupleFields.get(nb.target);
      if (made) return [...made];
      const base: SummaryExpression | undefined = b.objects.get(nb.target)?.class?.bases[0];
      name = base?.kind === "Name" ? base.id : null;
    }
    return null;
  });
}

/** Adds the class `collections.namedtuple` builds, or completes a `class X(NamedTuple)` (`existing`). */
export function synthesizeNamedTuple(b: Binder, id: string, qualname: string, name: string, fields: NamedTupleField[], parent: string, span: Span, existing: DefinedObject | null, typed: boolean, hidden = false): void {
  // The keys namedtuple generates around the fields (recorded from the target's interpreter); a class
  // statement's own names come before `__orig_bases__`, which type() sets last.
  const facts = stdlibFacts(b.target.python).namedtuple;
  const after = existing ? facts.typedClassAfter : typed ? facts.typedCallAfter : facts.after;
  const tupleBase: SummaryExpression = { kind: "Name", id: "tuple", text: "tuple" };
  const own = existing?.class?.namespace ?? [];
  const namespace = [...facts.before, ...fields.map((f) => f.name), ...after.filter((n) => n !== "__orig_bases__")];
  for (const n of own) if (!namespace.includes(n) && n !== "__qualname__") namespace.push(n);
  if (after.includes("__orig_bases__")) namespace.push("__orig_bases__");
  const info: ClassInfo = {
    bases: [tupleBase],
    keywords: [],
    namespace,
    annotations: fields.filter((f) => f.annotation).map((f) => ({ name: f.name, annotation: f.annotation! })),
    slots: [],
  };
  b.namedtupleFields.set(id, fields.map((f) => f.name));
  const doc = `${name}(${fields.map((f) => f.name).join(", ")})`;
  const obj: DefinedObject = existing
    ? { ...existing, docstring: existing.docstring ?? doc, class: info }
    : { ...b.classWithoutStatement(b.located(id, qualname, name, parent, span, span), doc, info), ...(hidden ? { synthesized: true } : {}) };
  if (existing) {
    // Completing the class statement just defined: the same object, not a redefinition.
    b.objects.delete(id);
    b.objects.set(id, obj);
  } else b.define(obj);
  const newId = `${id}.__new__`;
  const params: SummaryParameter[] = [
    { name: "_cls", kind: "POSITIONAL_OR_KEYWORD", annotation: null, default: null, span },
    ...fields.map((f) => ({ name: f.name, kind: "POSITIONAL_OR_KEYWORD" as const, annotation: f.annotation, default: f.default, span })),
  ];
  b.define({
    ...b.located(newId, `${qualname}.__new__`, "__new__", id, span, span),
    kind: "staticmethod",
    docstring: `Create new instance of ${doc}`,
    decorators: [],
    comments: null,
    sourcelines: null,
    function: { isAsync: false, parameters: params, returns: null, flags: { yields: false, awaits: false }, unknownDecorators: [], abstract: false, wrapper: null },
    class: null,
    attribute: null,
    synthesized: true,
  });
  b.classScopes[id] = Object.assign(dict<NameBinding>(), b.classScopes[id], { __new__: { kind: "definition" as const, target: newId, line: span.line } });
}

/** Elements of a literal tuple/list, with `[x] * n` / `(x,) * n` repeated (namedtuple `defaults=`). */
function repeatedElements(e: SummaryExpression): SummaryExpression[] | null {
  if (e.kind === "Tuple" || e.kind === "List") return [...e.elts];
  if (e.kind === "BinOp" && e.op === "*") {
    const [seq, n] = e.right.kind === "Constant" && e.right.type === "int" ? [e.left, e.right] : e.left.kind === "Constant" && e.left.type === "int" ? [e.right, e.left] : [null, null];
    const items = seq ? repeatedElements(seq) : null;
    const times = n?.value ? Number(n.value) : NaN;
    if (!items || !(times >= 0 && times <= 1000)) return null;
    return Array.from({ length: times }, () => items).flat();
  }
  return null;
}

