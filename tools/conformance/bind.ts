/**
 * The static side of the `Signature.bind`, `getfullargspec` and `getclasstree` comparison: binds the
 * calls that tools/oracle/bind_oracle.py generated and bound with CPython against the analyzer's
 * signatures of the same objects, computes `getfullargspec`/`getclasstree` statically, and scores
 * each facet.
 *
 * Facets (each item compared is one call × {bind, bind_partial}, one object, or one module × unique):
 * - `bind`: the bound `arguments`, `args`, `kwargs`, and the three again after `apply_defaults()`
 *   (a default counted by where it lands, not by its repr), or the exact `TypeError` message; for a
 *   call with `*` unpacking, whether some length binds and the set of messages the others raise;
 *   with `**` unpacking, whether some key set binds;
 * - `bind.defaults`: the same calls where both sides bound, with each default's `repr()`;
 * - `getfullargspec`: the seven fields with each default's position but not its repr, or that
 *   CPython raises `TypeError`; `getfullargspec.defaults`: the defaults' reprs;
 * - `getclasstree`: the nested list over the module's classes (the oracle's list, sorted by id).
 * - `getclosurevars`: per function and method, the names of the four parts as sets, or that CPython
 *   raises; `getclosurevars.order`: where those agree, the same with `co_names`' order kept.
 * - `bind.algorithm` and `getclasstree.algorithm`: the pure functions alone, fed CPython's own
 *   parameters (names, kinds, whether each has a default) and CPython's own `__bases__`: a mismatch
 *   there is a bug in bindArguments/getclasstree, not in the analyzer's facts.
 */
import type { InspectParameter, InspectSignature, Program } from "../../packages/analyzer/src/index.ts";
import { argspecInput } from "../../packages/analyzer/src/query/argspec.ts";

export { argspecInput };
import {
  bindArguments,
  getclasstree,
  getfullargspec,
  type BindResult,
  type BoundArgumentValue,
  type BoundValue,
  type ClassTree,
  type FullArgSpec,
} from "../../packages/analyzer/src/index.ts";

// ---------------------------------------------------------------------------------------------
// The oracle's records (bind_oracle.py)

type Value = string | [string, unknown];
type BindRecord =
  | { error: string }
  | { arguments: [string, Value][]; args: Value[]; kwargs: [string, Value][]; defaults: [string, Value][]; defaults_args: Value[]; defaults_kwargs: [string, Value][] }
  | { mayBind: boolean; messages: string[] | null };

/** One generated call and what CPython's `bind`/`bind_partial` made of it. */
export interface OracleCall {
  label: string;
  args: string[];
  kwargs: [string, string][];
  /** A `*xs` of unknown length follows `args`. */
  star?: boolean;
  /** A `**kw` of unknown keys follows `kwargs`. */
  dstar?: boolean;
  bind: BindRecord;
  bind_partial: BindRecord;
}

interface OracleFullArgSpec {
  args: string[];
  varargs: string | null;
  varkw: string | null;
  defaults: string[] | null;
  kwonlyargs: string[];
  kwonlydefaults: [string, string][] | null;
  annotations: [string, string | { error: string }][];
}

export interface OracleBindObject {
  id: string;
  kind: string;
  signature: { parameters: [string, string, boolean][]; calls: OracleCall[] } | { error: string };
  fullargspec: OracleFullArgSpec | { error: string };
  /** Functions and methods only. */
  closurevars?: OracleClosureVars | { error: string };
}

/** `inspect.getclosurevars` as names: `co_freevars` order, `co_names` order, `co_names` order, sorted. */
interface OracleClosureVars {
  nonlocals: string[];
  globals: string[];
  builtins: string[];
  unbound: string[];
}

export type OracleTree = ({ class: string; bases: string[] } | OracleTree)[];

export interface OracleBindModule {
  module: string;
  file?: string | null;
  error: string | null;
  objects?: OracleBindObject[];
  classtree?: { classes: string[]; tree: OracleTree | { error: string }; unique: OracleTree | { error: string }; bases: Record<string, string[]> };
}

/** What bind_oracle.py prints. */
export interface BindOracle {
  python: string;
  modules: OracleBindModule[];
}

// ---------------------------------------------------------------------------------------------
// The report

export const BIND_FACETS = ["bind", "bind.defaults", "bind.algorithm", "getfullargspec", "getfullargspec.defaults", "getclasstree", "getclasstree.algorithm", "getclosurevars", "getclosurevars.order"] as const;
export type BindFacet = (typeof BIND_FACETS)[number];

export interface BindMismatch {
  id: string;
  facet: BindFacet;
  /** The call (label, bind or bind_partial) for `bind` facets; `unique=…` for `getclasstree`. */
  what?: string;
  /** The analyzer's input to this computation already differs from CPython's (see BindReport.facets). */
  inputDiffers?: true;
  expected: unknown;
  got: unknown;
}

export interface BindReport {
  /**
   * Per facet: items compared and matched, `percent` = matched / compared; `inputDiffers` counts the
   * items whose input the analyzer already gets wrong (the object's signature — names, kinds, which
   * parameters have defaults — for bind and getfullargspec; a class's `__bases__` for getclasstree),
   * which the `signature.parameters` and `bases` facets of `pnpm conformance` score; `percentWhereInputAgrees`
   * leaves them out.
   */
  facets: Record<BindFacet, { compared: number; matched: number; percent: number | null; inputDiffers: number; percentWhereInputAgrees: number | null }>;
  mismatches: BindMismatch[];
  /** Modules the oracle could not import (not compared). */
  moduleErrors: { module: string; error: string }[];
  /** Classes whose `__bases__` the analyzer gets wrong (the input of `getclasstree`), by module. */
  basesDiffer: { module: string; classes: string[] }[];
}

const isError = (x: unknown): x is { error: string } => !!x && typeof x === "object" && !Array.isArray(x) && "error" in x;

/** JSON with sorted object keys: the equality used for every facet. */
function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, val: unknown) =>
    val && typeof val === "object" && !Array.isArray(val) ? Object.fromEntries(Object.keys(val).sort().map((k) => [k, (val as Record<string, unknown>)[k]])) : val,
  );
}

// ---------------------------------------------------------------------------------------------
// Our side, in the oracle's record shapes

const renderDefault = (d: { text: string; rendered: string | null }): string | { unknown: string } => d.rendered ?? { unknown: d.text };

function valueRecord(v: BoundArgumentValue<string>): Value {
  switch (v.kind) {
    case "value":
      return v.value;
    case "default":
      return ["default", renderDefault(v.default)];
    case "tuple":
      return ["tuple", v.items];
    case "dict":
      return ["dict", v.entries.map((e) => [e.name, e.value])];
  }
}

const plain = (v: BoundValue<string>): Value => valueRecord(v);

function ourBindRecord(r: BindResult<string>, star: boolean): BindRecord {
  if (r.kind === "error") return star ? { mayBind: false, messages: [r.message] } : { error: r.message };
  if (r.kind === "unknown") return { mayBind: r.mayBind, messages: r.messages ? [...r.messages] : null };
  const b = r.bound;
  const d = b.apply_defaults();
  return {
    arguments: b.arguments.map((a) => [a.name, valueRecord(a.value)]),
    args: b.args.map(plain),
    kwargs: b.kwargs.map((k) => [k.name, valueRecord(k.value)]),
    defaults: d.arguments.map((a) => [a.name, valueRecord(a.value)]),
    defaults_args: d.args.map(plain),
    defaults_kwargs: d.kwargs.map((k) => [k.name, valueRecord(k.value)]),
  };
}

/** A bind record with every default's repr dropped: where defaults land, not what they print as. */
function withoutReprs(r: BindRecord): BindRecord {
  if (!("defaults" in r)) return r;
  const drop = (v: Value): Value => (Array.isArray(v) && v[0] === "default" ? ["default", "…"] : v);
  return {
    ...r,
    defaults: r.defaults.map(([n, v]) => [n, drop(v)]),
    defaults_args: r.defaults_args.map(drop),
    defaults_kwargs: r.defaults_kwargs.map(([n, v]) => [n, drop(v)]),
  };
}

function argspecRecord(spec: FullArgSpec | null): OracleFullArgSpec | { error: string } {
  if (!spec) return { error: "TypeError: unsupported callable" };
  return {
    args: [...spec.args],
    varargs: spec.varargs,
    varkw: spec.varkw,
    defaults: spec.defaults ? spec.defaults.map((d) => renderDefault(d) as string) : null,
    kwonlyargs: [...spec.kwonlyargs],
    kwonlydefaults: spec.kwonlydefaults ? spec.kwonlydefaults.map((d) => [d.name, renderDefault(d.default) as string]) : null,
    annotations: spec.annotations.map((a) => [a.name, a.annotation.rendered ?? { error: `unknown: ${a.annotation.text}` }]),
  };
}

function argspecWithoutReprs(r: OracleFullArgSpec | { error: string }): unknown {
  if (isError(r)) return r;
  return { ...r, defaults: r.defaults?.map(() => "…") ?? null, kwonlydefaults: r.kwonlydefaults?.map(([n]) => n) ?? null };
}

/** A class's `__bases__` as ids from the analyzer (`class C:` lists none; Python gives `(object,)`). */
/**
 * `__bases__` of class `id` as the oracle names classes ({@link runtimeClassId}); `defined` maps each
 * such name back to the analyzer's id, so that a base can be looked up in turn.
 */
function basesOf(program: Program, id: string, defined: Map<string, string>): readonly string[] | null {
  if (id === "builtins:object") return [];
  return (
    program.dunderBases(defined.get(id) ?? id)?.map((b) => {
      const name = runtimeClassId(program, b);
      if (name !== b) defined.set(name, b);
      return name;
    }) ?? null
  );
}

/**
 * A class id as the oracle names it: `__module__:__qualname__` where a class body assigns
 * `__module__`; otherwise the id itself (an `@line` suffix is dropped where the trees are compared).
 */
function runtimeClassId(program: Program, id: string): string {
  const o = program.object(id);
  const colon = id.indexOf(":");
  return o?.kind === "class" && o.qualname && colon > 0 && o.module !== id.slice(0, colon) ? `${o.module}:${o.qualname}` : id;
}

/** `m:T@12`, a class made by a factory call whose name another class already has: Python's id is `m:T`. */
const runtimeId = (id: string) => id.replace(/@\d+$/, "");

/** The oracle's tree with its `@n` disambiguation of same-named classes dropped. */
function runtimeTree(tree: OracleTree): unknown {
  return tree.map((item) => (Array.isArray(item) ? runtimeTree(item) : { class: runtimeId(item.class), bases: item.bases.map(runtimeId) }));
}

function treeRecord(tree: ClassTree | null): unknown {
  if (!tree) return { error: "not statically known" };
  return tree.map((item) => ("class" in item ? { class: runtimeId(item.class), bases: item.bases.map(runtimeId) } : treeRecord(item as ClassTree)));
}

// ---------------------------------------------------------------------------------------------
// The comparison

/** Scores the analyzer (`program`, over the same source files) against the oracle. */
export function compareBind(oracle: BindOracle, program: Program): BindReport {
  const facets = Object.fromEntries(
    BIND_FACETS.map((f) => [f, { compared: 0, matched: 0, percent: null as number | null, inputDiffers: 0, percentWhereInputAgrees: null as number | null }]),
  ) as BindReport["facets"];
  const agreeing = Object.fromEntries(BIND_FACETS.map((f) => [f, 0])) as Record<BindFacet, number>;
  const mismatches: BindMismatch[] = [];
  const moduleErrors: BindReport["moduleErrors"] = [];
  const basesDiffer: BindReport["basesDiffer"] = [];
  const score = (facet: BindFacet, id: string, expected: unknown, got: unknown, what: string | undefined, inputDiffers: boolean) => {
    facets[facet].compared++;
    if (inputDiffers) facets[facet].inputDiffers++;
    if (canonical(expected) === canonical(got)) {
      facets[facet].matched++;
      if (!inputDiffers) agreeing[facet]++;
    } else mismatches.push({ id, facet, ...(what ? { what } : {}), ...(inputDiffers ? { inputDiffers: true as const } : {}), expected, got });
  };

  for (const m of oracle.modules) {
    if (m.error) {
      moduleErrors.push({ module: m.module, error: m.error });
      continue;
    }
    for (const o of m.objects ?? []) {
      const sig = program.signature(o.id);
      const shape = (x: InspectSignature | null) => x?.parameters.map((p) => [p.name, p.kind, p.default !== null]) ?? null;
      const sigDiffers = isError(o.signature) ? sig !== null : canonical(shape(sig)) !== canonical(o.signature.parameters);
      if (!isError(o.signature)) {
        const theirs = {
          parameters: o.signature.parameters.map(([name, kind, hasDefault]) => ({ name, kind: kind as InspectParameter["kind"], default: hasDefault ? { text: "…", rendered: null } : null })),
        };
        for (const call of o.signature.calls) {
          const args = {
            positional: [...call.args.map((v) => ({ kind: "value" as const, value: v })), ...(call.star ? [{ kind: "unpack" as const, value: "xs" }] : [])],
            keywords: [...call.kwargs.map(([name, value]) => ({ kind: "value" as const, name, value })), ...(call.dstar ? [{ kind: "unpack" as const, value: "kw" }] : [])],
          };
          for (const mode of ["bind", "bind_partial"] as const) {
            const want = call[mode];
            const got: BindRecord | { error: "no signature" } = sig ? ourBindRecord(bindArguments(sig, args, { partial: mode === "bind_partial" }), !!(call.star || call.dstar)) : { error: "no signature" };
            score("bind", o.id, withoutReprs(want), withoutReprs(got), `${call.label} (${mode})`, sigDiffers);
            score("bind.algorithm", o.id, withoutReprs(want), withoutReprs(ourBindRecord(bindArguments(theirs, args, { partial: mode === "bind_partial" }), !!(call.star || call.dstar))), `${call.label} (${mode})`, false);
            if ("defaults" in want && "defaults" in got && canonical(withoutReprs(want)) === canonical(withoutReprs(got)) && want.defaults.some(([, v]) => Array.isArray(v) && v[0] === "default")) {
              score("bind.defaults", o.id, want.defaults, got.defaults, `${call.label} (${mode})`, sigDiffers);
            }
          }
        }
      }
      if (o.closurevars) {
        const cv = program.getclosurevars(o.id);
        const ours: OracleClosureVars | { error: string } = cv
          ? { nonlocals: cv.nonlocals.map((v) => v.name), globals: cv.globals.map((v) => v.name), builtins: cv.builtins.map((v) => v.name), unbound: [...cv.unbound] }
          : { error: "not a Python function of known code" };
        score("getclosurevars", o.id, closureVarsNames(o.closurevars), closureVarsNames(ours), undefined, false);
        if (!isError(o.closurevars) && !isError(ours) && canonical(closureVarsNames(o.closurevars)) === canonical(closureVarsNames(ours))) {
          score("getclosurevars.order", o.id, o.closurevars, ours, undefined, false);
        }
      }
      const input = argspecInput(program, o.id);
      const ours = argspecRecord(getfullargspec(input.signature, { boundParameter: input.boundParameter }));
      score("getfullargspec", o.id, argspecWithoutReprs(o.fullargspec), argspecWithoutReprs(ours), undefined, sigDiffers);
      if (!isError(o.fullargspec) && !isError(ours) && (o.fullargspec.defaults || o.fullargspec.kwonlydefaults)) {
        score("getfullargspec.defaults", o.id, [o.fullargspec.defaults, o.fullargspec.kwonlydefaults], [ours.defaults, ours.kwonlydefaults], undefined, sigDiffers);
      }
    }
    const ct = m.classtree;
    if (ct && ct.classes.length) {
      const bases = new Map<string, readonly string[]>();
      const defined = new Map<string, string>();
      const known = (id: string) => {
        const b = bases.has(id) ? bases.get(id)! : basesOf(program, id, defined);
        if (b) bases.set(id, b);
        return b;
      };
      // every class listed and each of its direct bases (the roots getclasstree adds)
      const want = (id: string) => {
        for (const x of known(id) ?? []) known(x);
      };
      for (const c of ct.classes) want(c);
      const wrong = ct.classes.filter((c) => canonical(bases.get(c)?.map(runtimeId) ?? null) !== canonical(ct.bases[c]!.map(runtimeId)));
      if (wrong.length) basesDiffer.push({ module: m.module, classes: wrong });
      const theirBases = new Map<string, readonly string[]>();
      const collect = (t: OracleTree) => {
        for (const item of t) if (Array.isArray(item)) collect(item);
        else theirBases.set(item.class, item.bases);
      };
      for (const unique of [false, true]) {
        const expected = unique ? ct.unique : ct.tree;
        if (isError(expected)) continue;
        score("getclasstree", m.module, runtimeTree(expected), treeRecord(getclasstree(ct.classes, bases, unique)), `unique=${unique ? "True" : "False"}`, wrong.length > 0);
        collect(expected);
        score("getclasstree.algorithm", m.module, runtimeTree(expected), treeRecord(getclasstree(ct.classes, theirBases, unique)), `unique=${unique ? "True" : "False"}`, false);
      }
    }
  }
  for (const f of BIND_FACETS) {
    const s = facets[f];
    s.percent = s.compared ? (100 * s.matched) / s.compared : null;
    const rest = s.compared - s.inputDiffers;
    s.percentWhereInputAgrees = rest ? (100 * agreeing[f]) / rest : null;
  }
  return { facets, mismatches, moduleErrors, basesDiffer };
}

/** The four parts as sets (sorted), or that CPython raises (any error). */
function closureVarsNames(r: OracleClosureVars | { error: string }): unknown {
  if (isError(r)) return { error: true };
  return { nonlocals: [...r.nonlocals].sort(), globals: [...r.globals].sort(), builtins: [...r.builtins].sort(), unbound: [...r.unbound].sort() };
}

const pct = (x: number | null) => (x === null ? "-" : (Math.floor(x * 10) / 10).toFixed(1));

/** The report as a Markdown table: facet, compared, matched, %, input differs, % where the input agrees. */
export function formatBindReport(r: BindReport): string {
  const rows = BIND_FACETS.map((f) => {
    const s = r.facets[f];
    return `| ${f} | ${s.compared} | ${s.matched} | ${pct(s.percent)} | ${s.inputDiffers} | ${pct(s.percentWhereInputAgrees)} |`;
  });
  return ["| facet | compared | matched | % | input differs | % where input agrees |", "|---|---:|---:|---:|---:|---:|", ...rows].join("\n");
}
