/**
 * The differential comparator: scores a bundle (what static-inspect computed) against the oracle
 * (what CPython's `inspect` says, recorded by tools/oracle/inspect_oracle.py), facet by facet.
 *
 * Every (oracle object, facet) that applies to the object's kind ends up in exactly one of three
 * buckets: matched, mismatched, or set aside by a named rule (see "Rules" below). "compared" is
 * matched + mismatched. Bundle objects of the compared modules that the oracle did not record are
 * "extra": reported, not a facet; the rules may explain them too (attributes, <locals>, names the
 * module rebinds to C at import, …).
 *
 * Everything here is pure: no I/O.
 */
import { PREDICATE_NAMES, type Bundle, type BundleObject } from "../../packages/emit/src/schema.ts";

// ---------------------------------------------------------------------------------------------
// The oracle's JSON (tools/oracle/inspect_oracle.py)

/** A fact whose computation raised: `{"error": "TypeName: message"}`. */
export interface OracleError {
  error: string;
}
export type Fact<T> = T | OracleError;

export interface OracleParameter {
  name: string;
  kind: string;
  default: Fact<string> | null;
  annotation: Fact<string> | null;
}

export interface OracleSignature {
  text: string;
  parameters: OracleParameter[];
  return_annotation: Fact<string> | null;
}

export interface OracleDictEntry {
  name: string;
  type: string;
  qualname_ok: boolean;
  foreign_code: string | null;
}

export interface OracleMember {
  name: string;
  owner: string | null;
}

export interface OracleObject {
  id: string;
  qualname: string | null;
  kind: string | null;
  /** Set when recording the object failed as a whole; the other fields are then absent. */
  error: string | null;
  lineno_def?: Fact<number | null>;
  predicates?: Record<string, Fact<boolean>>;
  signature?: Fact<OracleSignature> | null;
  fget_signature?: Fact<OracleSignature> | null;
  doc?: Fact<string | null>;
  raw_doc?: Fact<string | null>;
  comments?: Fact<string | null>;
  sourcelines?: Fact<{ lineno: number; count: number }>;
  sourcefile?: Fact<string | null>;
  bases?: Fact<string[]> | null;
  mro?: Fact<string[]> | null;
  metaclass?: Fact<string> | null;
  members?: Fact<OracleMember[]> | null;
  dict_entries?: Fact<OracleDictEntry[]> | null;
  annotations?: Fact<Record<string, Fact<string>>> | null;
  wrapped?: Fact<string | null>;
  /** Routines: `co_flags` names (`CO_GENERATOR`, …), sorted; null without a code object. */
  code_flags?: Fact<string[] | null>;
  runtime_module?: Fact<string | null>;
  /** An alias (`camelCase = snake_case`): the id under which the oracle records the object itself. */
  alias_of?: string;
}

export interface OracleNameEntry {
  type: string;
  defined_here: boolean;
  qualname: string | null;
  module: string | null;
  builtin: boolean;
}

export interface OracleModule {
  module: string;
  /** Import failure, crash or timeout; the other fields are then absent. */
  error: string | null;
  file?: string | null;
  is_package?: boolean;
  names?: Record<string, Fact<OracleNameEntry>>;
  all?: Fact<string[]> | null;
  objects?: OracleObject[];
}

export interface Oracle {
  python: string;
  platform: string;
  modules: OracleModule[];
}

// ---------------------------------------------------------------------------------------------
// Facets

/** The facets, in report order. */
export const FACETS = [
  "object",
  "kind",
  "predicates",
  "signature.text",
  "class signature.text",
  "signature.parameters",
  "signature.defaults",
  "signature.annotations",
  "codeFlags",
  "wrapped",
  "doc",
  "rawDoc",
  "comments",
  "sourcelines",
  "mro",
  "members",
  "members.owner",
  "bases",
  "annotations",
] as const;
export type Facet = (typeof FACETS)[number];

/** The predicates compared: the bundle's (it has no isgenerator/iscoroutine, never true of a def). */
export const COMPARED_PREDICATES = PREDICATE_NAMES;

const ROUTINE_KINDS = new Set(["function", "method", "staticmethod", "classmethod"]);
const UNIVERSAL: Facet[] = ["object", "kind", "predicates", "doc", "rawDoc", "comments", "sourcelines"];

/**
 * The facets that apply to an object of the oracle's `kind`: signatures for routines (classes
 * have their own `class signature.text`), MRO/members/bases for classes, `annotations` where the
 * oracle records `inspect.get_annotations` (modules, classes, routines). A facet that does not
 * apply is not counted at all.
 */
export function facetsFor(kind: string | null): Facet[] {
  const out: Facet[] = [...UNIVERSAL];
  if (kind !== null && ROUTINE_KINDS.has(kind)) {
    out.push("signature.text", "signature.parameters", "signature.defaults", "signature.annotations", "codeFlags", "wrapped", "annotations");
  } else if (kind === "class") {
    out.push("class signature.text", "mro", "members", "members.owner", "bases", "annotations");
  } else if (kind === "module") {
    out.push("annotations");
  }
  return FACETS.filter((f) => out.includes(f));
}

// ---------------------------------------------------------------------------------------------
// Helpers

export function isError(v: unknown): v is OracleError {
  return typeof v === "object" && v !== null && !Array.isArray(v) && typeof (v as OracleError).error === "string" && Object.keys(v).length === 1;
}

/** Bundle id `a.b:C.D` → the oracle's dotted `a.b.C.D`; a module id is already dotted. */
export function idToDotted(id: string): string {
  // `m:T@12`: a class built by a factory call whose name another object already has (see bind).
  return id.replace(":", ".").replace(/@\d+$/, "");
}

/** `__module__` and `__qualname__` of the bundle's objects by id, as the oracle names classes; set by {@link compare}. */
let runtimeNames: ReadonlyMap<string, string> = new Map();

/**
 * A bundle class id as the oracle prints a class in `__mro__`/`__bases__`: `__module__.__qualname__`
 * from the bundle's record (a class body may assign `__module__`), else {@link idToDotted}.
 */
function runtimeDotted(id: string): string {
  return runtimeNames.get(id) ?? idToDotted(id);
}

/** JSON with sorted object keys: the equality used for every facet. */
export function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, val: unknown) => {
    if (val && typeof val === "object" && !Array.isArray(val)) {
      const o = val as Record<string, unknown>;
      return Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]]));
    }
    return val;
  });
}

const isDunder = (n: string) => n.length > 4 && n.startsWith("__") && n.endsWith("__");
const SIGNATURE_FACETS = new Set<Facet>(["signature.text", "class signature.text", "signature.parameters", "signature.defaults", "signature.annotations"]);

/** Types of class `__dict__` entries whose underlying function the oracle records (its `underlying()`). */
const RECORDED_ENTRY_TYPES = new Set(["function", "staticmethod", "classmethod", "property", "cached_property"]);

// ---------------------------------------------------------------------------------------------
// Rules: why a fact is not comparable

/** What a rule sees. `oracle` is absent for an extra; `bundle` is absent when the bundle lacks the object. */
export interface RuleContext {
  module: OracleModule;
  oracle: OracleObject | undefined;
  bundle: BundleObject | undefined;
  /** The facet being scored, or "extra" when classifying a bundle object the oracle did not record. */
  facet: Facet | "extra";
  /** Extras: the oracle record of the bundle object's parent class, if the oracle recorded it. */
  parentRecord?: OracleObject | undefined;
}

/** The oracle could not import the module (ImportError, crash, timeout): there is nothing to compare its objects with. */
function importFailed(c: RuleContext): boolean {
  return c.module.error !== null && c.module.error !== undefined;
}

/** The module has no Python source file (a C extension or builtin module): nothing for a static analyser to read. */
function noPythonSource(c: RuleContext): boolean {
  const f = c.module.file;
  return !importFailed(c) && (typeof f !== "string" || !/\.pyw?$/.test(f));
}

/**
 * The class is implemented in C. On the oracle side, a class record that is a C type claiming this
 * module (`ast.Add`, or `operator.attrgetter` replacing the Python class of the same name): its own
 * `__dict__` has a C `__new__` (`builtin_function_or_method`, which no class statement produces), or
 * inspect finds neither a class statement (`OSError: could not find class definition`) nor a
 * signature (`no signature found for builtin type`), or the oracle flags its name as builtin. On the
 * bundle side: an extra class, or a member of one, whose module-level name is bound to a C class at
 * import (`from _collections import OrderedDict` replacing the Python class), or whose class the
 * oracle recorded as a C type.
 */
function implementedInC(c: RuleContext): boolean {
  if (c.oracle) return isCClassRecord(c.module, c.oracle);
  if (c.facet !== "extra" || !c.bundle) return false;
  if (c.parentRecord && isCClassRecord(c.module, c.parentRecord)) return true;
  const entry = topLevelEntry(c.module, c.bundle);
  // nested objects: their top-level name must be a class
  return !!entry && entry.builtin && (c.bundle.kind === "class" || !isTopLevel(c.bundle));
}

/**
 * The module rebinds the name to a C function at import (`from _heapq import *` after the Python
 * defs): the oracle sees a builtin and records nothing, while the bundle has the def.
 */
function runtimeReboundToC(c: RuleContext): boolean {
  if (c.oracle || c.facet !== "extra" || !c.bundle || !isTopLevel(c.bundle)) return false;
  const entry = topLevelEntry(c.module, c.bundle);
  return !!entry && entry.builtin;
}

/** The oracle records no data attributes (only modules, classes, routines and properties). */
function attributeNotRecorded(c: RuleContext): boolean {
  return !c.oracle && c.facet === "extra" && c.bundle?.kind === "attribute";
}

/**
 * An imported name (a bundle alias without a value: `from .impl import Thing`, `from _csv import
 * __doc__`): the oracle records an object only in the module that defines it, under its own id.
 */
function importedNameNotRecorded(c: RuleContext): boolean {
  return !c.oracle && c.facet === "extra" && c.bundle?.target !== undefined && c.bundle.value === null;
}

/** The oracle does not look inside function bodies: objects whose qualname has `<locals>`. */
function localsNotRecorded(c: RuleContext): boolean {
  return !c.oracle && c.facet === "extra" && !!c.bundle?.qualname?.includes("<locals>");
}

/**
 * At runtime the module-level name (of the object, or of the class it is nested in) is bound to an
 * object from another (Python) module — an import after the def, e.g. `try: from _pydecimal import X`
 * — so the object the bundle describes is not what the module exports.
 */
function notDefinedHere(c: RuleContext): boolean {
  if (c.oracle || c.facet !== "extra" || !c.bundle) return false;
  const entry = topLevelEntry(c.module, c.bundle);
  return !!entry && !entry.defined_here;
}

/**
 * The name does not exist at runtime: deleted at import (`del name`), removed by a metaclass, or never
 * bound on the path the import took (platform branches), so the oracle cannot see it. For a nested
 * object: its class's `__dict__` lacks the name, or the module-level name it is nested in is gone.
 */
function absentAtRuntime(c: RuleContext): boolean {
  if (c.oracle || c.facet !== "extra" || !c.bundle) return false;
  const b = c.bundle;
  const top = topLevelName(b);
  // the oracle's names omit dunders: unknowable
  if (!isDunder(top) && c.module.names !== undefined && !(top in c.module.names)) return true;
  if (isTopLevel(b)) return false;
  const entries = c.parentRecord?.dict_entries;
  return Array.isArray(entries) && !entries.some((e) => e.name === b.name);
}

/**
 * A private name (`__x`) in a class body is stored mangled (`_C__x`) in the class `__dict__`, while
 * the function's `__qualname__` keeps `C.__x`; the oracle records a member only when the two agree.
 */
function nameMangled(c: RuleContext): boolean {
  if (c.oracle || c.facet !== "extra" || !c.bundle || isTopLevel(c.bundle)) return false;
  const n = c.bundle.name;
  return n.startsWith("__") && !n.endsWith("__") && c.bundle.parent !== null && !c.bundle.parent.includes("<locals>");
}

/**
 * The object's code comes from another file: the class's `__dict__` entry is a function compiled
 * elsewhere (a dataclass- or namedtuple-generated `__init__`, a method copied from another module),
 * which the oracle deliberately does not record.
 */
function foreignCode(c: RuleContext): boolean {
  if (c.oracle || c.facet !== "extra" || !c.bundle) return false;
  const e = dictEntry(c.parentRecord, c.bundle.name);
  return !!e && e.foreign_code !== null;
}

/**
 * At runtime the name is bound to an object whose `__qualname__` is not this name (an alias such as
 * `__str__ = __repr__`, a decorator returning another object), so the oracle does not record it under
 * this id.
 */
function reboundAtRuntime(c: RuleContext): boolean {
  if (c.oracle || c.facet !== "extra" || !c.bundle) return false;
  const b = c.bundle;
  if (isTopLevel(b)) {
    const entry = topLevelEntry(c.module, b);
    return !!entry && entry.qualname !== b.qualname;
  }
  const e = dictEntry(c.parentRecord, b.name);
  return !!e && RECORDED_ENTRY_TYPES.has(e.type) && !e.qualname_ok;
}

/**
 * A decorator turned the def into an object that is not a function, which the oracle does not
 * record: in a class, a `__dict__` entry of a type it does not unwrap (singledispatchmethod,
 * partialmethod, …); at module level, a def bound at runtime to an instance (typing's
 * `@_SpecialForm def ClassVar`).
 */
function notAFunctionAtRuntime(c: RuleContext): boolean {
  if (c.oracle || c.facet !== "extra" || !c.bundle || c.bundle.kind === "class") return false;
  const b = c.bundle;
  if (isTopLevel(b)) {
    const entry = topLevelEntry(c.module, b);
    return b.kind === "function" && !!entry && entry.type !== "function";
  }
  const e = dictEntry(c.parentRecord, b.name);
  return !!e && !RECORDED_ENTRY_TYPES.has(e.type) && !e.type.endsWith("_lru_cache_wrapper");
}

/**
 * The oracle saw an alias (a class `__dict__` or module entry holding an object of this module that
 * has another `__qualname__`) that no assignment in the source makes: a metaclass or a later
 * statement put it there at run time (EnumType's `__new__`, typing's `_no_init_or_replace_init`, a
 * `setattr`), so the bundle has no such name, or has the def the runtime replaced. An alias the source
 * writes is in the bundle as kind alias (or, when its value is not a plain name, as an attribute),
 * and is compared.
 */
function aliasMadeAtRuntime(c: RuleContext): boolean {
  if (!c.oracle?.alias_of) return false;
  return !c.bundle || (c.bundle.target === undefined && c.bundle.kind !== "attribute");
}

/**
 * The alias is bound in branches the target cannot decide statically (`if _can_use('epoll'):
 * DefaultSelector = EpollSelector` … `else:`): the bundle's alias has conditions and names another
 * target than the one the runtime took, so the object inspect sees depends on the machine.
 */
function aliasBranchUndecided(c: RuleContext): boolean {
  if (!c.oracle?.alias_of || !c.bundle || c.bundle.target === undefined || c.bundle.conditions.length === 0) return false;
  return c.bundle.target !== c.oracle.alias_of;
}

/**
 * The bundle's object is an alias of something outside the analysed modules (a C class such as
 * 3.12's `typing.Generic`, imported from `_typing`): it exists (the `object` facet counts it), but the
 * bundle carries no view of its target to compare.
 */
function aliasOfUnanalysed(c: RuleContext): boolean {
  return !!c.oracle && !!c.bundle && c.bundle.kind === "alias" && c.facet !== "object";
}

/** The bundle has no such object; the `object` facet already counts it as a mismatch, once. */
function missingFromBundle(c: RuleContext): boolean {
  return !!c.oracle && !c.bundle && c.facet !== "object";
}

/** The oracle failed to record the object as a whole (getattr raised): only its presence is known. */
function oracleRecordFailed(c: RuleContext): boolean {
  return !!c.oracle && !!c.oracle.error && c.facet !== "object";
}

/** `inspect.signature` raised (ValueError: no signature found for builtin type …), so there is no signature to compare. */
function signatureRaises(c: RuleContext): boolean {
  return !!c.oracle && SIGNATURE_FACETS.has(c.facet as Facet) && isError(c.oracle.signature);
}

/**
 * The oracle's fact for this facet raised (the whole fact or a part, e.g. one default's repr).
 * Not `sourcelines`: the bundle encodes "inspect raises" there as null, so that is compared.
 */
function factRaised(c: RuleContext): boolean {
  const o = c.oracle;
  if (!o) return false;
  const sig = isError(o.signature) ? undefined : o.signature ?? undefined;
  switch (c.facet) {
    case "predicates":
      return Object.values(o.predicates ?? {}).some(isError);
    case "signature.defaults":
      return !!sig && sig.parameters.some((p) => isError(p.default));
    case "signature.annotations":
      return !!sig && (sig.parameters.some((p) => isError(p.annotation)) || isError(sig.return_annotation));
    case "doc":
      return isError(o.doc);
    case "rawDoc":
      return isError(o.raw_doc);
    case "comments":
      return isError(o.comments);
    case "codeFlags":
      return isError(o.code_flags);
    case "wrapped":
      return isError(o.wrapped);
    case "mro":
      return isError(o.mro);
    case "bases":
      return isError(o.bases);
    case "members":
    case "members.owner":
      return isError(o.members);
    case "annotations":
      return isError(o.annotations) || (!!o.annotations && Object.values(o.annotations).some(isError));
    default:
      return false;
  }
}

/** Neither side has a default: the facet would match vacuously (most routines), so it is not counted. */
function noDefaultsEitherSide(c: RuleContext): boolean {
  if (c.facet !== "signature.defaults" || !c.oracle || !c.bundle) return false;
  return expectedDefaults(c.oracle).length === 0 && gotDefaults(c.bundle).length === 0;
}

/** Neither side has an annotation: the facet would match vacuously (most code is unannotated), so it is not counted. */
function noAnnotationsEitherSide(c: RuleContext): boolean {
  if (!c.oracle || !c.bundle) return false;
  if (c.facet === "signature.annotations") {
    return expectedSigAnnotations(c.oracle).length === 0 && gotSigAnnotations(c.bundle).length === 0;
  }
  if (c.facet === "annotations") {
    const o = c.oracle.annotations;
    return (!o || Object.keys(o).length === 0) && Object.keys(c.bundle.annotations ?? {}).length === 0;
  }
  return false;
}

/** No member name is on both sides (the bundle lists none): there is no owner to compare; `members` counts the miss. */
function noCommonMembers(c: RuleContext): boolean {
  if (c.facet !== "members.owner" || !c.oracle || !c.bundle) return false;
  const o = c.oracle.members;
  if (!Array.isArray(o)) return false;
  const got = new Set((c.bundle.members ?? []).map((m) => m.name));
  return !o.some((m) => got.has(m.name));
}

/** The rules, in the order they are tried; the first that applies sets the fact aside. */
export const RULES: ReadonlyArray<(c: RuleContext) => boolean> = [
  importFailed,
  noPythonSource,
  implementedInC,
  attributeNotRecorded,
  importedNameNotRecorded,
  localsNotRecorded,
  runtimeReboundToC,
  notDefinedHere,
  nameMangled,
  absentAtRuntime,
  foreignCode,
  reboundAtRuntime,
  notAFunctionAtRuntime,
  aliasMadeAtRuntime,
  aliasBranchUndecided,
  missingFromBundle,
  aliasOfUnanalysed,
  oracleRecordFailed,
  signatureRaises,
  factRaised,
  noDefaultsEitherSide,
  noAnnotationsEitherSide,
  noCommonMembers,
];

/** One line per rule, for the report (kept next to the functions above; a test checks every rule has one). */
export const RULE_SUMMARIES: Record<string, string> = {
  importFailed: "the oracle could not import the module",
  noPythonSource: "the module has no .py source",
  implementedInC: "the class is implemented in C",
  attributeNotRecorded: "the oracle records no data attributes",
  importedNameNotRecorded: "an imported name: the oracle records the object where it is defined",
  localsNotRecorded: "the oracle does not look inside function bodies (<locals>)",
  runtimeReboundToC: "the module rebinds the name to a C function at import",
  notDefinedHere: "at runtime the name is bound to an object from another module",
  nameMangled: "a private __name is stored mangled in the class __dict__",
  absentAtRuntime: "the name does not exist at runtime (deleted, platform branch, metaclass)",
  foreignCode: "the object's code comes from another file (generated __init__, …)",
  reboundAtRuntime: "at runtime the name is bound to an object with another __qualname__",
  notAFunctionAtRuntime: "a decorator made the def a non-function object the oracle does not record",
  aliasMadeAtRuntime: "an alias made at run time (metaclass, setattr), not by an assignment in the source",
  aliasBranchUndecided: "an alias bound in branches not decidable statically; the runtime took another",
  missingFromBundle: "the bundle lacks the object (counted once, under `object`)",
  aliasOfUnanalysed: "an alias of an object outside the analysed modules (a C class): no view to compare",
  oracleRecordFailed: "the oracle failed to record the object",
  signatureRaises: "inspect.signature raised",
  factRaised: "the oracle's fact raised",
  noDefaultsEitherSide: "no defaults on either side (vacuous)",
  noAnnotationsEitherSide: "no annotations on either side (vacuous)",
  noCommonMembers: "no member name on both sides to compare owners of",
};

/** The name of the first rule that sets this fact aside, or null when it is comparable. */
export function whyNotComparable(c: RuleContext): string | null {
  for (const rule of RULES) if (rule(c)) return rule.name;
  return null;
}

/** Whether the object is bound at module level (its parent is the module). */
function isTopLevel(b: BundleObject): boolean {
  return b.parent === b.module;
}

/** The module-level name the object is (nested in): the first segment of its qualname. */
function topLevelName(b: BundleObject): string {
  return (b.qualname ?? b.name).split(".")[0]!;
}

/** The oracle's `names` entry of the module-level name the object is (nested in). */
function topLevelEntry(m: OracleModule, b: BundleObject): OracleNameEntry | null {
  const e = m.names?.[topLevelName(b)];
  return e && !isError(e) ? e : null;
}

function dictEntry(parent: OracleObject | undefined, name: string): OracleDictEntry | null {
  const entries = parent?.dict_entries;
  return Array.isArray(entries) ? (entries.find((e) => e.name === name) ?? null) : null;
}

function isCClassRecord(m: OracleModule, o: OracleObject): boolean {
  if (o.kind !== "class" || o.error) return false;
  if (Array.isArray(o.dict_entries) && o.dict_entries.some((e) => e.name === "__new__" && e.type === "builtin_function_or_method")) return true;
  // 3.13's getsourcelines says "source code not available" for a class without __firstlineno__ (a C type).
  const noSource =
    isError(o.sourcelines) &&
    (o.sourcelines.error.startsWith("OSError: could not find class definition") || o.sourcelines.error.startsWith("OSError: source code not available"));
  const noSig = isError(o.signature) && o.signature.error.includes("no signature found for builtin type");
  if (noSource && noSig) return true;
  if (o.qualname && !o.qualname.includes(".")) {
    const e = m.names?.[o.qualname];
    return !!e && !isError(e) && e.builtin;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Facet comparators: each returns the expected (oracle) and got (bundle) values, normalized so that
// equality is canonical-JSON equality. A value the bundle does not know ("rendered": null) becomes
// {"unknown": source text}, never equal to anything the oracle says.

type Pair = { expected: unknown; got: unknown; equal?: boolean };

function sigOf(o: OracleObject): OracleSignature | null {
  const s = o.signature;
  return s && !isError(s) ? s : null;
}

function rendered(e: { text: string; rendered: string | null } | null): unknown {
  if (e === null) return null;
  return e.rendered ?? { unknown: e.text };
}

function factValue<T>(v: Fact<T> | null | undefined): T | null {
  return v === undefined || isError(v) ? null : v;
}

function expectedDefaults(o: OracleObject): [string, unknown][] {
  return (sigOf(o)?.parameters ?? []).filter((p) => p.default !== null).map((p) => [p.name, p.default]);
}
function gotDefaults(b: BundleObject): [string, unknown][] {
  return (b.signature?.parameters ?? []).filter((p) => p.default !== null).map((p) => [p.name, rendered(p.default)]);
}
function expectedSigAnnotations(o: OracleObject): [string, unknown][] {
  const s = sigOf(o);
  if (!s) return [];
  const out: [string, unknown][] = s.parameters.filter((p) => p.annotation !== null).map((p) => [p.name, p.annotation]);
  if (s.return_annotation !== null) out.push(["return", s.return_annotation]);
  return out;
}
function gotSigAnnotations(b: BundleObject): [string, unknown][] {
  const s = b.signature;
  if (!s) return [];
  const out: [string, unknown][] = s.parameters.filter((p) => p.annotation !== null).map((p) => [p.name, rendered(p.annotation)]);
  if (s.return_annotation !== null) out.push(["return", rendered(s.return_annotation)]);
  return out;
}

function diffKeys(a: Record<string, unknown>, b: Record<string, unknown>): Pair {
  const expected: Record<string, unknown> = {};
  const got: Record<string, unknown> = {};
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (canonical(a[k] ?? null) !== canonical(b[k] ?? null)) {
      expected[k] = k in a ? a[k] : "<absent>";
      got[k] = k in b ? b[k] : "<absent>";
    }
  }
  return { expected, got, equal: Object.keys(expected).length === 0 };
}

const COMPARATORS: Record<Exclude<Facet, "object">, (o: OracleObject, b: BundleObject) => Pair> = {
  kind: (o, b) => ({ expected: o.kind, got: b.kind }),
  predicates: (o, b) => {
    const e: Record<string, unknown> = {};
    const g: Record<string, unknown> = {};
    for (const p of COMPARED_PREDICATES) {
      e[p] = o.predicates?.[p] ?? null;
      g[p] = (b.predicates as Record<string, boolean | undefined>)[p] ?? null;
    }
    return diffKeys(e, g);
  },
  "signature.text": (o, b) => ({ expected: sigOf(o)?.text ?? null, got: b.signature?.text ?? null }),
  "class signature.text": (o, b) => ({ expected: sigOf(o)?.text ?? null, got: b.signature?.text ?? null }),
  "signature.parameters": (o, b) => ({
    expected: sigOf(o)?.parameters.map((p) => [p.name, p.kind]) ?? null,
    got: b.signature?.parameters.map((p) => [p.name, p.kind]) ?? null,
  }),
  "signature.defaults": (o, b) => ({ expected: expectedDefaults(o), got: b.signature ? gotDefaults(b) : null }),
  "signature.annotations": (o, b) => ({ expected: expectedSigAnnotations(o), got: b.signature ? gotSigAnnotations(b) : null }),
  codeFlags: (o, b) => ({ expected: factValue(o.code_flags ?? null), got: b.codeFlags ?? null }),
  wrapped: (o, b) => ({ expected: factValue(o.wrapped ?? null), got: b.wrapped ?? null }),
  doc: (o, b) => ({ expected: factValue(o.doc), got: b.doc }),
  rawDoc: (o, b) => ({ expected: factValue(o.raw_doc), got: b.rawDoc }),
  comments: (o, b) => ({ expected: factValue(o.comments), got: b.comments }),
  // inspect raising is encoded as null in the bundle
  sourcelines: (o, b) => ({ expected: factValue(o.sourcelines), got: b.sourcelines }),
  mro: (o, b) => ({ expected: factValue(o.mro), got: b.mro?.map(runtimeDotted) ?? null }),
  bases: (o, b) => ({
    expected: factValue(o.bases),
    // the bundle lists base expressions: `class C:` has none, while C.__bases__ is (object,)
    got:
      b.bases === null
        ? null
        : b.bases.length === 0
          ? ["builtins.object"]
          : b.bases.map((x) => (x.id !== null ? runtimeDotted(x.id) : { unresolved: x.text })),
  }),
  members: (o, b) => {
    const e = new Set((factValue(o.members) ?? []).map((m) => m.name));
    if (b.members === null) return { expected: [...e].sort(), got: null, equal: false };
    const g = new Set(b.members.map((m) => m.name));
    // mismatch detail: expected = names only the oracle lists, got = names only the bundle lists
    const onlyE = [...e].filter((n) => !g.has(n)).sort();
    const onlyG = [...g].filter((n) => !e.has(n)).sort();
    return { expected: onlyE, got: onlyG, equal: onlyE.length === 0 && onlyG.length === 0 };
  },
  "members.owner": (o, b) => {
    const e: Record<string, unknown> = {};
    for (const m of factValue(o.members) ?? []) e[m.name] = m.owner;
    const g: Record<string, unknown> = {};
    for (const m of b.members ?? []) if (m.name in e) g[m.name] = m.owner === null ? null : runtimeDotted(m.owner);
    for (const k of Object.keys(e)) if (!(k in g)) delete e[k];
    return diffKeys(e, g);
  },
  annotations: (o, b) => {
    const e = factValue(o.annotations);
    const g = b.annotations === null ? null : Object.fromEntries(Object.entries(b.annotations).map(([k, v]) => [k, v ?? { unknown: true }]));
    return { expected: e, got: g };
  },
};

// ---------------------------------------------------------------------------------------------
// The report

export interface Mismatch {
  id: string;
  facet: Facet;
  expected: unknown;
  got: unknown;
}

export interface FacetScore {
  compared: number;
  matched: number;
  notComparable: number;
  /** matched / compared × 100, null when nothing was compared. */
  percent: number | null;
}

export interface RuleCount {
  summary: string;
  /** Distinct ids (oracle objects and extras) the rule touched. */
  objects: number;
  /** (object, facet) pairs set aside. */
  facets: number;
  /** Extras (bundle objects the oracle did not record) it explains. */
  extras: number;
  byFacet: Partial<Record<Facet, number>>;
  /** The ids it touched, sorted (for auditing a rule). */
  ids: string[];
}

export interface ModuleStatus {
  module: string;
  file: string | null;
  error: string | null;
  oracleObjects: number;
  bundleObjects: number;
  /** Whether the bundle has a module record with this id. */
  inBundle: boolean;
}

export interface Report {
  python: string;
  platform: string;
  modules: ModuleStatus[];
  facets: Record<Facet, FacetScore>;
  rules: Record<string, RuleCount>;
  /** Bundle objects of the compared modules that the oracle did not record and no rule explains. */
  extra: { total: number; byKind: Record<string, number>; ids: string[] };
  /** Sorted by facet, then id. */
  mismatches: Mismatch[];
}

export interface CompareOptions {
  /** Compare only these modules (default: every module of the oracle). */
  modules?: string[];
}

/** Scores `bundle` against `oracle`. */
/**
 * The kind `inspect` sees through an alias (bundle kind `alias`): its target's, as accessed from the
 * alias's owner (a module-level function bound in a class body is a method, a method bound at module
 * level a function); `alias` when the target is not in the bundle.
 */
export function aliasKind(alias: BundleObject, byId: ReadonlyMap<string, BundleObject>): BundleObject["kind"] {
  let t = alias.target ? byId.get(alias.target) : undefined;
  for (let i = 0; t?.kind === "alias" && i < 40; i++) t = t.target ? byId.get(t.target) : undefined;
  if (!t || t.kind === "alias") return "alias";
  const inClass = alias.parent !== null && alias.parent !== alias.module;
  // type.__new__ wraps these functions of a class namespace (CPython type_new_set_classcell & co.)
  if (inClass && (t.kind === "function" || t.kind === "method") && alias.name === "__new__") return "staticmethod";
  if (inClass && (t.kind === "function" || t.kind === "method") && (alias.name === "__init_subclass__" || alias.name === "__class_getitem__")) return "classmethod";
  if (inClass && t.kind === "function") return "method";
  if (!inClass && t.kind === "method") return "function";
  return t.kind;
}

export function compare(oracle: Oracle, bundle: Bundle, options: CompareOptions = {}): Report {
  const wanted = options.modules ? new Set(options.modules) : null;
  const oracleModules = oracle.modules.filter((m) => !wanted || wanted.has(m.module));

  const bundleById = new Map<string, BundleObject>();
  const bundleByModule = new Map<string, BundleObject[]>();
  const targets = new Map(bundle.objects.map((b) => [b.id, b]));
  runtimeNames = new Map(bundle.objects.flatMap((b) => (b.kind === "class" && b.qualname ? [[b.id, `${b.module}.${b.qualname.replace(/@\d+$/, "")}`]] : [])));
  for (const raw of bundle.objects) {
    const b = raw.kind === "alias" ? { ...raw, kind: aliasKind(raw, targets) } : raw;
    bundleById.set(b.id, b);
    // grouped by the module whose source defines it (the id's), not by `__module__`
    const home = b.id.includes(":") ? b.id.slice(0, b.id.indexOf(":")) : b.module;
    let list = bundleByModule.get(home);
    if (!list) bundleByModule.set(home, (list = []));
    list.push(b);
  }
  const bundleModuleIds = new Set(bundle.modules.map((m) => m.id));

  const facets = Object.fromEntries(FACETS.map((f) => [f, { compared: 0, matched: 0, notComparable: 0, percent: null }])) as Record<Facet, FacetScore>;
  const rules: Record<string, RuleCount> = {};
  const ruleIds = new Map<string, Set<string>>();
  const mismatches: Mismatch[] = [];
  const extra = { total: 0, byKind: {} as Record<string, number>, ids: [] as string[] };
  const modules: ModuleStatus[] = [];

  const setAside = (rule: string, id: string, facet: Facet | "extra") => {
    const r = (rules[rule] ??= { summary: RULE_SUMMARIES[rule] ?? rule, objects: 0, facets: 0, extras: 0, byFacet: {}, ids: [] });
    let ids = ruleIds.get(rule);
    if (!ids) ruleIds.set(rule, (ids = new Set()));
    ids.add(id);
    r.objects = ids.size;
    if (facet === "extra") r.extras++;
    else {
      r.facets++;
      r.byFacet[facet] = (r.byFacet[facet] ?? 0) + 1;
      facets[facet].notComparable++;
    }
  };
  const score = (id: string, facet: Facet, p: Pair) => {
    const equal = p.equal ?? canonical(p.expected) === canonical(p.got);
    facets[facet].compared++;
    if (equal) facets[facet].matched++;
    else mismatches.push({ id, facet, expected: p.expected, got: p.got });
  };

  for (const m of oracleModules) {
    const objects = m.objects ?? [];
    const bObjects = bundleByModule.get(m.module) ?? [];
    modules.push({
      module: m.module,
      file: m.file ?? null,
      error: m.error ?? null,
      oracleObjects: objects.length,
      bundleObjects: bObjects.length,
      inBundle: bundleModuleIds.has(m.module),
    });
    const oracleById = new Map(objects.map((o) => [o.id, o]));

    for (const o of objects) {
      const b = bundleById.get(o.id);
      for (const facet of facetsFor(o.kind)) {
        const rule = whyNotComparable({ module: m, oracle: o, bundle: b, facet });
        if (rule) setAside(rule, o.id, facet);
        else if (facet === "object") score(o.id, facet, { expected: o.kind, got: b ? b.kind : null, equal: !!b });
        else score(o.id, facet, COMPARATORS[facet](o, b!));
      }
    }

    // extras: classify parents first so that members inherit their class's rule
    const verdicts = new Map<string, string | null>();
    const classify = (b: BundleObject): string | null => {
      const known = verdicts.get(b.id);
      if (known !== undefined) return known;
      verdicts.set(b.id, null); // cycle guard
      let verdict: string | null = null;
      const parent = b.parent !== null && b.parent !== b.module ? bundleById.get(b.parent) : undefined;
      const parentRecord = b.parent !== null ? oracleById.get(b.parent) : undefined;
      if (parent && !parentRecord && parent.module === m.module) {
        verdict = classify(parent);
      }
      verdict ??= whyNotComparable({ module: m, oracle: undefined, bundle: b, facet: "extra", parentRecord });
      verdicts.set(b.id, verdict);
      return verdict;
    };
    for (const b of bObjects) {
      if (oracleById.has(b.id)) continue;
      const rule = classify(b);
      if (rule) setAside(rule, b.id, "extra");
      else {
        extra.total++;
        extra.byKind[b.kind] = (extra.byKind[b.kind] ?? 0) + 1;
        extra.ids.push(b.id);
      }
    }
  }

  for (const f of FACETS) {
    const s = facets[f];
    s.percent = s.compared === 0 ? null : (s.matched * 100) / s.compared;
  }
  mismatches.sort((a, b) => cmp(a.facet, b.facet) || cmp(a.id, b.id));
  extra.ids.sort(cmp);
  const sortedRules = Object.fromEntries(
    RULES.map((r) => r.name)
      .filter((n) => rules[n])
      .map((n) => [n, { ...rules[n]!, ids: [...ruleIds.get(n)!].sort(cmp) }]),
  );
  return { python: oracle.python, platform: oracle.platform, modules, facets, rules: sortedRules, extra, mismatches };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------
// Thresholds

/** `{ facet: whole percent }`; a facet without an entry has no threshold. */
export type Thresholds = Partial<Record<string, number>>;

/** The measured percentage rounded down to a whole percent (integer arithmetic, no float surprises). */
export function floorPercent(s: FacetScore): number | null {
  return s.compared === 0 ? null : Math.floor((s.matched * 100) / s.compared);
}

export interface ThresholdFailure {
  facet: Facet;
  percent: number;
  threshold: number;
}

/** Facets below their threshold (a facet with nothing compared never fails). */
export function thresholdFailures(report: Report, thresholds: Thresholds): ThresholdFailure[] {
  const out: ThresholdFailure[] = [];
  for (const f of FACETS) {
    const t = thresholds[f];
    const s = report.facets[f];
    if (t === undefined || s.compared === 0) continue;
    // below means matched/compared < t/100, decided on integers
    if (s.matched * 100 < t * s.compared) out.push({ facet: f, percent: s.percent!, threshold: t });
  }
  return out;
}

/** The driver's exit status: 1 when some facet is below its threshold, else 0. */
export function exitStatus(report: Report, thresholds: Thresholds): 0 | 1 {
  return thresholdFailures(report, thresholds).length > 0 ? 1 : 0;
}

/** Thresholds raised to the measured values (rounded down); never lowered. Facets not measured keep their value. */
export function ratchetThresholds(old: Thresholds, report: Report): Thresholds {
  const out: Thresholds = {};
  for (const f of FACETS) {
    const measured = floorPercent(report.facets[f]);
    const prev = old[f];
    const v = measured === null ? prev : Math.max(prev ?? 0, measured);
    if (v !== undefined) out[f] = v;
  }
  for (const [k, v] of Object.entries(old)) if (!(k in out) && v !== undefined) out[k] = v;
  return out;
}

// ---------------------------------------------------------------------------------------------
// Text output

function table(rows: string[][], rightAlign: boolean[]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => (rightAlign[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(" | ").trimEnd();
  const sep = widths.map((w) => "-".repeat(w)).join("-|-");
  return [line(rows[0]!), sep, ...rows.slice(1).map(line)].join("\n");
}

/** The printed report: the facet table, the per-rule counts, the extras. */
export function formatReport(report: Report, thresholds: Thresholds): string {
  const failing = new Set(thresholdFailures(report, thresholds).map((f) => f.facet));
  const facetRows = [["facet", "compared", "matched", "%", "threshold"]];
  for (const f of FACETS) {
    const s = report.facets[f];
    const t = thresholds[f];
    facetRows.push([f, String(s.compared), String(s.matched), s.percent === null ? "-" : s.percent.toFixed(1), t === undefined ? "-" : String(t)]);
  }
  const lines = table(facetRows, [false, true, true, true, true]).split("\n");
  // header and separator come first; then one line per facet, in FACETS order
  const out = [lines.map((l, i) => (i >= 2 && failing.has(FACETS[i - 2]!) ? `${l}  BELOW THRESHOLD` : l)).join("\n")];

  const ruleRows = [["not comparable (rule)", "objects", "facets", "extras", "why"]];
  for (const [name, r] of Object.entries(report.rules)) {
    ruleRows.push([name, String(r.objects), String(r.facets), String(r.extras), r.summary]);
  }
  out.push("", ruleRows.length > 1 ? table(ruleRows, [false, true, true, true, false]) : "not comparable: none");

  const kinds = Object.entries(report.extra.byKind)
    .sort(([a], [b]) => cmp(a, b))
    .map(([k, n]) => `${k} ${n}`)
    .join(", ");
  out.push("", `extra (in the bundle, not recorded by the oracle, unexplained): ${report.extra.total}${kinds ? ` (${kinds})` : ""}`);

  const failed = report.modules.filter((m) => m.error);
  if (failed.length) out.push(`oracle import failures: ${failed.map((m) => `${m.module} (${m.error})`).join("; ")}`);
  const absent = report.modules.filter((m) => !m.error && !m.inBundle);
  if (absent.length) out.push(`modules missing from the bundle: ${absent.map((m) => m.module).join(", ")}`);
  return out.join("\n");
}

/** `.conformance/mismatches.jsonl`: one mismatch per line, sorted by facet then id. */
export function mismatchesJsonl(report: Report): string {
  return report.mismatches.map((m) => JSON.stringify(m)).join("\n") + (report.mismatches.length ? "\n" : "");
}
