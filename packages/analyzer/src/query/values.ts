import type { NameBinding } from "../model/summary.ts";
import type { SummaryExpression } from "../model/expressions.ts";
import { evaluate, type Value } from "./repr.ts";
import type { LinkContext } from "../link/context.ts";
import { isClassId, metaclass } from "../link/classes.ts";
import { getattr_static } from "../link/members.ts";
import { getmro } from "../link/mro.ts";
import { resolveExpression } from "../link/resolve.ts";
import { firstAnswer } from "../plugins/index.ts";
import { convertedMemberRepr } from "../plugins/enum-convert.ts";

/** `repr()` of a default value expression evaluated in `moduleName`, or `null` if not knowable. */
export function defaultRepr(cx: LinkContext, moduleName: string, e: SummaryExpression, atLine?: number, classId?: string): string | null {
  const v = evaluate(e, (x) => scopedValueOf(cx, moduleName, x, atLine, classId));
  return v && !v.opaque ? v.repr : null;
}

/**
 * A name in a class body (a method's default) is looked up in the class namespace first, as bound so
 * far, then in the module: `sep = "/"` then `def split(self, s, sep=sep)`.
 */
export function scopedValueOf(cx: LinkContext, moduleName: string, e: SummaryExpression, atLine: number | undefined, classId: string | undefined): Value | null {
  if (classId && e.kind === "Name") {
    const cls = cx.object(classId);
    const history = cls ? cx.summaryOf(cls.scope)?.classHistories[classId]?.[e.id] : undefined;
    let b: NameBinding | undefined;
    for (const h of history ?? []) if (atLine === undefined || h.line < atLine) b = h;
    if (b) {
      if (b.kind === "value" && b.expression) return evaluate(b.expression, (x) => scopedValueOf(cx, moduleName, x, b.line, classId));
      if (b.kind === "alias" && b.expression) return scopedValueOf(cx, moduleName, b.expression, b.line, classId);
      if (b.kind === "definition") {
        const o = cx.object(b.target);
        if (o?.kind === "class") return { type: "object", repr: `<class '${o.module}.${o.qualname}'>` };
        if (o?.kind === "method" || o?.kind === "function") return { type: "object", repr: `<function ${o.qualname} at 0x…>` };
      }
      return null;
    }
  }
  return valueOf(cx, moduleName, e, 0, atLine);
}

/**
 * The value of a name, attribute or call as the evaluator needs it (see `render.ts` `evaluate`):
 * module-level constants (followed through imports), classes and functions (`<class 'm.C'>`,
 * `<function f at 0x…>`), enum members (`<Color.RED: 1>`, also the globals `Enum._convert_` rebinds to
 * members), C constants from the builtins data (`sys.maxsize`), and instances whose class keeps `object.__repr__` (`<m.C object at 0x…>`).
 */
export function valueOf(cx: LinkContext, moduleName: string, e: SummaryExpression, depth: number, atLine?: number): Value | null {
  if (depth > 20) return null;
  const lookup = (scope: string, line?: number) => (x: SummaryExpression) => valueOf(cx, scope, x, depth + 1, line);
  if (e.kind === "Call") return instanceValue(cx, moduleName, e, atLine);
  if (e.kind !== "Name" && e.kind !== "Attribute") return null;
  const member = e.kind === "Name" ? convertedMemberRepr(cx, moduleName, e.id, atLine) : null;
  if (member !== null) return { type: "object", repr: member };
  const r = resolveExpression(cx, moduleName, e, 0, atLine);
  const other = (repr: string): Value => ({ type: "object", repr });
  if (r.kind === "value") {
    const attr = e.kind === "Attribute" ? e.attr : null;
    const owner = attr !== null ? r.owner : undefined;
    if (owner !== undefined && attr !== null) {
      // A metaclass may make a class attribute something else (an Enum member).
      const special = firstAnswer((p) => p.classAttributeValue?.(cx, owner, attr));
      if (special !== undefined) return special;
    }
    const v = evaluate(r.expression, lookup(r.module, r.line));
    // A class attribute is its value; with an unknown MRO the metaclass is unknown, so we do not guess.
    return v && owner !== undefined && getmro(cx, owner) === null ? null : v;
  }
  if (r.kind === "object") {
    const o = cx.object(r.id);
    if (!o) return null;
    if (o.kind === "class") return other(`<class '${o.module}.${o.qualname}'>`);
    if (o.kind === "function") return other(`<function ${o.qualname} at 0x…>`);
    return null;
  }
  if (r.kind === "builtin") {
    const b = cx.builtins.objects[r.id];
    if (b?.kind === "class") return other(b.module === "builtins" ? `<class '${b.qualname}'>` : `<class '${b.module}.${b.qualname}'>`);
    if (b?.kind === "builtin_function") return other(`<built-in function ${b.name}>`);
    const owner = b?.owner ? cx.builtins.objects[b.owner]?.name : undefined;
    if (b?.kind === "wrapper_descriptor" && owner) return other(`<slot wrapper '${b.name}' of '${owner}' objects>`);
    if (b?.kind === "method_descriptor" && owner) return other(`<method '${b.name}' of '${owner}' objects>`);
    return null;
  }
  if (r.kind === "module") return { type: "object", repr: `<module '${r.name}'>`, opaque: true };
  if (r.kind === "constant") {
    if (r.repr === null) return null;
    if (r.type === "builtins:int" && /^-?\d+$/.test(r.repr)) return { type: "int", repr: r.repr, int: BigInt(r.repr) };
    if (r.type === "builtins:bool") return { type: "bool", repr: r.repr, int: r.repr === "True" ? 1n : 0n };
    if (r.type === "builtins:NoneType") return { type: "None", repr: "None" };
    if (r.type === "builtins:float") return { type: "float", repr: r.repr, float: Number(r.repr) };
    return other(r.repr);
  }
  return null;
}

/** `X()` with no arguments: `object()`, empty containers, or an instance keeping `object.__repr__`. */
export function instanceValue(cx: LinkContext, moduleName: string, e: SummaryExpression & { kind: "Call" }, atLine?: number): Value | null {
  if (e.func.kind !== "Name" && e.func.kind !== "Attribute") return null;
  const r = resolveExpression(cx, moduleName, e.func, 0, atLine);
  const id = r.kind === "object" || r.kind === "builtin" ? r.id : null;
  if (!id || !isClassId(cx, id)) return null;
  if (e.args.length === 0) {
    const empty: Record<string, Value> = {
      "builtins:object": { type: "object", repr: "<object object at 0x…>" },
      "builtins:set": { type: "set", repr: "set()" },
      "builtins:frozenset": { type: "frozenset", repr: "frozenset()" },
      "builtins:tuple": { type: "tuple", repr: "()", items: [] },
      "builtins:list": { type: "list", repr: "[]", items: [] },
      "builtins:dict": { type: "dict", repr: "{}" },
    };
    if (empty[id]) return empty[id]!;
  }
  const o = cx.builtins.objects[id] ? null : cx.object(id);
  if (!o) return null;
  if (metaclass(cx, id) !== "builtins:type") return null;
  // A library that generates __repr__ (dataclasses) gives the instance's repr from the call.
  const generated = firstAnswer((p) => p.instanceRepr?.(cx, moduleName, e, id, o.qualname ?? o.name));
  if (generated !== undefined) return generated;
  const repr = getattr_static(cx, id, "__repr__");
  const nw = getattr_static(cx, id, "__new__");
  if (repr?.owner !== "builtins:object" || nw?.owner !== "builtins:object") return null;
  return { type: "object", repr: `<${o.module}.${o.qualname} object at 0x…>` };
}
