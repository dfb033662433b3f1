// `pnpm exec tsx --conditions=@static-inspect/source tools/perfile-timings.ts [--rounds N] [--only lezer|parse|summarize] [DIR]`:
// the per-file passes over a tree (default: python3's stdlib, leaving out test/, idlelib/idle_test/,
// lib2to3/tests/, site-packages/), in one process: Lezer's parse alone (of the decoded text),
// `parseBytes`, and `summarizeFile` (read, decode, parse, bind; target 3.11, no cache). One warm-up
// round of each, then the median of N rounds (default 3), in seconds of wall time and of this
// process's CPU time (user + system, all its threads: less disturbed by other processes on a shared machine).
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { discover, summarizeFile } from "@static-inspect/analyzer";
import { decodeSource, parseBytes } from "@static-inspect/parser";
import { pythonParser } from "../packages/parser/src/lezer.ts";

const EXCLUDE = ["test/**", "idlelib/idle_test/**", "lib2to3/tests/**", "site-packages/**", "**/__pycache__/**"];
const TARGET = { python: "3.11", platform: "linux" } as const;

const argv = process.argv.slice(2);
const value = (name: string) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const rounds = Number(value("--rounds") ?? 3);
const only = value("--only");
const dir = argv.find((a, i) => !a.startsWith("--") && !argv[i - 1]?.startsWith("--")) ??
  execFileSync("python3", ["-c", "import sysconfig; print(sysconfig.get_paths()['stdlib'])"], { encoding: "utf8" }).trim();

const files = discover([path.resolve(dir)], { exclude: EXCLUDE, gitignore: false }).filter((f) => !f.namespace);
const bytes = files.map((f) => readFileSync(f.bytesPath ? Buffer.from(f.bytesPath) : f.path));
const texts = files.map((f, i) => decodeSource(bytes[i]!, f.path).text);

const passes: Record<string, () => void> = {
  lezer: () => {
    for (const t of texts) pythonParser.parse(t);
  },
  parse: () => {
    for (let i = 0; i < files.length; i++) parseBytes(bytes[i]!, { path: files[i]!.path, target: "3.11" });
  },
  summarize: () => {
    for (const f of files) summarizeFile(f, TARGET);
  },
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
process.stdout.write(`${files.length} files, ${(bytes.reduce((n, b) => n + b.length, 0) / 1e6).toFixed(1)} MB\n`);
for (const [name, run] of Object.entries(passes)) {
  if (only && only !== name) continue;
  run(); // warm-up
  const times: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const t = performance.now();
    const c = process.cpuUsage();
    run();
    const used = process.cpuUsage(c);
    times.push((performance.now() - t) / 1000);
    cpu.push((used.user + used.system) / 1e6);
  }
  const list = (xs: number[]) => xs.map((x) => x.toFixed(2)).join(", ");
  process.stdout.write(`${name.padEnd(10)} wall median ${median(times).toFixed(2)} s (${list(times)}); cpu median ${median(cpu).toFixed(2)} s (${list(cpu)})\n`);
}
