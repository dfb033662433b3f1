/**
 * Deciding `try: import … except ImportError:` branches (the summary's import guards) for the target:
 * a summary binds both branches, each under its guard literal; linking keeps the branch that runs.
 */
import type { Alternative, DefinedObject } from "../model/objects.ts";
import { alternativeOf } from "../bind/alternatives.ts";
import type { AllOp, ImportGuard, ModuleSummary, NameBinding, When } from "../model/summary.ts";

/**
 * Whether the target can import a module: `true`/`false`, or `null` when unknown (then both branches
 * of a guard stay, as when the analysed code may run either way).
 */
export type ModuleExists = (name: string) => boolean | null;

/**
 * Whether module `module` defines `name` on the target: `true`/`false`, or `null` when unknown. With
 * `fromImport`, as `from module import name` finds it (a submodule `module.name` counts); else as
 * `hasattr(module, name)` does right after the module is imported.
 */
export type ModuleDefines = (module: string, name: string, fromImport: boolean) => boolean | null;

/**
 * Each guard's outcome: `true` when every module imports and defines every name the guard needs
 * (`ImportGuard.names`), `false` when one cannot or does not, `null` when unknown. Without `defines`,
 * the names are unknown unless a module is missing.
 */
export function guardOutcomes(guards: readonly ImportGuard[], exists: ModuleExists, defines?: ModuleDefines): (boolean | null)[] {
  return guards.map((g) => {
    let all = true;
    for (const m of g.modules) {
      const known = exists(m);
      if (known === false) return false;
      if (known === null) all = false;
    }
    for (const n of g.names ?? []) {
      const known = defines ? defines(n.module, n.name, g.test === undefined) : null;
      if (known === false) return false;
      if (known === null) all = false;
    }
    return all ? true : null;
  });
}

/** Whether a guarded binding, definition or step runs under these outcomes (an unknown guard runs both ways). */
export function runs(when: When | undefined, outcomes: readonly (boolean | null)[]): boolean {
  if (!when) return true;
  for (const l of when) {
    const o = outcomes[l.guard];
    if (o !== null && o !== undefined && o !== l.succeeds) return false;
  }
  return true;
}

/**
 * The summary as the module runs on the target (`defines` answers the names guards need, see
 * {@link guardOutcomes}): bindings, definitions and `__all__` steps of guard branches that do not run
 * are dropped; of several definitions with one id, the last that runs is
 * kept. A summary without guards is returned as is. Never throws.
 */
export function specialize(s: ModuleSummary, exists: ModuleExists, defines?: ModuleDefines): ModuleSummary {
  if (s.guards.length === 0) return s;
  const outcomes = guardOutcomes(s.guards, exists, defines);
  if (outcomes.every((o) => o === null)) return dedupe(s, outcomes);
  const keep = (w: When | undefined) => runs(w, outcomes);
  const histories = (h: Readonly<Record<string, readonly NameBinding[]>>) => {
    const out: Record<string, readonly NameBinding[]> = Object.create(null);
    for (const [name, list] of Object.entries(h)) {
      const kept = list.filter((b) => keep(b.when));
      if (kept.length) out[name] = kept;
    }
    return out;
  };
  // The final binding of a name: the summary's, unless it is in a branch that does not run; then the
  // last one that runs (a name deleted at the end stays deleted).
  const scope = (sc: Readonly<Record<string, NameBinding>>, history: Readonly<Record<string, readonly NameBinding[]>>) => {
    const out: Record<string, NameBinding> = Object.create(null);
    for (const [name, b] of Object.entries(sc)) {
      if (keep(b.when)) out[name] = b;
      else {
        const last = history[name]?.at(-1);
        if (last) out[name] = last;
      }
    }
    return out;
  };
  const history = histories(s.history);
  const classHistories: Record<string, Record<string, readonly NameBinding[]>> = Object.create(null);
  for (const [id, h] of Object.entries(s.classHistories)) classHistories[id] = histories(h);
  const classScopes: Record<string, Record<string, NameBinding>> = Object.create(null);
  for (const [id, sc] of Object.entries(s.classScopes)) classScopes[id] = scope(sc, classHistories[id] ?? Object.create(null));
  const allOps: AllOp[] = s.allOps.filter((op) => keep(op.when));
  return dedupe({
    ...s,
    objects: s.objects.map((o) => (o.class?.namespaceWhen ? classRuns(o, keep) : o)),
    scope: scope(s.scope, history),
    history,
    classHistories,
    classScopes,
    allOps,
    starImports: s.starImports.filter((b) => keep(b.when)),
    typeCheckingStarImports: s.typeCheckingStarImports.filter((b) => keep(b.when)),
  }, outcomes);
}

/** A class whose namespace keeps only the guarded keys bound in a branch that runs. */
function classRuns(o: DefinedObject, keep: (w: When | undefined) => boolean): DefinedObject {
  const guarded = o.class!.namespaceWhen!;
  const namespace = o.class!.namespace.filter((n) => !Object.hasOwn(guarded, n) || guarded[n]!.some(keep));
  return { ...o, class: { ...o.class!, namespace } };
}

/**
 * Of several definitions with one id (in source order), the last one that runs; the others are listed
 * in its `alternatives` (`in_effect` false when their branch does not run or a later definition that
 * runs replaces them, `null` when that depends on an import whose outcome is unknown). Definitions of
 * an id none of whose branches runs are dropped (and listed in `unboundAlternatives`).
 */
function dedupe(s: ModuleSummary, outcomes: readonly (boolean | null)[]): ModuleSummary {
  const objects: DefinedObject[] = [];
  const unbound: Record<string, readonly Alternative[]> = Object.assign(Object.create(null), s.unboundAlternatives);
  let changed = false;
  for (let i = 0; i < s.objects.length; ) {
    let j = i;
    while (j + 1 < s.objects.length && s.objects[j + 1]!.id === s.objects[i]!.id) j++;
    const group = s.objects.slice(i, j + 1);
    i = j + 1;
    const running = group.filter((o) => runs(o.when, outcomes));
    const kept = running.at(-1);
    if (group.length === 1 && kept) {
      objects.push(kept);
      continue;
    }
    changed = true;
    if (!kept) {
      // No branch that defines the id runs: every one is listed for the id (an import may bind it).
      unbound[group[0]!.id] = group.flatMap((o) => [...(o.alternatives ?? []), alternativeOf(o, s.guards, false)]).sort((a, b) => a.line - b.line);
      continue;
    }
    // Replaced by a later one that runs: out of effect when both are sure to run, else unknown.
    const sure = (o: DefinedObject) => !o.undecided && (o.when ?? []).every((l) => outcomes[l.guard] === l.succeeds);
    const alts: Alternative[] = group.flatMap((o) => [...(o.alternatives ?? [])]);
    for (const o of group) {
      if (o === kept) continue;
      const inEffect = !runs(o.when, outcomes) ? false : sure(o) && sure(kept) && o.span.line < kept.span.line ? false : null;
      alts.push(alternativeOf(o, s.guards, inEffect));
    }
    alts.sort((a, b) => a.line - b.line);
    objects.push({ ...kept, alternatives: alts });
  }
  return changed ? { ...s, objects, ...(Object.keys(unbound).length ? { unboundAlternatives: unbound } : {}) } : s;
}
