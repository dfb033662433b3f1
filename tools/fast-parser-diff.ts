// Differential check of the fast parser (packages/parser/src/fast) against Lezer: for every .py
// file under the given directories, both trees must be the same wherever the fast path accepts.
// Usage: pnpm exec tsx --conditions=@static-inspect/source tools/fast-parser-diff.ts DIR...
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { diffSources } from "../packages/parser/src/fast/diff.ts";

function pyFiles(dir: string, out: string[]): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) pyFiles(p, out);
    else if (e.isFile() && e.name.endsWith(".py")) out.push(p);
  }
  return out;
}

const dirs = process.argv.slice(2);
if (dirs.length === 0) {
  console.error("usage: fast-parser-diff.ts DIR...");
  process.exit(2);
}
for (const dir of dirs) {
  const files = pyFiles(dir, []);
  const sources = files.map((f) => ({ path: f, text: readFileSync(f, "utf8").replace(/\r\n?/g, "\n") }));
  const r = diffSources(sources);
  console.log(`${dir}: files ${r.files}, accepted ${r.accepted} (${((100 * r.accepted) / Math.max(1, r.files)).toFixed(1)}%), identical ${r.identical}, MISMATCHED ${r.mismatched.length}; fast ${r.fastMBps.toFixed(1)} MB/s, Lezer ${r.lezerMBps.toFixed(1)} MB/s`);
  for (const m of r.mismatched) console.log(`  MISMATCH ${m.path}: ${m.difference}`);
}
