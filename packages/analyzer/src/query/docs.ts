import { firstAnswer } from "../plugins/index.ts";
import type { DefinedObject } from "../model/objects.ts";
import { cleandoc } from "../bind/sourcelines.ts";
import { evaluateStringLiteral } from "@static-inspect/parser";
import type { LinkContext } from "../link/context.ts";
import { getattr_static } from "../link/members.ts";
import { getmro } from "../link/mro.ts";
import { resolveBinding } from "../link/resolve.ts";
import { wrapsWrapper } from "./wrappers.ts";

/** `inspect.getcomments(obj)`: the comment block above the object's source (module: at the top), or `null`. */
export function getcomments(cx: LinkContext, id: string): string | null {
  // inspect.getcomments does not unwrap: a functools.wraps wrapper's comments are its own.
  const wrapped = wrapsWrapper(cx, id);
  return (wrapped ?? cx.object(id))?.comments ?? null;
}

/**
 * `inspect.getsourcelines(obj)` as `{ lineno, count }` (lineno 1-based, 0 for a module), or `null`
 * where inspect raises (no `def`/`class` statement, a property, a C object). The lines themselves
 * are the file's lines `lineno … lineno + count - 1` (see `ParsedModule.lines`).
 */
export function getsourcelines(cx: LinkContext, id: string): { readonly lineno: number; readonly count: number } | null {
  return cx.object(id)?.sourcelines ?? null;
}

/** `obj.__doc__` as the runtime sets it, or `null` (None). */
export function rawDoc(cx: LinkContext, id: string): string | null {
  const o = cx.builtins.objects[id] ? null : cx.object(id);
  if (o?.kind === "class" && o.docstring === null) {
    const generated = firstAnswer((p) => p.generatedDoc?.(cx, o));
    if (generated !== undefined) return generated;
  }
  if (o?.kind === "module") return moduleDoc(cx, o);
  if (o) return o.kind === "attribute" ? null : o.docstring;
  const b = cx.builtins.objects[id];
  if (!b) return null;
  return b.kind === "class" ? b.raw_doc ?? null : b.doc ?? null;
}

/** A module's `__doc__`: its docstring, unless it rebinds `__doc__` (`from _csv import __doc__`). */
export function moduleDoc(cx: LinkContext, o: DefinedObject): string | null {
  const b = cx.summaryOf(o.scope)?.scope.__doc__;
  if (!b) return o.docstring;
  const r = resolveBinding(cx, o.scope, b, 0);
  if (r.kind === "constant" && r.type === "builtins:str" && r.repr !== null) return evaluateStringLiteral(r.repr).value;
  if (r.kind === "value" && r.expression.kind === "Constant" && r.expression.type === "str") return r.expression.value;
  if (r.kind === "value" && r.expression.kind === "Constant" && r.expression.type === "None") return null;
  return o.docstring;
}

/**
 * `inspect.getdoc(obj)`: `__doc__`, else the first documented namesake along the MRO (CPython 3.11
 * `inspect._finddoc`), cleaned by `inspect.cleandoc`; `null` for None.
 */
export function getdoc(cx: LinkContext, id: string): string | null {
  const o = cx.object(id);
  if (!o) {
    const b = cx.builtins.objects[id];
    return b?.doc ?? null;
  }
  if (o.kind === "attribute") return null;
  let doc = rawDoc(cx, id);
  if (doc === null) doc = findInheritedDoc(cx, o);
  return doc === null ? null : cleandoc(doc);
}

/**
 * `inspect._finddoc` (3.11): a class's first documented class along the MRO; for a method, the doc
 * of the namesake along its owner's MRO, when `getattr(cls, name)` is that very object; `null` otherwise.
 */
export function findInheritedDoc(cx: LinkContext, o: DefinedObject): string | null {
  if (o.kind === "class") {
    for (const c of getmro(cx, o.id) ?? []) {
      if (c === "builtins:object") continue;
      const d = rawDoc(cx, c);
      if (d !== null) return d;
    }
    return null;
  }
  if (o.kind === "module" || !o.parent || o.qualname?.includes("<locals>")) return null;
  // A C wrapper (lru_cache) has no __objclass__: inspect._finddoc gives up.
  if (o.function?.wrapper === "lru_cache" || o.function?.wrapper === "staticmethod" || o.function?.wrapper === "classmethod") return null;
  if (o.kind === "cached_property") return null; // no __name__: inspect._finddoc gives up
  const owner = cx.object(o.parent);
  if (owner?.kind !== "class") return null;
  // `getattr(cls, name) is obj`: the object must be what the class attribute resolves to.
  const found = getattr_static(cx, owner.id, o.name);
  if (!found || found.id !== o.id) return null;
  for (const c of getmro(cx, owner.id) ?? []) {
    const hit = getattr_static(cx, c, o.name);
    if (!hit) continue;
    if (hit.id === null) return null; // a plain value: its type's doc is not the method's
    const d = rawDoc(cx, hit.id);
    if (d !== null) return d;
  }
  return null;
}
