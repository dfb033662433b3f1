import type { LinkContext } from "./context.ts";
import { metaclass } from "./classes.ts";
import { getmro } from "./mro.ts";
import { holds, namespace, namespaceView } from "./namespace.ts";
import { resolveBinding, resolveExpression } from "./resolve.ts";
import { firstAnswer } from "../plugins/index.ts";

/** One member as `inspect.getmembers_static` lists it: the name and the class whose namespace holds it. */
export interface Member {
  readonly name: string;
  readonly owner: string | null;
}

/** Where `getattr_static` found a name: the owning class (or module) id and what is bound there. */
export interface StaticAttribute {
  readonly owner: string;
  /** Id of the defined object (`mod:C.m`) or builtin (`builtins:object.__init__`), or `null` for a plain value. */
  readonly id: string | null;
}

/**
 * `inspect.getmembers_static(cls)` names, sorted, each with the class in the MRO whose namespace holds
 * it; `null` when the MRO is unknown.
 */
export function getmembers_static(cx: LinkContext, id: string): Member[] | null {
  const mro = getmro(cx, id);
  if (!mro) return null;
  // getmembers_static lists dir(cls): a metaclass __dir__ (EnumType's) decides the names.
  const listed = firstAnswer((p) => p.dir?.(cx, id));
  if (listed) {
    const out: Member[] = [];
    for (const name of listed) {
      const hit = getattr_static(cx, id, name);
      if (hit) out.push({ name, owner: hit.owner });
    }
    return out;
  }
  const owners = new Map<string, string>();
  for (const c of mro) {
    for (const n of namespace(cx, c) ?? []) if (!owners.has(n)) owners.set(n, c);
  }
  return [...owners.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([name, owner]) => ({ name, owner }));
}

/**
 * `inspect.getattr_static(obj, name)` for a class or module id: where the name is found without
 * running descriptors or `__getattr__` (class MRO, then the metaclass MRO). `null` when not found.
 */
export function getattr_static(cx: LinkContext, id: string, name: string): StaticAttribute | null {
  if (!id.includes(":")) {
    const s = cx.module(id);
    const b = s?.scope[name];
    if (!b) return null;
    const r = resolveBinding(cx, id, b, 0);
    return { owner: id, id: r.kind === "object" || r.kind === "builtin" ? r.id : null };
  }
  const mro = getmro(cx, id);
  const search = (classes: readonly string[]): StaticAttribute | null => {
    for (const c of classes) {
      if (holds(cx, c, name)) return { owner: c, id: memberId(cx, c, name) };
    }
    return null;
  };
  if (mro) {
    const hit = search(mro);
    if (hit) return hit;
  }
  const meta = metaclass(cx, id);
  const metaMro = meta ? getmro(cx, meta) : null;
  return metaMro ? search(metaMro) : null;
}

/**
 * The id of the object that class `classId`'s own namespace entry `name` holds: a `def` or `class` of
 * its body, what an alias in the body resolves to, an entry a plugin set to another object, a C
 * member; `null` for a plain value or when unknown. `aliases` defaults to the class's namespace's.
 */
export function memberId(cx: LinkContext, classId: string, name: string, aliases?: ReadonlyMap<string, string>): string | null {
  const candidate = `${classId}.${name}`;
  const aliased = (aliases ?? namespaceView(cx, classId)?.aliases)?.get(name);
  if (aliased) return aliased;
  if (cx.builtins.objects[classId]) return cx.builtins.objects[candidate] ? candidate : null;
  const o = cx.object(classId);
  const b = o ? cx.summaryOf(o.scope)?.classScopes[classId]?.[name] : undefined;
  if (b?.kind === "definition") return b.target;
  if (b?.kind === "alias" && b.expression && o) {
    const r = resolveExpression(cx, o.scope, b.expression);
    if (r.kind === "object" || r.kind === "builtin") return r.id;
  }
  return cx.hasObject(candidate) ? candidate : null;
}
