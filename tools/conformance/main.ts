/**
 * `pnpm conformance [--list NAME] [modules…]`: how closely static-inspect matches CPython's inspect.
 *
 * Runs the oracle (tools/oracle/inspect_oracle.py, cached in .conformance/) over the modules, analyses
 * their source files in one analyze() call, compares facet by facet (compare.ts), prints the table,
 * writes .conformance/report.json and .conformance/mismatches.jsonl, and exits 1 when a facet falls
 * below its threshold in the list's thresholds file (0 otherwise, 2 on a usage or I/O error).
 *
 *   --list NAME           the module list (modules.ts MODULE_LISTS: stdlib, third-party, third-party-ci;
 *                         default stdlib) and its thresholds file
 *   --update-thresholds   raise the list's thresholds file to the measured values (rounded down; never lowers)
 *   --refresh-oracle      ignore the cached oracle output
 *   --oracle FILE         use this oracle JSON instead of running the oracle
 *   --bundle FILE         use this bundle JSON instead of analysing (--keep-bundle writes the analysed one)
 *   --target-version X    the Python version checked (3.8 … 3.13): the analysis targets it and the oracle
 *                         runs under an interpreter of that version (found as the CLI finds one), unless
 *   --python EXE          names the oracle's interpreter (the target is then its version by default)
 *
 * Each version has its own thresholds (thresholds.json for 3.11, thresholds-3.X.json for the others) and
 * its own output folder (.conformance/ for 3.11, .conformance/3.X/ for the others).
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Command, CommanderError } from "commander";
import type { Bundle } from "../../packages/emit/src/schema.ts";
import {
  compare,
  formatReport,
  mismatchesJsonl,
  ratchetThresholds,
  thresholdFailures,
  FACETS,
  type Oracle,
  type Thresholds,
} from "./compare.ts";
import { MODULE_LISTS } from "./modules.ts";
import { outputDir, thresholdsFile } from "./paths.ts";
import { findInterpreter, interpreterVersion } from "../../packages/cli/src/python.ts";
import { BUILTINS_VERSIONS } from "../../packages/analyzer/src/data/builtins.ts";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const ORACLE_SCRIPT = join(ROOT, "tools/oracle/inspect_oracle.py");
const CONFORMANCE_DIR = join(ROOT, "tools/conformance");

/** A failure that ends the run with status 2 (usage or I/O), with a message for stderr. */
class UsageError extends Error {}

/**
 * The bundle for these source files: one analyze() call over all of them (so cross-module
 * inheritance resolves), then buildBundle().
 */
export async function analyzeToBundle(paths: string[], searchPaths: string[] = [], python?: string): Promise<Bundle> {
  let analyzer: typeof import("../../packages/analyzer/src/index.ts");
  let emit: typeof import("../../packages/emit/src/index.ts");
  try {
    analyzer = await import("../../packages/analyzer/src/index.ts");
    emit = await import("../../packages/emit/src/index.ts");
  } catch (e) {
    throw new UsageError(`cannot load the analyzer/emit packages (${(e as Error).message}); pass --bundle FILE to compare a ready bundle`);
  }
  if (typeof analyzer.analyze !== "function" || typeof emit.buildBundle !== "function") {
    throw new UsageError("@static-inspect/analyzer does not export analyze() or @static-inspect/emit does not export buildBundle() yet");
  }
  return emit.buildBundle(await analyzer.analyze({ paths, searchPaths, ...(python ? { target: { python } } : {}) }));
}

function readJson<T>(file: string, what: string): T {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as T;
  } catch (e) {
    throw new UsageError(`cannot read ${what} ${file}: ${(e as Error).message}`);
  }
}

/**
 * The interpreter's stdlib folder (and, with `sitePackages`, its purelib site-packages after it):
 * where modules imported by the analysed ones are read on demand.
 */
function searchPathsOf(python: string, sitePackages: boolean): string[] {
  const keys = sitePackages ? "'stdlib', 'purelib'" : "'stdlib'";
  const r = spawnSync(python, ["-c", `import sysconfig; p = sysconfig.get_paths(); print("\\n".join(p[k] for k in (${keys})))`], { encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim().split("\n") : [];
}

function pythonVersion(python: string): string {
  const r = spawnSync(python, ["-c", "import platform; print(platform.python_version())"], { encoding: "utf8" });
  if (r.error) {
    const code = (r.error as NodeJS.ErrnoException).code;
    throw new UsageError(
      code === "ENOENT"
        ? `${python} not found: the oracle needs CPython (3.8+) on PATH, or pass --python EXE`
        : `cannot run ${python}: ${r.error.message}`,
    );
  }
  if (r.status !== 0) throw new UsageError(`${python} failed: ${r.stderr.trim()}`);
  return r.stdout.trim();
}

/** Runs the oracle, or reads it from `.conformance/oracle-<python version>-<hash of modules + script>.json`. */
function getOracle(opts: { python: string; modules: string[]; outDir: string; refresh: boolean; timeout: string }): { oracle: Oracle; note: string } {
  if (!existsSync(ORACLE_SCRIPT)) throw new UsageError(`the oracle script is missing: ${ORACLE_SCRIPT}`);
  const version = pythonVersion(opts.python);
  const hash = createHash("sha256")
    .update(opts.modules.join("\n"))
    .update("\0")
    .update(readFileSync(ORACLE_SCRIPT))
    .digest("hex")
    .slice(0, 16);
  const cache = join(opts.outDir, `oracle-${version}-${hash}.json`);
  if (!opts.refresh && existsSync(cache)) return { oracle: readJson<Oracle>(cache, "cached oracle"), note: `oracle: cached ${cache}` };
  const t0 = Date.now();
  const tmp = `${cache}.${process.pid}.tmp`;
  const r = spawnSync(opts.python, [ORACLE_SCRIPT, "--timeout", opts.timeout, "--out", tmp, ...opts.modules], {
    stdio: ["ignore", "inherit", "inherit"],
  });
  if (r.error || r.status !== 0) throw new UsageError(`the oracle failed (${r.error?.message ?? `exit status ${r.status}`})`);
  renameSync(tmp, cache);
  return { oracle: readJson<Oracle>(cache, "oracle output"), note: `oracle: ${opts.python} ${version}, ${opts.modules.length} modules in ${((Date.now() - t0) / 1000).toFixed(1)}s` };
}

/**
 * The oracle's interpreter and the analysis target: `--python` as given (its version is the target
 * unless `--target-version` says otherwise), else an interpreter of `--target-version`, else python3.
 */
async function chooseInterpreter(python: string | undefined, targetVersion: string | undefined): Promise<{ python: string; target: string }> {
  if (targetVersion !== undefined && !(BUILTINS_VERSIONS as readonly string[]).includes(targetVersion)) {
    throw new UsageError(`unsupported --target-version ${targetVersion}; supported: ${BUILTINS_VERSIONS.join(", ")}`);
  }
  if (python === undefined && targetVersion !== undefined) {
    const found = await findInterpreter(targetVersion);
    if (!("executable" in found)) throw new UsageError(`no Python ${targetVersion} interpreter found (tried ${found.tried.join(", ")}); pass --python EXE`);
    return { python: found.executable, target: targetVersion };
  }
  const exe = python ?? "python3";
  const version = targetVersion ?? (await interpreterVersion(exe));
  if (version === null) throw new UsageError(`${exe} not found or failed: the oracle needs CPython (3.8+); pass --python EXE`);
  if (!(BUILTINS_VERSIONS as readonly string[]).includes(version)) {
    throw new UsageError(`${exe} is Python ${version}; supported: ${BUILTINS_VERSIONS.join(", ")} (pass --target-version)`);
  }
  return { python: exe, target: version };
}

function sourcePaths(oracle: Oracle): string[] {
  const paths = new Set<string>();
  for (const m of oracle.modules) if (!m.error && typeof m.file === "string" && /\.pyw?$/.test(m.file)) paths.add(m.file);
  return [...paths].sort();
}

async function run(argv: string[]): Promise<number> {
  const program = new Command()
    .name("conformance")
    .description("Score static-inspect against CPython's inspect (the oracle), facet by facet.")
    .argument("[modules...]", "modules to compare (default: the --list)")
    .option("--list <name>", `the module list and its thresholds (${Object.keys(MODULE_LISTS).join(", ")})`, "stdlib")
    .option("--update-thresholds", "raise the list's thresholds file to the measured values, rounded down (never lowers)")
    .option("--refresh-oracle", "run the oracle even if its output is cached")
    .option("--oracle <file>", "use this oracle JSON instead of running the oracle")
    .option("--bundle <file>", "use this bundle JSON instead of analysing")
    .option("--keep-bundle", "also write the analysed bundle to <out-dir>/bundle.json")
    .option("--python <exe>", "the Python that runs the oracle (default: one of the target version, else python3)")
    .option("--target-version <version>", `the Python version analysed for and checked (${BUILTINS_VERSIONS.join(", ")}; default: the oracle interpreter's)`)
    .option("--timeout <seconds>", "per-module oracle timeout (default: the list's, 60 for stdlib, 300 for third-party)")
    .option("--thresholds <file>", "thresholds file (default: the list's in tools/conformance; for stdlib thresholds.json for 3.11, thresholds-3.X.json for 3.X)")
    .option("--out-dir <dir>", "where report.json, mismatches.jsonl and the oracle cache go (default: .conformance/, .conformance/3.X/ for 3.X ≠ 3.11, .conformance/<list>/ for other lists)")
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  try {
    program.parse(argv, { from: "user" });
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    throw e;
  }
  const opts = program.opts<{
    updateThresholds?: boolean;
    refreshOracle?: boolean;
    oracle?: string;
    bundle?: string;
    keepBundle?: boolean;
    python?: string;
    targetVersion?: string;
    timeout?: string;
    list: string;
    thresholds?: string;
    outDir?: string;
  }>();
  const list = Object.hasOwn(MODULE_LISTS, opts.list) ? MODULE_LISTS[opts.list]! : undefined;
  if (!list) throw new UsageError(`unknown --list ${opts.list} (one of ${Object.keys(MODULE_LISTS).join(", ")})`);
  const { python, target } = await chooseInterpreter(opts.python, opts.targetVersion);
  // The stdlib list has thresholds per version; the other lists are measured on 3.11 (a -3.X file for other versions).
  const listThresholds = target === "3.11" ? list.thresholds : list.thresholds.replace(/\.json$/, `-${target}.json`);
  const thresholdsPath = opts.thresholds ?? (opts.list === "stdlib" ? thresholdsFile(target) : join(CONFORMANCE_DIR, listThresholds));
  const explicit = program.args.length > 0;
  const modules = explicit ? program.args : [...list.modules];
  if (opts.updateThresholds && explicit) throw new UsageError("--update-thresholds measures a whole --list; do not name modules");
  const timeout = opts.timeout ?? String(list.timeout);
  if (!(Number(timeout) > 0)) throw new UsageError(`--timeout must be a positive number, not ${timeout}`);
  const defaultOut = opts.list === "stdlib" ? outputDir(target) : join(ROOT, ".conformance", opts.list, ...(target === "3.11" ? [] : [target]));
  const outDir = resolve(opts.outDir ?? defaultOut);
  mkdirSync(outDir, { recursive: true });

  const thresholds: Thresholds = existsSync(thresholdsPath) ? readJson<Thresholds>(thresholdsPath, "thresholds") : {};

  const t0 = Date.now();
  let oracle: Oracle;
  if (opts.oracle) {
    oracle = readJson<Oracle>(opts.oracle, "oracle");
    console.log(`oracle: ${opts.oracle}`);
  } else {
    const got = getOracle({ python, modules, outDir, refresh: !!opts.refreshOracle, timeout });
    oracle = got.oracle;
    console.log(got.note);
  }

  const t1 = Date.now();
  let bundle: Bundle;
  if (opts.bundle) {
    bundle = readJson<Bundle>(opts.bundle, "bundle");
  } else {
    const paths = sourcePaths(oracle);
    bundle = await analyzeToBundle(paths, searchPathsOf(python, list.sitePackages), target);
    console.log(`analysis: ${paths.length} files in ${((Date.now() - t1) / 1000).toFixed(1)}s`);
    if (opts.keepBundle) writeFileSync(join(outDir, "bundle.json"), JSON.stringify(bundle) + "\n");
  }
  const bundlePy = bundle.target?.python;
  if (bundlePy && !oracle.python.startsWith(`${bundlePy}.`) && oracle.python !== bundlePy) {
    console.log(`warning: the bundle targets Python ${bundlePy}, the oracle ran ${oracle.python}`);
  }

  const report = compare(oracle, bundle, explicit ? { modules } : {});
  let effective = thresholds;
  if (opts.updateThresholds) {
    effective = ratchetThresholds(thresholds, report);
    const ordered = Object.fromEntries([...FACETS.filter((f) => f in effective), ...Object.keys(effective).filter((k) => !(FACETS as readonly string[]).includes(k))].map((k) => [k, effective[k]]));
    writeFileSync(thresholdsPath, JSON.stringify(ordered, null, 2) + "\n");
  }

  console.log("");
  console.log(`Python ${target} (oracle ${oracle.python}, thresholds ${thresholdsPath})`);
  console.log(formatReport(report, effective));
  const failures = thresholdFailures(report, effective);

  const { mismatches, ...rest } = report;
  writeFileSync(
    join(outDir, "report.json"),
    JSON.stringify({ ...rest, mismatchCount: mismatches.length, thresholds: effective, failures }, null, 2) + "\n",
  );
  writeFileSync(join(outDir, "mismatches.jsonl"), mismatchesJsonl(report));

  console.log("");
  if (opts.updateThresholds) {
    const raised = FACETS.filter((f) => (effective[f] ?? 0) !== (thresholds[f] ?? 0)).map((f) => `${f} ${thresholds[f] ?? "-"}→${effective[f]}`);
    console.log(`thresholds: ${raised.length ? `raised ${raised.join(", ")}` : "unchanged"} (${thresholdsPath})`);
  }
  console.log(`${mismatches.length} mismatches → ${join(outDir, "mismatches.jsonl")}; report → ${join(outDir, "report.json")} (${((Date.now() - t0) / 1000).toFixed(1)}s)`);
  if (failures.length) {
    console.log(`FAIL: below threshold: ${failures.map((f) => `${f.facet} ${f.percent.toFixed(1)}% < ${f.threshold}%`).join(", ")}`);
    return 1;
  }
  return 0;
}

// `pnpm conformance | head` closes stdout early: not an error
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw e;
});

run(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    if (e instanceof UsageError) console.error(`conformance: ${e.message}`);
    else console.error(e);
    process.exitCode = 2;
  },
);
