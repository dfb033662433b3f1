import { Binder, type ScopeFrame } from "./binder.ts";
import type { Expression } from "@static-inspect/parser";
import type { SummaryExpression } from "../model/expressions.ts";
import type { AllOp } from "../model/summary.ts";
/**
 * `__all__` and `__slots__` as the module and class bodies build them.
 */
/** A step of `__all__`, under the guard branches being bound; a guarded step leaves `__all__` to link. */
export function allOp(b: Binder, op: AllOp["op"], value: Expression): AllOp {
  if (!b.when.length) return { op, value };
  b.allUnknown = true;
  return { op, value, when: [...b.when] };
}

/** `__all__ = [...]` at module level. */
export function allFromAssign(b: Binder, targets: readonly Expression[], value: Expression): void {
  if (!targets.some((t) => t.kind === "Name" && t.id === "__all__")) return;
  if (b.when.length) {
    b.allOps.push(allOp(b, "set", value));
    return;
  }
  b.allOps = [{ op: "set", value }];
  const names = stringList(value);
  if (names === null) {
    b.allUnknown = true;
    return;
  }
  b.all = names;
  b.allUnknown = false;
}

/** `__all__ += [...]` and `__all__.extend([...])`. */
export function allExtend(b: Binder, value: Expression): void {
  b.allOps.push(allOp(b, "extend", value));
  if (b.when.length) return;
  const names = stringList(value);
  if (names === null || b.all === null) {
    b.allUnknown = true;
    return;
  }
  b.all = [...b.all, ...names];
}

/** `__all__.extend(...)`, `.append(...)`, `.remove(...)` as a module-level statement. */
export function allFromCall(b: Binder, e: Expression): void {
  if (e.kind !== "Call" || e.func.kind !== "Attribute" || e.func.value.kind !== "Name" || e.func.value.id !== "__all__") return;
  const method = e.func.attr;
  const arg = e.args[0]?.value;
  if (!arg) return;
  if (method === "extend") allExtend(b, arg);
  else if (method === "append" || method === "remove") {
    b.allOps.push(allOp(b, method, arg));
    if (b.when.length) return;
    if (arg.kind === "Constant" && arg.type === "str" && arg.value !== null && b.all) {
      const name = arg.value;
      b.all = method === "append" ? [...b.all, name] : b.all.filter((n) => n !== name);
    } else b.allUnknown = true;
  }
}

/** `__slots__ = ...` in a class body: its names (a string, an iterable of strings, a dict's keys) join the namespace. */
export function slotsFromAssign(b: Binder, targets: readonly Expression[], value: Expression, frame: ScopeFrame): void {
  if (!targets.some((t) => t.kind === "Name" && t.id === "__slots__")) return;
  if (value.kind === "Constant" && value.type === "str" && value.value !== null) frame.slots = [value.value];
  else if (value.kind === "Dict" && value.keys.every((k) => k?.kind === "Constant" && k.type === "str" && k.value !== null)) {
    frame.slots = value.keys.map((k) => (k as { value: string }).value);
  } else frame.slots = stringList(value) ?? frame.slots;
  for (const s of frame.slots ?? []) {
    if (!frame.namespace.includes(s)) frame.namespace.push(s);
  }
}

/**
 * `["a", "b"]`, `("a",)` or `["a"] + ["b"]` as a list of strings; `null` if not a literal list of str.
 * `other` may supply the strings of any other operand (a named tuple's `_fields`).
 */
export function stringList(e: SummaryExpression, other?: (e: SummaryExpression) => string[] | null): string[] | null {
  if (e.kind === "List" || e.kind === "Tuple") {
    const out: string[] = [];
    for (const x of e.elts) {
      if (x.kind !== "Constant" || x.type !== "str" || x.value === null) return null;
      out.push(x.value);
    }
    return out;
  }
  if (e.kind === "BinOp" && e.op === "+") {
    const l = stringList(e.left, other);
    const r = l && stringList(e.right, other);
    return l && r ? [...l, ...r] : null;
  }
  return other ? other(e) : null;
}

