import type { SummaryExpression } from "../model/expressions.ts";
import type { ModuleSummary } from "../model/summary.ts";
import type { LinkContext } from "./context.ts";
import { resolveExpression } from "./resolve.ts";

/**
 * `__all__` of a module: the literal list when the module writes one, else its building steps
 * evaluated across modules (`base_events.__all__ + coroutines.__all__`); `null` when unknown or absent.
 */
export function all(cx: LinkContext, moduleName: string, depth = 0): readonly string[] | null {
  const s = cx.module(moduleName);
  if (!s) return null;
  if (s.all || s.allOps.length === 0 || depth > 20) return s.all;
  if (cx.allCache.has(moduleName)) {
    cx.touch("all", moduleName);
    return cx.allCache.get(moduleName)!;
  }
  cx.allCache.set(moduleName, null);
  return cx.computing(() => computeAll(cx, s, moduleName, depth), { table: "all", id: moduleName });
}

function computeAll(cx: LinkContext, s: ModuleSummary, moduleName: string, depth: number): readonly string[] | null {
  const list = (e: SummaryExpression): string[] | null => {
    if (e.kind === "List" || e.kind === "Tuple") {
      const out: string[] = [];
      for (const x of e.elts) {
        if (x.kind === "Constant" && x.type === "str" && x.value !== null) out.push(x.value);
        else if (x.kind === "Starred") {
          const inner = list(x.value);
          if (!inner) return null;
          out.push(...inner);
        } else return null;
      }
      return out;
    }
    if (e.kind === "BinOp" && e.op === "+") {
      const l = list(e.left);
      const r = l && list(e.right);
      return l && r ? [...l, ...r] : null;
    }
    if (e.kind === "Attribute" && e.attr === "__all__") {
      const r = resolveExpression(cx, moduleName, e.value);
      return r.kind === "module" ? (all(cx, r.name, depth + 1) as string[] | null) : null;
    }
    if (e.kind === "Name" && e.id === "__all__") return current;
    if (e.kind === "Call" && e.func.kind === "Name" && (e.func.id === "list" || e.func.id === "tuple") && e.args.length === 1) return list(e.args[0]!.value);
    return null;
  };
  let current: string[] | null = [];
  for (const step of s.allOps) {
    if (current === null) break;
    if (step.op === "set") current = list(step.value);
    else if (step.op === "extend") {
      const more = list(step.value);
      current = more ? [...current, ...more] : null;
    } else {
      const v = step.value;
      if (v.kind !== "Constant" || v.type !== "str" || v.value === null) current = null;
      else current = step.op === "append" ? [...current, v.value] : current.filter((n) => n !== v.value);
    }
  }
  cx.allCache.set(moduleName, current);
  return current;
}
