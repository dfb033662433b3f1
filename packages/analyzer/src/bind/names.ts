/**
 * Small rules about Python names the binder applies: prototype-free records, private name mangling,
 * and the dotted name a decorator expression names.
 */
import type { Expression } from "@static-inspect/parser";

/**
 * A record with no prototype: Python names such as `constructor` or `toString` must not find
 * `Object.prototype`'s members.
 */
export function dict<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** Private name mangling: `__x` in class `C` is stored as `_C__x` (not dunders, not dotted names). */
export function mangle(className: string | undefined, name: string): string {
  if (!className || !name.startsWith("__") || name.endsWith("__") || name.includes(".")) return name;
  const stripped = className.replace(/^_+/, "");
  return stripped ? `_${stripped}${name}` : name;
}

/** The dotted name a decorator calls or names: `@a.b(x)` → `a.b`; other shapes give their text. */
export function decoratorName(e: Expression): string {
  const target = e.kind === "Call" ? e.func : e;
  const parts: string[] = [];
  let cur: Expression = target;
  while (cur.kind === "Attribute") {
    parts.unshift(cur.attr);
    cur = cur.value;
  }
  if (cur.kind === "Name") {
    parts.unshift(cur.id);
    return parts.join(".");
  }
  return target.text;
}
