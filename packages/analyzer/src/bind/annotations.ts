/**
 * String annotations (`x: "List[int]"`, PEP 563 forward references) parsed once, in bind, so that
 * link resolves the names inside them without parsing anything.
 */
import { parse, type Expression } from "@static-inspect/parser";
import type { DefinedObject } from "../model/objects.ts";
import { dict } from "./names.ts";

/** A string annotation's content as an expression (`"List[int]"` → the subscript), or `null` if it is not one. */
export function parseAnnotationString(text: string): Expression | null {
  if (text.length > 2000 || text.includes("\n")) return null;
  const parsed = parse(`(${text})\n`);
  const first = parsed.syntax.body[0];
  return parsed.diagnostics.length === 0 && first?.kind === "Expr" ? first.value : null;
}

/**
 * Every string constant inside the annotations of the given objects (parameters, returns, overload
 * variants, class and module annotated names, attributes, dataclass fields), parsed, keyed by the
 * string's value; strings inside those strings too. `null` for strings that are not expressions.
 */
export function stringAnnotations(objects: readonly DefinedObject[]): Record<string, Expression | null> {
  const out: Record<string, Expression | null> = dict();
  const visit = (e: unknown, depth: number): void => {
    if (depth > 60 || e === null || typeof e !== "object") return;
    if (Array.isArray(e)) {
      for (const x of e) visit(x, depth + 1);
      return;
    }
    const node = e as { kind?: string; type?: string; value?: unknown };
    if (node.kind === "Constant") {
      if (node.type === "str" && typeof node.value === "string" && node.value && !Object.hasOwn(out, node.value)) {
        const inner = parseAnnotationString(node.value);
        out[node.value] = inner;
        if (inner) visit(inner, depth + 1);
      }
      return;
    }
    for (const [k, v] of Object.entries(node)) if (k !== "span" && k !== "text" && v !== null && typeof v === "object") visit(v, depth + 1);
  };
  for (const o of objects) {
    const f = o.function;
    if (f) {
      for (const p of f.parameters) visit(p.annotation, 0);
      visit(f.returns, 0);
      for (const v of f.overloads ?? []) {
        for (const p of v.parameters) visit(p.annotation, 0);
        visit(v.returns, 0);
      }
    }
    for (const a of o.class?.annotations ?? []) visit(a.annotation, 0);
    for (const field of o.class?.dataclass?.fields ?? []) visit(field.annotation, 0);
    visit(o.attribute?.annotation ?? null, 0);
  }
  return out;
}
