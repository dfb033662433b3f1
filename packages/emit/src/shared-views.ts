/**
 * Inspect views that one bundle asks for more than once, made once. An object re-exported by an
 * import (`from ._impl import Thing` in `pkg/__init__.py`) appears twice in the bundle: as
 * `pkg._impl:Thing` and as the alias `pkg:Thing`, which carries the target's whole inspect view
 * (signature, parsed docstring, argspec, closure variables…). Over site-packages these repeated
 * views were a quarter of the time spent making objects.
 */
import type { DefinedObject, Program } from "@static-inspect/analyzer";
import type { BundleObject } from "./schema.ts";

/** What making a view needs to know of the part it is made for: the docstring names it looks up are added to `queried`. */
export interface SharedViewOptions {
  readonly queried?: Set<string>;
}

/**
 * How a view's dependencies are tracked (`Program.dependencies` and `Program.dependOn`): the modules
 * a view read when it was made count for every use, as if each use had made it.
 */
export interface DependencyTracker {
  dependencies<T>(compute: () => T): { readonly value: T; readonly reads: readonly string[] };
  dependOn(reads: Iterable<string>): void;
}

/** One part of the bundle as {@link SharedViews} counts it: its defined objects, and the modules whose import aliases it lists. */
export interface CountedPart {
  readonly objects: readonly DefinedObject[];
  readonly aliasesOf: readonly { readonly name: string }[];
}

/**
 * Views made once per bundle and handed to each use: `make` is the view of an object (`objectView`),
 * `targets(module)` the ids of the objects a module's import aliases show the views of. A view is
 * kept from its first use to its last (counted from the parts before any is made), then dropped, so
 * at most the views still to be reused are held. The docstring names a view looked up when it was
 * made are added to the `queried` set of every part that uses it, and the modules it read (with
 * `deps`) count for the computation of every use, as if that part had made it (the part cache's
 * dependencies stay the same). Views are shared objects: callers copy, never mutate.
 */
export class SharedViews<O extends SharedViewOptions> {
  private readonly uses = new Map<string, number>();
  private readonly kept = new Map<string, { readonly view: BundleObject | null; readonly queried: readonly string[]; readonly reads: readonly string[] }>();

  constructor(
    parts: readonly CountedPart[],
    targets: (module: string) => readonly string[],
    private readonly make: (o: DefinedObject, options: O) => BundleObject | null,
    private readonly deps?: DependencyTracker,
  ) {
    const count = (id: string) => this.uses.set(id, (this.uses.get(id) ?? 0) + 1);
    for (const part of parts) for (const s of part.aliasesOf) for (const id of targets(s.name)) count(id);
    for (const part of parts) for (const o of part.objects) if (this.uses.has(o.id)) count(o.id);
    for (const [id, n] of this.uses) if (n < 2) this.uses.delete(id);
  }

  /** The view of `o` made with `options` (see the class comment). Throws what `make` throws. */
  view(o: DefinedObject, options: O): BundleObject | null {
    const left = this.uses.get(o.id);
    if (left === undefined) return this.make(o, options);
    let hit = this.kept.get(o.id);
    if (!hit) {
      const queried = new Set<string>();
      const make = () => this.make(o, { ...options, queried });
      const { value, reads } = this.deps ? this.deps.dependencies(make) : { value: make(), reads: [] };
      hit = { view: value, queried: [...queried], reads };
      this.kept.set(o.id, hit);
    } else this.deps?.dependOn(hit.reads);
    for (const q of hit.queried) options.queried?.add(q);
    if (left <= 1) {
      this.uses.delete(o.id);
      this.kept.delete(o.id);
    } else this.uses.set(o.id, left - 1);
    return hit.view;
  }
}

/**
 * The ids whose views `program`'s import aliases in `module` show (see `importAliasObject`), computing
 * no view: a target that has none (outside the given modules, or left out after a crash) is counted
 * too, which only keeps a count that no view is made for. Counting computes nothing that an alias
 * written again from an earlier bundle (`analyze --watch`) would not need.
 */
export function importAliasTargets(program: Program, module: string): string[] {
  const out: string[] = [];
  for (const m of program.moduleMembers(module) ?? []) {
    if ((m.how !== "imported" && m.how !== "star-imported") || m.line === null || m.id === null || !m.id.includes(":")) continue;
    if (program.object(`${module}:${m.name}`)) continue;
    const target = program.object(m.id);
    if (target && target.kind !== "attribute") out.push(m.id);
  }
  return out;
}
