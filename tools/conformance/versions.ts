/**
 * `pnpm conformance:versions [versions…]`: `pnpm conformance --target-version X` for every supported
 * Python version (default: all six, 3.8 … 3.13), each with its oracle running under an interpreter of
 * that version and its own thresholds; then one summary table of the main facets per version.
 *
 *   --update-thresholds   passed on to each run (raises that version's thresholds, never lowers them)
 *
 * Exits 1 when any version falls below its thresholds, 2 when a run could not be made (no interpreter
 * of that version, a usage error), 0 otherwise.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { BUILTINS_VERSIONS } from "../../packages/analyzer/src/data/builtins.ts";
import { outputDir, ROOT } from "./paths.ts";

/** The facets the summary shows (the "done when" list, plus the class signature text). */
const SUMMARY = ["signature.text", "signature.parameters", "doc", "sourcelines", "mro", "members", "rawDoc", "class signature.text"] as const;

interface Report {
  readonly facets: Record<string, { compared: number; matched: number }>;
  readonly failures: readonly { facet: string; percent: number; threshold: number }[];
}

const args = process.argv.slice(2);
const update = args.includes("--update-thresholds");
const versions = args.filter((a) => !a.startsWith("--"));
const unknown = versions.filter((v) => !(BUILTINS_VERSIONS as readonly string[]).includes(v));
if (unknown.length > 0) {
  console.error(`conformance:versions: unsupported version ${unknown.join(", ")}; supported: ${BUILTINS_VERSIONS.join(", ")}`);
  process.exit(2);
}

let status = 0;
const rows: string[][] = [];
for (const version of versions.length > 0 ? versions : BUILTINS_VERSIONS) {
  console.log(`\n=== Python ${version}`);
  const r = spawnSync(
    process.execPath,
    ["--import", "tsx", "--conditions=@static-inspect/source", join(ROOT, "tools/conformance/main.ts"), "--target-version", version, ...(update ? ["--update-thresholds"] : [])],
    { stdio: "inherit", cwd: ROOT },
  );
  if (r.status !== 0 && r.status !== 1) {
    status = 2;
    rows.push([version, `run failed (exit ${r.status ?? r.signal})`]);
    continue;
  }
  if (r.status === 1) status = Math.max(status, 1);
  const report = JSON.parse(readFileSync(join(outputDir(version), "report.json"), "utf8")) as Report;
  rows.push([
    version,
    ...SUMMARY.map((f) => {
      const c = report.facets[f];
      return c && c.compared > 0 ? ((100 * c.matched) / c.compared).toFixed(1) : "-";
    }),
    report.failures.length === 0 ? "ok" : `FAIL ${report.failures.map((f) => f.facet).join(", ")}`,
  ]);
}

console.log(`\n| Python | ${SUMMARY.join(" | ")} | thresholds |`);
console.log(`|---|${SUMMARY.map(() => "---:").join("|")}|---|`);
for (const row of rows) console.log(`| ${row.join(" | ")} |`);
process.exitCode = status;
