/**
 * The public API of a bundle: every public path (`pkg.mod.Class.method`, griffe's `Object.path`) and
 * the object it reaches, aliases followed. The one place that decides what is public and follows
 * alias chains, so that a bundle format that records them (`alias` objects, `is_public`,
 * `is_exported`) changes only this module.
 */
import { childrenByParent } from "../bundle-children.ts";
import type { Bundle, BundleObject, BundleObjectKind } from "../schema.ts";

/**
 * One public path and what it reaches.
 *
 * - `id`: the object id (`module:qualname`, or a module's dotted name) reached after following
 *   aliases; `null` when the name is exported (listed in `__all__`) but the bundle does not say what
 *   it is bound to (a re-export in a bundle without alias objects).
 * - `kind`: the object's kind, `null` when `id` is null or points outside the bundle.
 * - `inherited`: the path is a class member that the class inherits (`getmembers_static` lists it
 *   with another owner); `owner` is then the owning class's id.
 * - `aliases`: the alias ids followed to reach `id`, in order (empty when the path names the
 *   object itself).
 */
export interface ApiEntry {
  readonly path: string;
  readonly id: string | null;
  readonly kind: BundleObjectKind | null;
  readonly inherited: boolean;
  readonly owner: string | null;
  readonly aliases: readonly string[];
}

/**
 * A bundle's public API: `entries` by public path (sorted), the bundle's objects by id, and
 * `canonical(id)`, the shortest public path that reaches an object (its own dotted path `module.qualname` when none does),
 * which is how two versions name the same object when it moved (`pkg._a:X` and `pkg._b:X` are
 * both `pkg.X`).
 */
export interface PublicApi {
  readonly entries: ReadonlyMap<string, ApiEntry>;
  readonly objects: ReadonlyMap<string, BundleObject>;
  canonical(id: string): string;
}

/** The fields a bundle with alias objects adds to an object (issue 10); absent from older bundles. */
interface AliasFields {
  readonly kind: string;
  readonly target?: string | null;
  readonly is_public?: boolean;
  readonly is_exported?: boolean;
}

/**
 * Whether a name is private by Python's convention: a leading underscore, unless it is a dunder
 * (`__init__`), as griffe's `Object.is_private` decides.
 */
export function isPrivateName(name: string): boolean {
  return name.startsWith("_") && !(name.length > 4 && name.startsWith("__") && name.endsWith("__"));
}

const isDunder = (name: string) => name.length > 4 && name.startsWith("__") && name.endsWith("__");

/**
 * Follows an alias chain from `id` to the object it ends at. Returns the final id (which may be
 * outside the bundle: a target that was not analysed), the object when the bundle has it, and the
 * alias ids passed through. A chain that loops ends at the first repeated alias (object `undefined`).
 * Never throws.
 */
export function resolveAlias(objects: ReadonlyMap<string, BundleObject>, id: string): { id: string; object: BundleObject | undefined; aliases: string[] } {
  const aliases: string[] = [];
  let current = id;
  for (;;) {
    const o = objects.get(current);
    if (!o || (o as unknown as AliasFields).kind !== "alias") return { id: current, object: o, aliases };
    if (aliases.includes(current)) return { id: current, object: undefined, aliases };
    aliases.push(current);
    const target = (o as unknown as AliasFields).target;
    if (!target) return { id: current, object: undefined, aliases };
    current = target;
  }
}

/**
 * Computes the public API of `bundle`.
 *
 * A module is public when no component of its dotted name is private. A module's member is public:
 * by the object's `is_public` (or `is_exported`) when the bundle records it; otherwise when the module
 * has `__all__` and lists it, or, without `__all__`, when its name is not private and not a dunder
 * (module metadata such as `__version__`). A name in `__all__` that the bundle has no object for is
 * still a public path, with `id: null`. A public class's members are public when their names are not
 * private (dunders such as `__init__` are), its own (declared in its body) and inherited ones
 * (found along `__mro__` in the bundle's classes, as attribute lookup finds them). Objects under
 * `<locals>` are never public. Without alias objects in the bundle, `X = Y` assignments are read as
 * aliases by {@link assignedAlias}.
 * Never throws.
 */
export function publicApi(bundle: Bundle): PublicApi {
  const objects = new Map<string, BundleObject>(bundle.objects.map((o) => [o.id, o]));
  const children = childrenByParent(bundle);
  const hasAliases = bundle.objects.some((o) => (o as unknown as AliasFields).kind === "alias");
  const entries = new Map<string, ApiEntry>();
  const add = (entry: ApiEntry) => {
    if (!entries.has(entry.path)) entries.set(entry.path, entry);
  };
  const recorded = (o: BundleObject): boolean | undefined => {
    const f = o as unknown as AliasFields;
    if (typeof f.is_public === "boolean") return f.is_public;
    if (typeof f.is_exported === "boolean") return f.is_exported;
    return undefined;
  };

  const walkClass = (path: string, cls: BundleObject, stack: Set<string>) => {
    if (stack.has(cls.id)) return;
    stack.add(cls.id);
    const own = new Set<string>();
    for (const m of children.get(cls.id) ?? []) {
      // Instance attributes are in the bundle only when documented: not part of what a diff compares.
      if (m.instance) continue;
      own.add(m.name);
      if (!(recorded(m) ?? !isPrivateName(m.name))) continue;
      member(`${path}.${m.name}`, m, false, null, stack);
    }
    // Inherited: what attribute lookup (getattr_static) finds along __mro__, first owner wins. Not
    // getmembers_static's list, which follows dir() and so a metaclass's __dir__ (EnumType's).
    for (const base of cls.mro?.slice(1) ?? []) {
      for (const m of children.get(base) ?? []) {
        if (own.has(m.name)) continue;
        own.add(m.name);
        if (!isPrivateName(m.name)) member(`${path}.${m.name}`, m, true, base, stack);
      }
    }
    stack.delete(cls.id);
  };
  const member = (path: string, o: BundleObject, inherited: boolean, owner: string | null, stack: Set<string>) => {
    const r = hasAliases ? resolveAlias(objects, o.id) : assignedAlias(objects, o);
    add({ path, id: r.id, kind: r.object?.kind ?? null, inherited, owner, aliases: r.aliases });
    if (r.object?.kind === "class") walkClass(path, r.object, stack);
  };

  for (const mod of bundle.modules) {
    if (mod.id.split(".").some(isPrivateName)) continue;
    const modObject = objects.get(mod.id);
    add({ path: mod.id, id: mod.id, kind: modObject?.kind ?? "module", inherited: false, owner: null, aliases: [] });
    const all = mod.all === null ? null : new Set(mod.all);
    const seen = new Set<string>();
    for (const o of children.get(mod.id) ?? []) {
      seen.add(o.name);
      const isPublic = recorded(o) ?? (all ? all.has(o.name) : !isPrivateName(o.name) && !isDunder(o.name));
      if (isPublic) member(`${mod.id}.${o.name}`, o, false, null, new Set());
    }
    for (const name of all ?? []) {
      if (seen.has(name)) continue;
      const path = `${mod.id}.${name}`;
      // A submodule listed in __all__ (from . import sub) is the module itself.
      const sub = objects.get(path);
      if (sub?.kind === "module") add({ path, id: sub.id, kind: "module", inherited: false, owner: null, aliases: [] });
      else add({ path, id: null, kind: null, inherited: false, owner: null, aliases: [] });
    }
  }

  const sorted = new Map([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const shortest = new Map<string, string>();
  for (const e of sorted.values()) {
    if (e.id === null || e.inherited) continue;
    const prev = shortest.get(e.id);
    if (prev === undefined || depth(e.path) < depth(prev) || (depth(e.path) === depth(prev) && e.path < prev)) shortest.set(e.id, e.path);
  }
  return {
    entries: sorted,
    objects,
    canonical: (id: string) => {
      const target = resolveAlias(objects, id).id;
      return shortest.get(target) ?? target.replace(":", ".");
    },
  };
}

const depth = (p: string) => p.split(".").length;

/**
 * For bundles without alias objects: an attribute assigned a bare name of a class or routine of the
 * same namespace, defined above it, unconditionally and without annotation (`EnumMeta = EnumType`,
 * `__ror__ = __or__`) is read as an alias of it, as the binder would bind the name; anything else
 * is the object itself.
 */
function assignedAlias(objects: ReadonlyMap<string, BundleObject>, o: BundleObject): { id: string; object: BundleObject | undefined; aliases: string[] } {
  const self = { id: o.id, object: o, aliases: [] as string[] };
  if (o.kind !== "attribute" || o.annotation !== null || o.conditions.length > 0 || o.value === null || !/^[A-Za-z_]\w*$/.test(o.value.trim()) || o.parent === null) return self;
  const parent = objects.get(o.parent);
  const id = parent?.kind === "module" ? `${o.parent}:${o.value.trim()}` : `${o.parent}.${o.value.trim()}`;
  const target = objects.get(id);
  if (!target || target.kind === "attribute" || target.kind === "module" || target.span.endLine >= o.span.line || target.conditions.length > 0) return self;
  return { id, object: target, aliases: [o.id] };
}
