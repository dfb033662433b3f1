// `pnpm exec tsx --conditions=@static-inspect/source tools/summary-snapshot.ts [--calls] OUT DIR...`:
// a deterministic dump of what the per-file passes make, to check that a change to them keeps every
// output byte-identical.
//
// Every .py under the DIRs (as `discover` finds them, leaving out test/, idlelib/idle_test/,
// lib2to3/tests/, site-packages/ below a DIR, and __pycache__) is summarised as the analyzer does
// (`summarizeFile`, target 3.11 on Linux) and parsed alone (`parseBytes`, target 3.11; with
// `--calls`, a second time with `calls: true`). OUT gets one line per file, sorted by path:
// `PATH SUMMARY PARSED [CALLS]`, each a SHA-256 (hex) of the JSON text, then a line `total SHA`
// over all the lines before it. The parsed JSON is the path, the decoded source, the line starts,
// the syntax facade and the diagnostics. Compare two dumps with `cmp` or `diff`.
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { discover, summarizeFile } from "@static-inspect/analyzer";
import { parseBytes, type ParsedModule } from "@static-inspect/parser";

const EXCLUDE = ["test/**", "idlelib/idle_test/**", "lib2to3/tests/**", "site-packages/**", "**/__pycache__/**"];
const TARGET = { python: "3.11", platform: "linux" } as const;

const args = process.argv.slice(2);
const calls = args.includes("--calls");
const [out, ...dirs] = args.filter((a) => a !== "--calls");
if (!out || dirs.length === 0) {
  process.stderr.write("usage: summary-snapshot.ts [--calls] OUT DIR...\n");
  process.exit(2);
}

const sha = (text: string) => createHash("sha256").update(text).digest("hex");
const parsedJSON = (p: ParsedModule) =>
  JSON.stringify({ path: p.path, source: p.source, starts: Array.from(p.lines.starts), syntax: p.syntax, diagnostics: p.diagnostics });

const files = discover(dirs.map((d) => path.resolve(d)), { exclude: EXCLUDE, gitignore: false }).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
const lines: string[] = [];
let internal = 0;
const started = performance.now();
for (const file of files) {
  const summary = summarizeFile(file, TARGET);
  if (summary.diagnostics.some((d) => d.code === "internal-error")) {
    internal++;
    process.stderr.write(`internal-error: ${file.path}\n`);
  }
  const row = [file.path, sha(JSON.stringify(summary))]; // the records as bound, whatever summaryToJSON's format
  if (!file.namespace) {
    const bytes = readFileSync(file.bytesPath ? Buffer.from(file.bytesPath) : file.path);
    row.push(sha(parsedJSON(parseBytes(bytes, { path: file.path, target: "3.11" }))));
    if (calls) row.push(sha(parsedJSON(parseBytes(bytes, { path: file.path, target: "3.11", calls: true }))));
  }
  lines.push(row.join(" "));
}
const body = lines.join("\n") + "\n";
writeFileSync(out, `${body}total ${sha(body)}\n`);
process.stderr.write(`${files.length} files, ${internal} with internal-error, ${((performance.now() - started) / 1000).toFixed(1)} s; total ${sha(body)}\n`);
