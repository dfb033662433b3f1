/**
 * Every branch of a conditional definition: what a name is in the branches whose definition is not
 * the object (a branch the target rules out is not bound, only listed here; of two branches bound
 * because the test is not static, the earlier is listed on the later), and what is static about each
 * test ({@link conditionFact}), so a doc tool can show availability.
 */
import type { Expression, FunctionDef, Statement } from "@static-inspect/parser";
import type { Alternative, ConditionFact, DefinedObject, ObjectKind } from "../model/objects.ts";
import type { ImportGuard, When } from "../model/summary.ts";
import type { Binder, ScopeFrame } from "./binder.ts";

const VERSION_OPS = new Set(["<", "<=", ">", ">=", "==", "!="]);
const FLIPPED: Readonly<Record<string, string>> = { "<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!=" };
const PLATFORM_NAMES = new Set(["sys.platform", "os.name"]);

/**
 * What is static about an `if` test (see `ConditionFact`): a comparison of `sys.version_info` (or a
 * slice of it) with a tuple of ints, of `sys.platform`/`os.name` with a string (`==`, `!=`, `in`,
 * `not in`, `.startswith(…)`), `TYPE_CHECKING`; `not` flips `negated`. `canonical` maps a dotted name
 * through the module's imports. Never throws.
 */
export function conditionFact(test: Expression, canonical: (e: Expression) => string, negated = false): ConditionFact {
  const neg = negated ? { negated: true as const } : {};
  if (test.kind === "UnaryOp" && test.op === "not") return conditionFact(test.operand, canonical, !negated);
  if ((test.kind === "Name" || test.kind === "Attribute") && /(^|\.)TYPE_CHECKING$/.test(canonical(test))) return { kind: "type_checking", ...neg };
  if (test.kind === "BinOp" && VERSION_OPS.has(test.op)) {
    const forward = versionFact(test.left, test.right, test.op, canonical);
    const fact = forward ?? versionFact(test.right, test.left, FLIPPED[test.op]!, canonical);
    if (fact) return { ...fact, ...neg };
  }
  if (test.kind === "BinOp" && ["==", "!=", "in", "not in"].includes(test.op)) {
    const name = dotted(test.left, canonical);
    if (name !== null && PLATFORM_NAMES.has(name) && test.right.kind === "Constant" && test.right.type === "str" && test.right.value !== null) {
      return { kind: "platform", op: test.op, platform: test.right.value, name, ...neg };
    }
  }
  if (test.kind === "Call" && test.func.kind === "Attribute" && test.func.attr === "startswith" && test.args.length === 1) {
    const name = dotted(test.func.value, canonical);
    const arg = test.args[0]!.value;
    if (name !== null && PLATFORM_NAMES.has(name) && arg.kind === "Constant" && arg.type === "str" && arg.value !== null) {
      return { kind: "platform", op: "startswith", platform: arg.value, name, ...neg };
    }
  }
  return { kind: "other", ...neg };
}

function dotted(e: Expression, canonical: (e: Expression) => string): string | null {
  return e.kind === "Name" || e.kind === "Attribute" ? canonical(e) : null;
}

function versionFact(left: Expression, right: Expression, op: string, canonical: (e: Expression) => string): ConditionFact | null {
  const base = left.kind === "Subscript" && left.slice.kind === "Slice" ? left.value : left;
  if (dotted(base, canonical) !== "sys.version_info" || right.kind !== "Tuple") return null;
  const version: number[] = [];
  for (const x of right.elts) {
    if (x.kind !== "Constant" || x.type !== "int" || x.value === null) return null;
    version.push(Number(x.value));
  }
  return { kind: "version", op, version };
}

/**
 * The import-guard branches `when` as modules and outcome (see `Alternative.guards`); the branches of
 * attribute tests (`ImportGuard.test`) are left out, as their tests are among the conditions.
 */
export function guardsOf(when: When | undefined, guards: readonly ImportGuard[]): Alternative["guards"] {
  return (when ?? []).filter((l) => guards[l.guard]?.test === undefined).map((l) => ({ modules: [...(guards[l.guard]?.modules ?? [])], succeeds: l.succeeds }));
}

/** A defined object as an alternative of a later definition of its id. */
export function alternativeOf(o: DefinedObject, guards: readonly ImportGuard[], inEffect: boolean | null): Alternative {
  return {
    conditions: [...o.conditions],
    facts: o.conditionFacts ? [...o.conditionFacts] : o.conditions.map(() => ({ kind: "other" as const })),
    guards: guardsOf(o.when, guards),
    path: o.path,
    line: o.span.line,
    kind: o.kind,
    in_effect: inEffect,
  };
}

/** Adds `alt` to the alternatives of id `id` (attached to its object when binding ends). */
export function addAlternative(b: Binder, id: string, alt: Alternative): void {
  const list = b.alternatives.get(id);
  if (list) list.push(alt);
  else b.alternatives.set(id, [alt]);
}

/**
 * A branch the target rules out (its test is in `b.conditions` already): each `def`, `class`,
 * assignment and import in it, nested branches included, listed as an alternative with `in_effect`
 * false. Nothing is bound. Never throws.
 */
export function ruledOutBranch(b: Binder, body: readonly Statement[], frame: ScopeFrame): void {
  for (const s of body) {
    switch (s.kind) {
      case "FunctionDef":
      case "ClassDef":
        record(b, frame, s.name, s.kind === "ClassDef" ? "class" : functionKind(b, s, frame), s.span.line);
        break;
      case "Assign":
      case "AnnAssign":
        if (frame.kind === "function") break;
        for (const t of s.kind === "Assign" ? s.targets : [s.target]) for (const name of names(t)) record(b, frame, name, "attribute", s.span.line);
        break;
      case "Import":
        if (frame.kind === "function") break;
        for (const a of s.names) record(b, frame, a.asname ?? a.name.split(".")[0]!, "alias", a.span.line);
        break;
      case "ImportFrom":
        if (frame.kind === "function" || s.names === "*") break;
        for (const a of s.names) record(b, frame, a.asname ?? a.name, "alias", a.span.line);
        break;
      case "If":
        b.inBranch(s.test.text, () => ruledOutBranch(b, s.body, frame), conditionFact(s.test, (e) => b.canonical(e)));
        if (s.orelse.length) b.inBranch(`not (${s.test.text})`, () => ruledOutBranch(b, s.orelse, frame), conditionFact(s.test, (e) => b.canonical(e), true));
        break;
      case "Try":
        ruledOutBranch(b, s.body, frame);
        for (const h of s.handlers) b.inBranch(h.type ? `except ${h.type.text}` : "except", () => ruledOutBranch(b, h.body, frame));
        ruledOutBranch(b, s.orelse, frame);
        ruledOutBranch(b, s.finalbody, frame);
        break;
      case "For":
      case "While":
      case "With":
      case "Match":
        ruledOutBranch(b, s.body, frame);
        ruledOutBranch(b, s.orelse, frame);
        break;
      default:
        break;
    }
  }
}

function names(t: Expression): string[] {
  if (t.kind === "Name") return [t.id];
  if (t.kind === "Tuple" || t.kind === "List") return t.elts.flatMap(names);
  if (t.kind === "Starred") return names(t.value);
  return [];
}

function record(b: Binder, frame: ScopeFrame, name: string, kind: Alternative["kind"], line: number): void {
  addAlternative(b, b.id(frame.prefix + name), {
    conditions: [...b.conditions],
    facts: [...b.facts],
    guards: guardsOf(b.when, b.guards),
    path: b.path,
    line,
    kind,
    in_effect: false,
  });
}

const PROPERTY = /^(property|abc\.abstractproperty|types\.DynamicClassAttribute|enum\.property|[A-Za-z_]\w*\.(setter|getter|deleter))$/;

/** The kind a `def` gives its object, from its outermost decorator and its place (as `functionDef` decides it). */
function functionKind(b: Binder, def: FunctionDef, frame: ScopeFrame): ObjectKind {
  if (frame.kind !== "class") return "function";
  const outer = def.decorators[0] ? b.canonical(def.decorators[0].expression) : null;
  if (outer !== null && PROPERTY.test(outer)) return "property";
  if (outer === "functools.cached_property") return "cached_property";
  if (outer === "staticmethod" || outer === "abc.abstractstaticmethod" || def.name === "__new__") return "staticmethod";
  if (outer === "classmethod" || outer === "abc.abstractclassmethod" || def.name === "__init_subclass__" || def.name === "__class_getitem__") return "classmethod";
  return "method";
}
