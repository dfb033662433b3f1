// Throughput over the interpreter's whole standard library: parse-only against the full pipeline.
//
//   pnpm bench [DIR]
//
// DIR defaults to python3's `sysconfig.get_paths()['stdlib']`; without python3 it must be given.
// Skipped: test/, idlelib/idle_test/, lib2to3/tests/, site-packages/.
// Each phase runs once, in one process, no warm-up:
//   parse-only: `parseBytes` over every file (bytes read beforehand, not timed);
//   full:       `analyze` (reads, parses, binds, links) + `buildBundle` + `encodeBundle`.
// MB are 10^6 bytes of source. Peak RSS is the process's maximum resident set size.
// Then the scaling of one generated module (functions wrapped by a functools.wraps decorator, classes
// with methods, constants) at 2,000 and 20,000 definitions: every per-module step is linear, so the
// ratio of the two times should be about 10.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { analyze, discover } from "@static-inspect/analyzer";
import { buildBundle, encodeBundle } from "@static-inspect/emit";
import { parseBytes } from "@static-inspect/parser";

// Not the analyzer's DISCOVER_DEFAULTS.exclude: its `**/venv/**` would drop the stdlib's own `venv` package.
const EXCLUDE = ["test/**", "idlelib/idle_test/**", "lib2to3/tests/**", "site-packages/**", "**/__pycache__/**"];

function stdlibDir(): string | null {
  const given = process.argv[2];
  if (given) return path.resolve(given);
  try {
    return execFileSync("python3", ["-c", "import sysconfig; print(sysconfig.get_paths()['stdlib'])"], { encoding: "utf8" }).trim();
  } catch {
    return null;
  }
}

const seconds = (from: number) => (performance.now() - from) / 1000;
const peakRssMB = () => process.resourceUsage().maxRSS / 1024; // maxRSS is in KiB

async function run(): Promise<number> {
  const dir = stdlibDir();
  if (!dir) {
    process.stderr.write("bench: python3 not found; give the directory to measure: pnpm bench DIR\n");
    return 2;
  }
  const files = discover([dir], { exclude: EXCLUDE, gitignore: false });
  const sources = files.map((f) => readFileSync(f.path));
  const bytes = sources.reduce((n, b) => n + b.length, 0);
  const mb = bytes / 1e6;

  let t = performance.now();
  let withSyntaxErrors = 0;
  for (let i = 0; i < files.length; i++) {
    const parsed = parseBytes(sources[i]!, { path: files[i]!.path });
    if (parsed.diagnostics.some((d) => d.code === "syntax-error")) withSyntaxErrors++;
  }
  const parseSeconds = seconds(t);
  const parseRss = peakRssMB();
  sources.length = 0;

  t = performance.now();
  const program = await analyze({ paths: [dir], exclude: EXCLUDE, gitignore: false });
  const analyzeSeconds = seconds(t);
  let u = performance.now();
  const bundle = buildBundle(program);
  const buildSeconds = seconds(u);
  u = performance.now();
  const json = encodeBundle(bundle);
  const encodeSeconds = seconds(u);
  const fullSeconds = seconds(t);

  const row = (phase: string, s: number) =>
    `${phase.padEnd(12)}${String(files.length).padStart(7)}${mb.toFixed(1).padStart(8)}${s.toFixed(2).padStart(9)}${(mb / s).toFixed(2).padStart(8)}`;
  const out = [
    `stdlib: ${dir}`,
    `${"phase".padEnd(12)}${"files".padStart(7)}${"MB".padStart(8)}${"seconds".padStart(9)}${"MB/s".padStart(8)}`,
    row("parse-only", parseSeconds),
    row("full", fullSeconds),
    `full / parse-only: ${(fullSeconds / parseSeconds).toFixed(2)}×` +
      `  (full = analyze ${analyzeSeconds.toFixed(2)} s + buildBundle ${buildSeconds.toFixed(2)} s + encodeBundle ${encodeSeconds.toFixed(2)} s)`,
    `peak RSS: ${peakRssMB().toFixed(0)} MB (after parse-only: ${parseRss.toFixed(0)} MB)`,
    `files with a syntax-error diagnostic: ${withSyntaxErrors} of ${files.length}`,
    `bundle: ${bundle.objects.length} objects, ${bundle.diagnostics.length} diagnostics, ${(json.length / 1e6).toFixed(1)} MB of JSON`,
  ];
  out.push(...(await scaling()));
  process.stdout.write(out.join("\n") + "\n");
  return 0;
}

/** One generated module of `n` definitions (a quarter each: wrapped functions, classes, constants, plain functions). */
function generated(n: number): string {
  const lines = ["import functools", "def deco(fn):", "    @functools.wraps(fn)", "    def inner(*a, **k):", "        return fn(*a, **k)", "    return inner"];
  for (let i = 0; i < n; i++) {
    if (i % 4 === 0) lines.push("@deco", `def f${i}(a, b=1, *c, d: int = 2, **e):`, `    """Doc ${i}."""`, "    return a");
    else if (i % 4 === 1) lines.push(`class C${i}:`, `    x: int = ${i}`, "    def m(self, y=None):", "        return y");
    else if (i % 4 === 2) lines.push(`V${i} = ${i} * 2`);
    else lines.push(`def g${i}(x):`, "    # a comment", "    return x");
  }
  return lines.join("\n") + "\n";
}

async function scaling(): Promise<string[]> {
  const dir = mkdtempSync(path.join(tmpdir(), "bench-scaling-"));
  const rows: string[] = ["one generated module (analyze + buildBundle):"];
  const times: number[] = [];
  try {
    for (const n of [2000, 20000]) {
      const file = path.join(dir, `gen${n}.py`);
      writeFileSync(file, generated(n));
      const t = performance.now();
      const bundle = buildBundle(await analyze({ paths: [file] }));
      times.push(seconds(t));
      rows.push(`  ${String(n).padStart(6)} definitions: ${times.at(-1)!.toFixed(2)} s, ${bundle.objects.length} objects`);
    }
    rows.push(`  20,000 / 2,000: ${(times[1]! / times[0]!).toFixed(1)}× (linear: about 10×)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

process.exitCode = await run();
