// `pnpm exec tsx --conditions=@static-inspect/source tools/watch-parts-check.ts PACKAGE_DIR [MAX_FILES]`: checks that
// watch mode's kept bundle parts (emit/part-cache.ts) never change the bundle. It copies the package, then for
// each file (up to MAX_FILES) makes five edits in turn (a function added whose docstring names the
// package absolutely, a parameter added to the first def, the first class's base replaced, the first
// def renamed, `__all__` emptied), analyses
// through one memory summary cache, and compares the bundle written with kept parts with the one
// written without. Prints the files whose edit gave other bytes (none expected), the parts reused, and the
// units of the parts made that were written again.
import { analyze, memorySummaryCache } from "@static-inspect/analyzer";
import { encodeProgramChunks, createPartCache } from "@static-inspect/emit";
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
const sp = ["/root/.pyenv/versions/3.11.7/lib/python3.11", "/root/.pyenv/versions/3.11.7/lib/python3.11/lib-dynload", "/root/.pyenv/versions/3.11.7/lib/python3.11/site-packages"];
const src = process.argv[2]!;
const root = mkdtempSync(path.join(tmpdir(), "pcheck-"));
const pkg = path.join(root, path.basename(src));
cpSync(src, pkg, { recursive: true, filter: (f) => !f.includes("__pycache__") });
const files = readdirSync(pkg, { recursive: true }).map(String).filter((f) => f.endsWith(".py"));
const cache = memorySummaryCache();
const parts = createPartCache();
const run = async () => {
  const p = await analyze({ paths: [pkg], searchPaths: [root, ...sp], cache });
  const kept = [...encodeProgramChunks(p, {}, 0, undefined, parts)].join("");
  const full = [...encodeProgramChunks(p, {}, 0)].join("");
  return { same: kept === full, stats: { ...parts.stats } };
};
await run();
let bad = 0, reused = 0, made = 0, unitsReused = 0;
const edits = [
  (t: string) => t + "\n\ndef _edit_added(a, b=1):\n    \"\"\"See :class:`" + path.basename(src) + ".X`.\"\"\"\n",
  (t: string) => t.replace(/^def (\w+)\(/m, "def $1(_extra_first, "),
  (t: string) => t.replace(/^class (\w+)\((\w+)\)/m, "class $1(object)"),
  (t: string) => t.replace(/^def (\w+)\(/m, "def $1_renamed("),
  (t: string) => t + "\n__all__ = []\n",
];
for (const f of files.slice(0, Number(process.argv[3] ?? 1e9))) {
  const file = path.join(pkg, f);
  const original = readFileSync(file, "utf8");
  for (const e of edits) {
    const edited = e(original);
    if (edited === original) continue;
    writeFileSync(file, edited);
    const r = await run();
    reused += r.stats.reused; made += r.stats.made; unitsReused += r.stats.unitsReused;
    if (!r.same) { bad++; console.log("DIFFERENT after editing", f); }
    writeFileSync(file, original);
    await run();
  }
}
console.log(`${files.length} files, edits checked; different: ${bad}; parts reused ${reused}, made ${made} (in which ${unitsReused} units were written again)`);
