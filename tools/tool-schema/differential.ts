/**
 * The tool-schema differential test against pydantic 2: runs `pydantic_schemas.py` (the reference,
 * `TypeAdapter(f).json_schema()` per callable) and our emitter over the same modules, compares the
 * schemas after removing `title` keywords, and classifies every difference by a named rule.
 *
 * Usage: `pnpm tsx tools/tool-schema/differential.ts [--path DIR]… MODULE…` prints the report
 * (counts per rule, then each difference) as JSON; with no MODULE it runs the third-party sample.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { isDeepStrictEqual } from "node:util";
import { analyze } from "@static-inspect/analyzer";
import { buildBundle, buildToolSchemas, type Bundle, type JsonValue, type ToolSchemaDocument } from "@static-inspect/emit";

const here = path.dirname(fileURLToPath(import.meta.url));

/** Third-party packages of site-packages the differential also runs over (a sample of issue 10's list). */
export const THIRD_PARTY = ["urllib3", "pygments", "itsdangerous", "markupsafe", "blinker", "sniffio", "idna", "iniconfig"] as const;

/** One line of the reference: a schema, or the error pydantic raised. */
export interface Reference {
  readonly id: string;
  readonly schema?: JsonValue;
  readonly error?: string;
}

/** Runs the reference script; modules that fail to import are returned apart. */
export function pydanticSchemas(modules: readonly string[], paths: readonly string[] = []): { refs: Reference[]; moduleErrors: string[] } {
  const args = [path.join(here, "pydantic_schemas.py"), ...paths.flatMap((p) => ["--path", p]), ...modules];
  const run = spawnSync("python3", args, { encoding: "utf8", maxBuffer: 1 << 28, timeout: 300_000 });
  if (run.status !== 0) throw new Error(`pydantic_schemas.py failed: ${run.stderr}`);
  const refs: Reference[] = [];
  const moduleErrors: string[] = [];
  for (const line of run.stdout.split("\n")) {
    if (!line) continue;
    const r = JSON.parse(line) as Reference & { module?: string };
    if (r.module !== undefined) moduleErrors.push(`${r.module}: ${r.error}`);
    else refs.push(r);
  }
  return { refs, moduleErrors };
}

const SUBSCHEMA_MAPS = new Set(["properties", "$defs", "patternProperties"]);
const SUBSCHEMA_LISTS = new Set(["anyOf", "allOf", "oneOf", "prefixItems"]);
const SUBSCHEMAS = new Set(["items", "additionalProperties", "propertyNames", "not"]);

/** A schema without its `title` keywords (in schema positions only: a property named `title` stays). */
export function withoutTitles(schema: JsonValue): JsonValue {
  if (typeof schema !== "object" || schema === null || Array.isArray(schema)) return schema;
  const out: { [k: string]: JsonValue } = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === "title") continue;
    if (SUBSCHEMA_MAPS.has(k) && v && typeof v === "object" && !Array.isArray(v)) out[k] = Object.fromEntries(Object.entries(v).map(([n, s]) => [n, withoutTitles(s)]));
    else if (SUBSCHEMA_LISTS.has(k) && Array.isArray(v)) out[k] = v.map(withoutTitles);
    else if (SUBSCHEMAS.has(k)) out[k] = withoutTitles(v);
    else out[k] = v;
  }
  return out;
}

/** The JSON Pointers where two values differ (objects by key, arrays by index). */
export function differences(a: JsonValue | undefined, b: JsonValue | undefined, at = ""): string[] {
  if (isDeepStrictEqual(a, b)) return [];
  const bothObjects = a && b && typeof a === "object" && typeof b === "object" && Array.isArray(a) === Array.isArray(b);
  if (!bothObjects) return [at || "/"];
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].flatMap((k) => differences((a as Record<string, JsonValue>)[k], (b as Record<string, JsonValue>)[k], `${at}/${k}`));
}

/**
 * The rules a difference is classified by, in the order they are tried; each names a cause that
 * could be wrong (the report lists every case, so a rule that hides a bug can be seen).
 */
export const RULES = {
  /** We have no schema for a callable pydantic has one for. */
  "missing": "no schema emitted for a callable pydantic has one for",
  /** A default we could not know statically (`Field(3, ge=0)`, a call): pydantic knows the value and the Field's constraints. */
  "unknown-default": "a default whose value (or Field() constraints) is not statically known",
  /** An annotation we mapped to `{}` with a diagnostic, that pydantic could map at run time. */
  "unmapped-annotation": "an annotation we could not map statically (diagnosed), pydantic could",
  /** `class X(TypedDict, total=False)`: class keywords are not in the bundle, so the TypedDict is read as total. */
  "typeddict-total": "a TypedDict's total=False keyword is not in the bundle",
  /** pydantic serialised a default whose repr is no JSON literal (a datetime, a Path, an object with a JSON form). */
  "default-not-literal": "a default pydantic turns into JSON whose repr is not a literal",
} as const;

/** A difference's rule name, or `unclassified`. */
export type Rule = keyof typeof RULES | "unclassified";

/** One compared callable. */
export interface Comparison {
  readonly id: string;
  readonly equal: boolean;
  readonly rule?: Rule;
  readonly paths?: readonly string[];
  readonly ours?: JsonValue;
  readonly theirs?: JsonValue;
  /** Our diagnostics about the callable (`code parameter: message`). */
  readonly diagnostics?: readonly string[];
}

/** The differential report: counts, then every difference. */
export interface DifferentialReport {
  /** Callables pydantic could schema. */
  readonly schemable: number;
  /** Callables pydantic could not schema (not compared), by pydantic's exception name. */
  readonly notSchemable: Record<string, number>;
  readonly equal: number;
  readonly byRule: Record<string, number>;
  readonly differences: readonly Comparison[];
}

/** Compares our schemas (`doc`, non-strict) with the reference and classifies each difference. */
export function compare(doc: ToolSchemaDocument, bundle: Bundle, refs: readonly Reference[]): DifferentialReport {
  const ours = new Map(doc.tools.map((t) => [t.id, t]));
  const diagnosed = new Map<string, Set<string>>();
  const messages = new Map<string, string[]>();
  for (const d of doc.diagnostics) {
    let set = diagnosed.get(d.id);
    if (!set) diagnosed.set(d.id, (set = new Set()));
    set.add(d.code);
    let list = messages.get(d.id);
    if (!list) messages.set(d.id, (list = []));
    list.push(`${d.code} ${d.parameter ?? "-"}: ${d.message}`);
  }
  const objects = new Map(bundle.objects.map((o) => [o.id, o]));
  const notSchemable: Record<string, number> = {};
  const byRule: Record<string, number> = {};
  const diffs: Comparison[] = [];
  let schemable = 0;
  let equal = 0;
  for (const ref of refs) {
    if (ref.schema === undefined) {
      const name = (ref.error ?? "").split(":")[0]!;
      notSchemable[name] = (notSchemable[name] ?? 0) + 1;
      continue;
    }
    schemable++;
    const tool = ours.get(ref.id);
    const theirs = withoutTitles(ref.schema);
    const mine = tool ? withoutTitles(tool.parameters) : undefined;
    if (mine !== undefined && isDeepStrictEqual(mine, theirs)) {
      equal++;
      continue;
    }
    const paths = differences(mine, theirs);
    const codes = diagnosed.get(ref.id) ?? new Set<string>();
    const rule = classify(mine, theirs, paths, codes, (name) => objects.get(`${ref.id.split(":")[0]}:${name}`));
    byRule[rule] = (byRule[rule] ?? 0) + 1;
    diffs.push({ id: ref.id, equal: false, rule, paths, ...(mine === undefined ? {} : { ours: mine }), theirs, diagnostics: messages.get(ref.id) ?? [] });
  }
  return { schemable, notSchemable, equal, byRule, differences: diffs };
}

function classify(
  mine: JsonValue | undefined,
  theirs: JsonValue,
  paths: readonly string[],
  codes: ReadonlySet<string>,
  classNamed: (name: string) => { bases: { text: string }[] | null } | undefined,
): Rule {
  if (mine === undefined) return "missing";
  if (codes.has("unknown-default")) return "unknown-default";
  if (codes.has("unmapped-annotation") || codes.has("unresolved-name")) return "unmapped-annotation";
  const get = (v: JsonValue | undefined, pointer: string): JsonValue | undefined =>
    pointer.split("/").slice(1).reduce<JsonValue | undefined>((x, k) => (x && typeof x === "object" && !Array.isArray(x) ? x[k] : undefined), v);
  if (paths.every((p) => /^\/\$defs\/[^/]+\/required$/.test(p))) {
    const defs = paths.map((p) => p.split("/")[2]!);
    if (defs.every((d) => get(theirs, `/$defs/${d}/required`) === undefined && classNamed(d)?.bases?.some((b) => /TypedDict$/.test(b.text)))) return "typeddict-total";
  }
  if (paths.every((p) => p.endsWith("/default") && get(mine, p) === undefined && get(theirs, p) !== undefined)) return "default-not-literal";
  return "unclassified";
}

/** Analyses `files` (with python3's `sys.path` to resolve imports) and returns the bundle and our schemas. */
export async function ourSchemas(files: readonly string[], searchPaths: readonly string[]): Promise<{ bundle: Bundle; doc: ToolSchemaDocument }> {
  const bundle = buildBundle(await analyze({ paths: [...files], searchPaths: [...searchPaths] }));
  // pydantic does not read docstrings: compare without the descriptions ours take from them.
  return { bundle, doc: buildToolSchemas(bundle, { describe: () => undefined }) };
}

/** python3's `sys.path` (existing entries). */
export function pythonPath(): string[] {
  const run = spawnSync("python3", ["-c", "import sys, json, os; print(json.dumps([p for p in sys.path if p and os.path.isdir(p)]))"], { encoding: "utf8" });
  if (run.status !== 0) throw new Error(`python3 failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as string[];
}

/** Where python3 finds a module's source: its file, or its package directory. */
export function moduleLocation(module: string): string {
  const run = spawnSync("python3", ["-c", `import importlib.util as u, os; s = u.find_spec(${JSON.stringify(module)}); print(os.path.dirname(s.origin) if s.submodule_search_locations else s.origin)`], { encoding: "utf8" });
  if (run.status !== 0) throw new Error(`cannot locate ${module}: ${run.stderr}`);
  return run.stdout.trim();
}

async function cli(argv: string[]): Promise<void> {
  const paths: string[] = [];
  const modules: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--path") paths.push(argv[++i]!);
    else modules.push(argv[i]!);
  }
  const targets = modules.length > 0 ? modules : [...THIRD_PARTY];
  const { refs, moduleErrors } = pydanticSchemas(targets, paths);
  const searchPaths = [...paths.map((p) => path.resolve(p)), ...pythonPath()];
  const files = targets.map((m) => {
    for (const p of paths) {
      for (const candidate of [path.join(p, `${m}.py`), path.join(p, m)]) if (spawnSync("test", ["-e", candidate]).status === 0) return path.resolve(candidate);
    }
    return moduleLocation(m);
  });
  const { bundle, doc } = await ourSchemas(files, searchPaths);
  const report = compare(doc, bundle, refs);
  process.stdout.write(JSON.stringify({ modules: targets, moduleErrors, ...report }, null, 2) + "\n");
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await cli(process.argv.slice(2));
