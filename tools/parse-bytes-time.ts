// Times parseBytes (decoding, parsing, conversion, checks) over every .py file under the given
// directories; prints files, MB and seconds.
// Usage: pnpm exec tsx --conditions=@static-inspect/source tools/parse-bytes-time.ts DIR...
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseBytes } from "../packages/parser/src/index.ts";

function pyFiles(dir: string, out: string[]): string[] {
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) pyFiles(p, out);
    else if (e.isFile() && e.name.endsWith(".py")) out.push(p);
  }
  return out;
}

for (const dir of process.argv.slice(2)) {
  const files = pyFiles(dir, []).filter((f) => !f.includes("/site-packages/")).map((f) => ({ path: f, bytes: readFileSync(f) }));
  const bytes = files.reduce((n, f) => n + f.bytes.length, 0);
  const t0 = performance.now();
  for (const f of files) parseBytes(f.bytes, { path: f.path });
  const s = (performance.now() - t0) / 1000;
  console.log(`${dir}: ${files.length} files, ${(bytes / 1e6).toFixed(1)} MB, parseBytes ${s.toFixed(1)} s`);
}
