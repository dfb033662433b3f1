import type { Expression, If, Statement, Try } from "@static-inspect/parser";
import { attributeProbes, evaluateCondition, probeKey } from "./conditions.ts";
import { Binder, type ScopeFrame } from "./binder.ts";
import type { GuardLiteral } from "../model/summary.ts";
import type { ConditionFact } from "../model/objects.ts";
import { conditionFact, ruledOutBranch } from "./alternatives.ts";
/**
 * Import guards while binding: both branches of `try: import … except ImportError:` bound, each under
 * its guard literal, and names (`_mswindows`) whose value depends on a guard followed into `if` tests.
 */
/**
 * After a guard's two branches: a name given a known value on both sides (or kept from before on
 * one) becomes known, outright when both agree, else as depending on the guard.
 */
export function settleGuardedNames(b: Binder, guard: number, before: ReadonlyMap<string, boolean | string>): void {
  const ok = b.guardBranchValues.get(branchKey({ guard, succeeds: true }))!;
  const failed = b.guardBranchValues.get(branchKey({ guard, succeeds: false }))!;
  for (const name of new Set([...ok.keys(), ...failed.keys()])) {
    const ifSucceeds = ok.has(name) ? ok.get(name)! : (before.get(name) ?? null);
    const ifFails = failed.has(name) ? failed.get(name)! : (before.get(name) ?? null);
    if (ifSucceeds === null || ifFails === null) continue;
    if (ifSucceeds === ifFails) b.knownConditions.set(name, ifSucceeds);
    else b.guardedConditions.set(name, { guard, ifSucceeds, ifFails });
  }
}

/**
 * How an `if` test that names guard-dependent values (and nothing else unknown) comes out on each
 * side of that one guard, or `null` when it does not depend on exactly one guard that way.
 */
export function guardDecides(b: Binder, test: Expression): { guard: number; ifTrue: boolean; ifFalse: boolean } | null {
  const used = [...new Set(namesIn(test))].filter((n) => b.guardedConditions.has(n));
  const guards = new Set(used.map((n) => b.guardedConditions.get(n)!.guard));
  if (guards.size !== 1) return null;
  const guard = [...guards][0]!;
  const outcome = (succeeds: boolean) => {
    const known = new Map(b.knownConditions);
    for (const n of used) known.set(n, succeeds ? b.guardedConditions.get(n)!.ifSucceeds : b.guardedConditions.get(n)!.ifFails);
    return evaluateCondition(test, b.target, (e) => b.canonical(e), known);
  };
  const ifTrue = outcome(true);
  const ifFalse = outcome(false);
  return ifTrue === null || ifFalse === null ? null : { guard, ifTrue, ifFalse };
}

/** Binds `run` under guard branch `literal`. */
export function underGuard(b: Binder, literal: GuardLiteral, run: () => void): void {
  if (!b.guardBranchValues.has(branchKey(literal))) b.guardBranchValues.set(branchKey(literal), new Map());
  b.when.push(literal);
  try {
    run();
  } finally {
    b.when.pop();
  }
}

/** A key for one branch of one guard. */
export const branchKey = (l: GuardLiteral): string => `${l.guard}${l.succeeds ? "+" : "-"}`;

/** The names an expression reads (`Name` nodes anywhere in it). */
function namesIn(e: unknown, out: string[] = [], depth = 0): string[] {
  if (depth > 50 || e === null || typeof e !== "object") return out;
  if (Array.isArray(e)) {
    for (const x of e) namesIn(x, out, depth + 1);
    return out;
  }
  const node = e as { kind?: string; id?: string };
  if (node.kind === "Name" && typeof node.id === "string") out.push(node.id);
  // `for…in`, not `Object.entries`: the same keys in the same order, without an array of pairs per node.
  for (const k in node) {
    const v = (node as Record<string, unknown>)[k];
    if (k !== "span" && v !== null && typeof v === "object") namesIn(v, out, depth + 1);
  }
  return out;
}

/** How many attribute probes one `if` test may make to be decided as a guard (2^n outcomes are tried). */
const MAX_PROBES = 4;

/**
 * An `if` test that depends only on module attributes (see `attributeProbes`) beside what the target
 * decides, as a guard: the test comes out one way when every probed attribute exists and the other
 * way otherwise (`hasattr(m, "a")`, `not hasattr(m, "a") or not hasattr(m, "b")`). `null` for any
 * other test, one whose modules the module does not import, or inside a function (which runs later).
 */
export function attributeGuard(b: Binder, test: Expression, frame: ScopeFrame): { guard: number; ifTrue: boolean; ifFalse: boolean } | null {
  if (frame.kind === "function") return null;
  const canonical = (e: Expression) => b.canonical(e);
  const probes = attributeProbes(test, canonical);
  if (probes.length === 0 || probes.length > MAX_PROBES) return null;
  // Only modules the module imports (`import typing`, `import a.b as c`), so the name is the module.
  const imported = (module: string) => Object.values(b.moduleFrame?.bindings ?? {}).some((x) => x.kind === "import" && (x.target === module || x.imported === module));
  if (!probes.every((p) => imported(p.module))) return null;
  let ifAll: boolean | null = null;
  let ifNotAll: boolean | null = null;
  for (let mask = 0; mask < 1 << probes.length; mask++) {
    const answers = new Map(probes.map((p, i) => [probeKey(p), (mask & (1 << i)) !== 0] as const));
    const v = evaluateCondition(test, b.target, canonical, b.knownConditions, answers);
    if (v === null) return null;
    const all = mask === (1 << probes.length) - 1;
    if (all) ifAll = v;
    else if (ifNotAll === null) ifNotAll = v;
    else if (ifNotAll !== v) return null;
  }
  if (ifAll === null || ifNotAll === null || ifAll === ifNotAll) return null;
  const guard = b.guards.push({ modules: [], names: probes.map((p) => ({ module: p.module, name: p.name })), test: test.text }) - 1;
  return { guard, ifTrue: ifAll, ifFalse: ifNotAll };
}

/**
 * The modules a `try` body made only of absolute imports imports, and the names its `from` imports
 * take from them, or `null` when it does anything else (then which branch runs is not a question of
 * modules existing).
 */
function importedModules(body: readonly Statement[]): { modules: string[]; names: { module: string; name: string }[] } | null {
  if (body.length === 0) return null;
  const modules: string[] = [];
  const names: { module: string; name: string }[] = [];
  for (const st of body) {
    if (st.kind === "Import") modules.push(...st.names.map((a) => a.name));
    else if (st.kind === "ImportFrom" && st.level === 0 && st.module) {
      modules.push(st.module);
      if (st.names !== "*") for (const a of st.names) names.push({ module: st.module, name: a.name });
    } else return null;
  }
  return { modules, names };
}


/**
 * An `if` statement: a test the target decides binds only the branch that runs; one that depends on
 * an import guard binds each side under a guard branch; otherwise both sides bind (values assigned in
 * them are unknown afterwards).
 */
export function bindIf(b: Binder, s: If, frame: ScopeFrame): void {
  // A branch decided by the target (platform, version, TYPE_CHECKING) binds only what runs; one
  // that depends on an import guard (`if _mswindows:`) binds each side under a guard branch.
  let taken = evaluateCondition(s.test, b.target, (e) => b.canonical(e), b.knownConditions);
  // `if hasattr(typing, "ParamSpec"):` is decided by link, from typing's namespace on the target.
  const byGuard = taken === null ? (guardDecides(b, s.test) ?? attributeGuard(b, s.test, frame)) : null;
  if (byGuard && byGuard.ifTrue === byGuard.ifFalse) taken = byGuard.ifTrue;
  const split = byGuard && byGuard.ifTrue !== byGuard.ifFalse ? byGuard : null;
  const side = (truth: boolean, run: () => void) => (split ? underGuard(b, { guard: split.guard, succeeds: split.ifTrue === truth }, run) : run());
  if (taken === null) b.undecided++;
  if (taken === null && !split) b.undecidedTests++;
  if (taken === false && frame.kind === "module" && /(^|\.)TYPE_CHECKING$/.test(b.canonical(s.test))) b.typeCheckingImports(s.body);
  const canonical = (e: Expression) => b.canonical(e);
  const fact = conditionFact(s.test, canonical);
  const notFact = conditionFact(s.test, canonical, true);
  // A side the target rules out is not bound; its definitions are listed as alternatives (not those
  // of `if __name__ == "__main__":`, which runs the module as a script: no question of availability).
  const listed = !namesIn(s.test).includes("__name__");
  if (taken !== false) side(true, () => b.inBranch(s.test.text, () => b.body(s.body, frame), fact));
  else if (listed) b.inBranch(s.test.text, () => ruledOutBranch(b, s.body, frame), fact);
  if (taken !== true && s.orelse.length) side(false, () => b.inBranch(`not (${s.test.text})`, () => b.body(s.orelse, frame), notFact));
  else if (s.orelse.length && listed) b.inBranch(`not (${s.test.text})`, () => ruledOutBranch(b, s.orelse, frame), notFact);
  if (taken === null) b.undecided--;
  if (taken === null && !split) b.undecidedTests--;
}

/**
 * A `try` statement. When its body only imports and its handlers catch `ImportError`, it is an import
 * guard: the body and `else` bind under "the imports succeed", the handlers under "they fail", and link
 * decides; any other `try` binds all its parts.
 */
export function bindTry(b: Binder, s: Try, frame: ScopeFrame): void {
  const guards = s.handlers.some((h) => h.type === null || /\b(ImportError|ModuleNotFoundError|Exception|BaseException)\b/.test(h.type.text));
  // `try: import msvcrt / except ImportError: …`: which branch runs depends on whether the
  // target can import the modules, which link decides; both are bound, each under its branch.
  const imported = guards && frame.kind !== "function" ? importedModules(s.body) : null;
  const modules = imported?.modules ?? null;
  const guard = imported === null ? null : b.guards.push({ modules: imported.modules, ...(imported.names.length ? { names: imported.names } : {}) }) - 1;
  const branch = (succeeds: boolean, run: () => void) => (guard === null ? run() : underGuard(b, { guard, succeeds }, run));
  const before = guard === null ? null : new Map(b.knownConditions);
  b.undecided++;
  if (guard === null) b.undecidedTests++;
  branch(true, () => {
    if (guards) b.guarded++;
    b.body(s.body, frame);
    if (guards) b.guarded--;
  });
  branch(false, () => {
    for (const h of s.handlers) {
      if (h.name && frame.kind !== "function") b.setBinding(frame, h.name, { kind: "value", target: "", line: h.span.line, expression: h.type ?? undefined });
      const fact: ConditionFact = modules !== null ? { kind: "import", modules, negated: true } : { kind: "other" };
      b.inBranch(h.type ? `except ${h.type.text}` : "except", () => b.body(h.body, frame), fact);
    }
  });
  branch(true, () => b.body(s.orelse, frame));
  b.undecided--;
  if (guard === null) b.undecidedTests--;
  if (guard !== null) settleGuardedNames(b, guard, before!);
  b.body(s.finalbody, frame);
}
