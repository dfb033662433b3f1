// `pnpm bench [--quick] [--runs N] [--skip NAME]… [STDLIB_DIR]`: speed and memory, printed as numbers and ratios.
//
// 1. The parse-only floor over the interpreter's standard library against the full pipeline, in
//    this process: `parseBytes` over every file (bytes read beforehand, not timed), then `analyze`
//    (reads, parses, binds, links) + `buildBundle` + `encodeBundle`. Skipped: test/,
//    idlelib/idle_test/, lib2to3/tests/, site-packages/.
// 2. Whole-process runs of the installed command (node_modules/.bin/static-inspect; build first),
//    each scenario with a cold cache (an empty folder), a warm one and --no-cache, medians of --runs
//    (default 5; 1 for the stdlib and site-packages): a one-line module; click (17 files, bases
//    resolved through the stdlib); the stdlib (a copy); the stdlib with one file edited; all of
//    site-packages; an edit under `analyze --watch` (click; time from the write to the "updated"
//    line). "÷ floor" is the wall time over the parse-only time of the files analysed. Node's own
//    start is printed above the table; where NODE_EXTRA_CA_CERTS is set (Node 20 parses those
//    certificates at each start, static-inspect never uses them), the warm one-line and click runs
//    are measured without it too ("warm, no CA env").
//    --quick leaves out the stdlib and site-packages scenarios; --skip NAME leaves out one.
//    When a python3 can import griffe (Debian: python3-griffe), each scenario starts with griffe's own
//    row (`griffe dump`, static, on the same files) and "÷ griffe" is our wall time over its.
// 3. The scaling of one generated module (functions wrapped by a functools.wraps decorator, classes
//    with methods, constants) at 2,000 and 20,000 definitions: the ratio should be about 10.
//
// STDLIB_DIR defaults to python3's `sysconfig.get_paths()['stdlib']`; without python3 it must be given.
// MB are 10^6 bytes of source; RSS in MiB-rounded MB as the OS reports. Peak RSS is the maximum
// resident set size.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { existsSync } from "node:fs";
import { analyze, discover } from "@static-inspect/analyzer";
import { copyTree, findGriffe, freshCache, griffeOnce, median, nodeStart, remove, runOnce, stdlibTopLevel, watchEdits, type Sample } from "./bench-commands.ts";
import { buildBundle, encodeBundle } from "@static-inspect/emit";
import { parseBytes } from "@static-inspect/parser";

// Not the analyzer's DISCOVER_DEFAULTS.exclude: its `**/venv/**` would drop the stdlib's own `venv` package.
const EXCLUDE = ["test/**", "idlelib/idle_test/**", "lib2to3/tests/**", "site-packages/**", "**/__pycache__/**"];

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(name);
const option = (name: string): string[] => argv.flatMap((a, i) => (a === name && argv[i + 1] ? [argv[i + 1]!] : []));
const positional = argv.filter((a, i) => !a.startsWith("--") && !["--runs", "--skip"].includes(argv[i - 1] ?? ""));

function stdlibDir(): string | null {
  const given = positional[0];
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
  process.stdout.write(out.join("\n") + "\n");
  process.stdout.write((await commands(dir)).join("\n") + "\n");
  process.stdout.write((await scaling()).join("\n") + "\n");
  return 0;
}

/** The parse-only seconds of the files under `paths` (the floor a run's wall time is divided by). */
function parseFloor(paths: string[], exclude: string[] = []): number {
  const files = discover(paths, { exclude, gitignore: false });
  const sources = files.map((f) => readFileSync(f.path));
  const t = performance.now();
  for (let i = 0; i < files.length; i++) parseBytes(sources[i]!, { path: files[i]!.path });
  return seconds(t);
}

/**
 * A variable of this environment that slows every start of Node and that static-inspect has no use
 * for: the rows marked "no CA env" are measured without it (see `nodeStart` in bench-commands.ts).
 */
const EXTRA_CA = process.env.NODE_EXTRA_CA_CERTS ? "NODE_EXTRA_CA_CERTS" : null;

/** Part 2: the whole-process scenarios. */
async function commands(stdlib: string): Promise<string[]> {
  const bin = path.resolve("node_modules/.bin/static-inspect");
  if (!existsSync(bin)) return [`(no ${bin}: run pnpm install)`];
  const runs = Number(option("--runs")[0] ?? 5);
  const skip = new Set(option("--skip"));
  const quick = flag("--quick");
  const sitePackages = path.join(path.dirname(stdlib), path.basename(stdlib), "site-packages");
  const rows: string[][] = [];
  // griffe's wall time for the scenario being measured (its row comes first), for the "÷ griffe" column.
  let griffeWall: number | null = null;
  const row = (scenario: string, cache: string, s: Sample, floor: number) =>
    rows.push([scenario, cache, s.wall.toFixed(2), s.cpu.toFixed(2), String(Math.round(s.rssMB)), floor > 0 ? `${(s.wall / floor).toFixed(1)}×` : "—", griffeWall ? `${(s.wall / griffeWall).toFixed(2)}×` : "—"]);
  const griffePython = findGriffe();
  /** griffe on the same files (medians of `n` runs), as the scenario's first row; none without griffe. */
  const griffeRow = (scenario: string, args: string[], n: number) => {
    griffeWall = null;
    if (!griffePython) return;
    const s = median(Array.from({ length: n }, () => griffeOnce(griffePython, args)));
    rows.push([scenario, "griffe", s.wall.toFixed(2), s.cpu.toFixed(2), String(Math.round(s.rssMB)), "—", "1.00×"]);
    griffeWall = s.wall;
  };
  const measure = (args: string[], cache: "cold" | "warm" | "no cache", n: number, prepare?: () => void, without: readonly string[] = []): Sample => {
    const samples: Sample[] = [];
    let dir: string | null = null;
    if (cache === "warm") {
      dir = freshCache();
      runOnce(bin, args, dir, without); // fills the cache
    }
    for (let i = 0; i < n; i++) {
      prepare?.();
      if (cache === "cold") dir = freshCache();
      samples.push(runOnce(bin, args, cache === "no cache" ? null : dir, without));
      if (cache === "cold") remove(dir!);
    }
    if (dir && cache === "warm") remove(dir);
    return median(samples);
  };
  const stdlibExclude = EXCLUDE.flatMap((e) => ["--exclude", e]);

  const temp = mkdtempSync(path.join(tmpdir(), "bench-one-"));
  try {
    if (!skip.has("one-line")) {
      const file = path.join(temp, "one.py");
      writeFileSync(file, "x = 1\n");
      const args = ["analyze", file, "-o", path.join(temp, "one.json")];
      griffeRow("one-line module", ["dump", "one", "-s", temp, "-o", path.join(temp, "one-griffe.json")], runs);
      for (const c of ["cold", "warm", "no cache"] as const) row("one-line module", c, measure(args, c, runs), 0);
      if (EXTRA_CA) row("one-line module", "warm, no CA env", measure(args, "warm", runs, undefined, [EXTRA_CA]), 0);
    }
    const click = spawnPath("click");
    if (click && !skip.has("click")) {
      const args = ["analyze", click, "-o", path.join(temp, "click.json")];
      const floor = parseFloor([click]);
      griffeRow("click (17 files)", ["dump", "click", "-s", path.dirname(click), "-r", "-U", "-o", path.join(temp, "click-griffe.json")], runs);
      for (const c of ["cold", "warm", "no cache"] as const) row("click (17 files)", c, measure(args, c, runs), floor);
      if (EXTRA_CA) row("click (17 files)", "warm, no CA env", measure(args, "warm", runs, undefined, [EXTRA_CA]), floor);
      const summariesOnly = freshCache();
      runOnce(bin, args, summariesOnly);
      const samples: Sample[] = [];
      for (let i = 0; i < runs; i++) {
        remove(path.join(summariesOnly, "runs"));
        samples.push(runOnce(bin, args, summariesOnly));
      }
      remove(summariesOnly);
      row("click (17 files)", "warm summaries", median(samples), floor);
      // One file edited before each run (the whole-run cache misses; the parts that read nothing of it
      // are written from the last bundle): termui.py is read by 8 of click's 34 parts, _textwrap.py by few.
      for (const file of ["termui.py", "_textwrap.py"]) {
        const { root, copy } = copyTree(click, "click-edit");
        try {
          const edited = path.join(copy, file);
          const original = readFileSync(edited, "utf8");
          let n = 0;
          const s = measure(["analyze", copy, "-o", path.join(temp, "click-edit.json")], "warm", runs, () => writeFileSync(edited, `${original}\n\ndef _bench_edit_${++n}():\n    pass\n`));
          row(`click, ${file} edited`, "warm", s, floor);
        } finally {
          remove(root);
        }
      }
    }
    if (!quick && !skip.has("stdlib")) {
      const { root, copy } = copyTree(stdlib, "stdlib");
      try {
        const args = ["analyze", copy, ...stdlibExclude, "--no-python-search-path", "-o", path.join(temp, "stdlib.json")];
        const floor = parseFloor([copy], EXCLUDE);
        griffeRow("stdlib", ["dump", ...stdlibTopLevel(copy), "-s", copy, "-o", path.join(temp, "stdlib-griffe.json")], 1);
        for (const c of ["cold", "warm", "no cache"] as const) row("stdlib", c, measure(args, c, 1), floor);
        const edited = path.join(copy, "textwrap.py");
        const original = readFileSync(edited, "utf8");
        let n = 0;
        const s = measure(args, "warm", 1, () => writeFileSync(edited, `${original}\n\ndef _bench_edit_${++n}():\n    pass\n`));
        writeFileSync(edited, original);
        row("stdlib, textwrap.py edited", "warm", s, floor);
      } finally {
        remove(root);
      }
    }
    if (!quick && !skip.has("site-packages") && existsSync(sitePackages)) {
      const args = ["analyze", sitePackages, "-o", path.join(temp, "site.json")];
      const floor = parseFloor([sitePackages]);
      griffeWall = null;
      for (const c of ["cold", "warm"] as const) row("site-packages", c, measure(args, c, 1), floor);
    }
    if (click && !skip.has("watch")) {
      // termui.py is read by 8 of click's 34 parts (they are made again, unit by unit); _textwrap.py by one module.
      for (const [label, file] of [["watch: click, termui.py edited", "termui.py"], ["watch: click, _textwrap.py edited", "_textwrap.py"]] as const) {
        const { root, copy } = copyTree(click, "watch");
        const cache = freshCache();
        try {
          const times = await watchEdits(bin, ["analyze", copy, "-o", path.join(temp, "watch.json")], path.join(copy, file), Math.max(runs, 5), cache);
          const sorted = [...times].sort((a, b) => a - b);
          rows.push([label, "memory", sorted[Math.floor(sorted.length / 2)]!.toFixed(3), "—", "—", "—", "—"]);
        } finally {
          remove(root);
          remove(cache);
        }
      }
    }
  } finally {
    remove(temp);
  }
  const header = ["scenario", "cache", "wall s", "CPU s", "peak RSS MB", "÷ floor", "÷ griffe"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  const griffeNote = griffePython
    ? `griffe rows: \`${griffePython} -m griffe dump\` (static) on the same files, in one process like ours; "÷ griffe" is our wall time over griffe's`
    : "griffe not found (no python3 imports griffe; on Debian: apt-get install python3-griffe): its rows are left out";
  const start = `Node's own start here (node -e 0, the floor of every run): ${nodeStart(runs).toFixed(3)} s` +
    (EXTRA_CA ? `; ${nodeStart(runs, [EXTRA_CA]).toFixed(3)} s without ${EXTRA_CA}, which Node 20 reads at every start (the "no CA env" rows)` : "");
  return ["", `the installed command (${bin}), medians of ${runs} runs (1 for stdlib and site-packages):`, griffeNote, start, line(header), ...rows.map(line), ""];
}

/** The folder of an installed package, asked of python3 (null when python3 or the package is missing). */
function spawnPath(name: string): string | null {
  try {
    return path.dirname(execFileSync("python3", ["-c", `import ${name}; print(${name}.__file__)`], { encoding: "utf8" }).trim());
  } catch {
    return null;
  }
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
