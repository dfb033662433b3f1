// pnpm fuzz [--seconds N] [--seed S] [--cases N] [--limit-ms MS] [--corpus DIR]… [--max-seed-bytes N] [--out DIR]
//
// Mutants of real Python files through analyze → buildBundle → encodeBundle → validateBundle,
// each in a worker thread with a time limit (see tools/fuzz/fuzz.ts). Prints progress to stderr
// and a summary to stdout; distinct failures are minimised into --out (default tools/fuzz/found).
// Exit code 0 when no case failed, 1 when some did, 2 for a usage error.
import { parseArgs } from "node:util";
import { fuzz, FUZZ_DEFAULTS } from "./fuzz.ts";

function usage(message: string): never {
  process.stderr.write(`fuzz: error: ${message}\n`);
  process.exit(2);
}

let values;
try {
  ({ values } = parseArgs({
    options: {
      seconds: { type: "string" },
      seed: { type: "string" },
      cases: { type: "string" },
      "limit-ms": { type: "string" },
      corpus: { type: "string", multiple: true },
      "max-seed-bytes": { type: "string" },
      out: { type: "string" },
    },
  }));
} catch (error) {
  usage((error as Error).message);
}
const num = (name: string, v: string | undefined, dflt: number): number => {
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) usage(`--${name} must be a non-negative number, not ${JSON.stringify(v)}`);
  return n;
};
const seed = num("seed", values.seed, FUZZ_DEFAULTS.seed);
const report = await fuzz({
  seed,
  seconds: num("seconds", values.seconds, FUZZ_DEFAULTS.seconds),
  maxCases: num("cases", values.cases, FUZZ_DEFAULTS.maxCases),
  limitMs: num("limit-ms", values["limit-ms"], FUZZ_DEFAULTS.limitMs),
  corpus: values.corpus ?? FUZZ_DEFAULTS.corpus,
  maxSeedBytes: num("max-seed-bytes", values["max-seed-bytes"], FUZZ_DEFAULTS.maxSeedBytes),
  outDir: values.out ?? FUZZ_DEFAULTS.outDir,
  onProgress: (s) => process.stderr.write(`fuzz: ${s.cases} cases, ${s.failures} failures, ${s.seconds.toFixed(0)} s\n`),
});
console.log(`seed ${report.seed}: ${report.cases} cases from ${report.seedFiles} seed files in ${report.seconds.toFixed(1)} s`);
console.log(`failures: ${report.failures} ${JSON.stringify(report.byKind)}; slowest case ${Math.round(report.slowest.ms)} ms (#${report.slowest.caseIndex})`);
for (const f of report.found) {
  console.log(`${String(f.count).padStart(6)}  ${f.signature}`);
  console.log(`        first: case ${f.caseIndex} of ${f.seedFile} (${f.mutations.join(", ")}); reproducer ${f.reproducerPath ?? "(not written)"} (${f.reproducer.length} bytes)`);
}
process.exit(report.failures > 0 ? 1 : 0);
