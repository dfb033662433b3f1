/**
 * Small rules about Python names the binder applies: prototype-free records, private name mangling,
 * and the dotted name a decorator expression names.
 */
import type { SummaryExpression } from "../model/expressions.ts";

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
export function decoratorName(e: SummaryExpression): string {
  const target = e.kind === "Call" ? e.func : e;
  const parts: string[] = [];
  let cur: SummaryExpression = target;
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

/**
 * The names a PEP 695 type parameter list declares, from its source text: `[T: int, *Ts, **P = str]`
 * gives `T`, `Ts`, `P`. Bounds, constraints and defaults (3.13) are skipped; brackets inside them are
 * balanced.
 */
export function typeParamNames(text: string): string[] {
  const inner = text.trim().replace(/^\[/, "").replace(/\]$/, "");
  const items: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < inner.length; i++) {
    const ch = inner[i]!;
    if (ch === "[" || ch === "(" || ch === "{") depth++;
    else if (ch === "]" || ch === ")" || ch === "}") depth--;
    else if (ch === "," && depth === 0) {
      items.push(inner.slice(start, i));
      start = i + 1;
    }
  }
  items.push(inner.slice(start));
  const out: string[] = [];
  for (const item of items) {
    const m = /^\s*\*{0,2}\s*([\p{XID_Start}_][\p{XID_Continue}]*)/u.exec(item);
    if (m) out.push(m[1]!);
  }
  return out;
}
