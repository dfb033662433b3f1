/**
 * `pnpm conformance:bind [--list NAME] [modules…]`: static `Signature.bind`, `getfullargspec`, `getclasstree` and
 * `getclosurevars` against CPython's, over a conformance module list (tools/conformance/modules.ts
 * MODULE_LISTS: stdlib, the default, third-party, third-party-ci) or the modules named.
 *
 * Runs tools/oracle/bind_oracle.py over the modules, analyses their source files in one analyze()
 * call, compares (bind.ts), prints the table, writes bind-report.json and bind-mismatches.jsonl
 * (in .conformance/ for stdlib, .conformance/<list>/ for the others), and exits 1 when a facet
 * falls below the list's floors (BIND_THRESHOLDS_BY_LIST; 2 on a usage or I/O error).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { analyze } from "../../packages/analyzer/src/index.ts";
import { BIND_FACETS, compareBind, formatBindReport, type BindFacet, type BindOracle } from "./bind.ts";
import { MODULE_LISTS } from "./modules.ts";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/**
 * The floors a run must reach, in %, else it exits 1: `bind` the measured 99.9 (above issue 17's
 * 99.5), `getfullargspec` the issue's 99 (test/conformance/bind.test.ts holds a ten-module subset to
 * these floors too), `getclasstree` 100; 100 for the pure functions fed CPython's own input; `getclosurevars` the measured 99.6 (the misses
 * are module globals written at run time through `globals()`, and defs chosen under conditions the
 * analyzer cannot decide), and 100 for its order where the names agree.
 */
export const BIND_THRESHOLDS: Readonly<Partial<Record<BindFacet, number>>> = { bind: 99.9, "bind.algorithm": 100, getfullargspec: 99, getclasstree: 100, "getclasstree.algorithm": 100, getclosurevars: 99.6, "getclosurevars.order": 100 };

/**
 * The floors of each `--list`, in %: BIND_THRESHOLDS for stdlib; for the third-party lists issue 17's
 * targets, reached on both (bind 99.5; getfullargspec, getclasstree and getclosurevars 99; ratcheted
 * up only), and 100 for the pure functions and `getclosurevars.order`. The `getclasstree` misses left
 * are classes whose `__bases__` come from a call (`class X(objective(CLexer))`, an inline
 * `NamedTuple(...)`, a functional `TypedDict(...)`, mypy_extensions' TypedDict), a lazy module
 * `__getattr__` (pygments.lexers), or a run-time `__module__` rewrite (`outcome`).
 */
export const BIND_THRESHOLDS_BY_LIST: Readonly<Record<string, Readonly<Partial<Record<BindFacet, number>>>>> = {
  stdlib: BIND_THRESHOLDS,
  "third-party": { bind: 99.5, "bind.algorithm": 100, getfullargspec: 99, getclasstree: 99, "getclasstree.algorithm": 100, getclosurevars: 99, "getclosurevars.order": 100 },
  "third-party-ci": { bind: 99.5, "bind.algorithm": 100, getfullargspec: 99, getclasstree: 99, "getclasstree.algorithm": 100, getclosurevars: 99, "getclosurevars.order": 100 },
};

/** Runs bind_oracle.py over `modules` with `python` and returns its JSON. @throws Error when it fails. */
export function runBindOracle(modules: readonly string[], python = "python3"): BindOracle {
  const r = spawnSync(python, [join(ROOT, "tools/oracle/bind_oracle.py"), ...modules], { encoding: "utf8", maxBuffer: 1 << 30 });
  if (r.error) throw new Error(`cannot run ${python}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`bind_oracle.py failed (exit status ${r.status}): ${r.stderr.trim()}`);
  return JSON.parse(r.stdout) as BindOracle;
}

/** The interpreter's `sys.path` (stdlib and site-packages): where imports of the analysed modules are read on demand. */
export function pythonSearchPath(python = "python3"): string[] {
  const r = spawnSync(python, ["-c", "import sys, json; print(json.dumps([p for p in sys.path if p]))"], { encoding: "utf8" });
  return r.status === 0 ? (JSON.parse(r.stdout) as string[]) : [];
}

/** The source files of the modules the oracle imported. */
export function oracleSourceFiles(oracle: BindOracle): string[] {
  return [...new Set(oracle.modules.flatMap((m) => (!m.error && m.file && /\.pyw?$/.test(m.file) ? [m.file] : [])))].sort();
}

async function main(argv: string[]): Promise<number> {
  const usage = `usage: conformance:bind [--list ${Object.keys(MODULE_LISTS).join("|")}] [modules…]`;
  let listName = "stdlib";
  const named: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--list" && i + 1 < argv.length) listName = argv[++i]!;
    else if (a.startsWith("--list=")) listName = a.slice("--list=".length);
    else if (a === "-h" || a === "--help") {
      console.log(usage);
      return 0;
    } else if (a.startsWith("-")) {
      console.error(usage);
      return 2;
    } else named.push(a);
  }
  const list = Object.hasOwn(MODULE_LISTS, listName) ? MODULE_LISTS[listName]! : undefined;
  if (!list) {
    console.error(`conformance:bind: unknown --list ${listName}\n${usage}`);
    return 2;
  }
  const thresholds = BIND_THRESHOLDS_BY_LIST[listName] ?? {};
  const modules = named.length ? named : [...list.modules];
  const t0 = Date.now();
  const oracle = runBindOracle(modules);
  const t1 = Date.now();
  const paths = oracleSourceFiles(oracle);
  const program = await analyze({ paths, searchPaths: pythonSearchPath() });
  const report = compareBind(oracle, program);
  const t2 = Date.now();
  console.log(`oracle: ${modules.length} modules in ${((t1 - t0) / 1000).toFixed(1)}s (python ${oracle.python}); analysis + comparison: ${paths.length} files in ${((t2 - t1) / 1000).toFixed(1)}s`);
  for (const e of report.moduleErrors) console.log(`not compared: ${e.module}: ${e.error}`);
  for (const b of report.basesDiffer) console.log(`analyzer's __bases__ differ from CPython's (getclasstree input): ${b.classes.join(", ")}`);
  console.log("");
  console.log(formatBindReport(report));
  const out = listName === "stdlib" ? join(ROOT, ".conformance") : join(ROOT, ".conformance", listName);
  mkdirSync(out, { recursive: true });
  const write = (name: string, text: string) => {
    const tmp = join(out, `${name}.${process.pid}.tmp`);
    writeFileSync(tmp, text);
    renameSync(tmp, join(out, name));
  };
  write("bind-report.json", JSON.stringify({ python: oracle.python, modules, facets: report.facets, moduleErrors: report.moduleErrors, basesDiffer: report.basesDiffer, mismatchCount: report.mismatches.length }, null, 2) + "\n");
  write("bind-mismatches.jsonl", report.mismatches.map((m) => JSON.stringify(m)).join("\n") + (report.mismatches.length ? "\n" : ""));
  console.log(`\n${report.mismatches.length} mismatches → ${join(out, "bind-mismatches.jsonl")}`);
  const failures = BIND_FACETS.filter((f) => thresholds[f] !== undefined && report.facets[f].percent !== null && report.facets[f].percent! < thresholds[f]!);
  if (failures.length) {
    console.log(`FAIL: below target: ${failures.map((f) => `${f} ${report.facets[f].percent!.toFixed(2)}% < ${thresholds[f]}%`).join(", ")}`);
    return 1;
  }
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (e: unknown) => {
      console.error(`conformance:bind: ${(e as Error).message}`);
      process.exitCode = 2;
    },
  );
}
