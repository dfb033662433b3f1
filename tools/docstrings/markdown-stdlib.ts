/**
 * `pnpm exec tsx tools/docstrings/markdown-stdlib.ts [--split classes] [--out DIR]`: renders the
 * interpreter's whole standard library (without test/, idlelib/idle_test/, lib2to3/tests/,
 * site-packages/, as tools/bench.ts reads it) as Markdown pages and checks, with markdown-it, that
 * every link reaches a page and an anchor and that no docstring text became raw HTML. Prints the
 * counts; exits 1 when a problem is found (the first 20 are listed). With --out, also writes the
 * pages into DIR. Needs python3 to find the stdlib. Too slow for every CI run: test/markdown runs
 * the same check on the conformance module list.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { analyze } from "../../packages/analyzer/src/index.ts";
import { buildBundle, renderMarkdown } from "../../packages/emit/src/index.ts";
import { checkLinks } from "./links.ts";

const EXCLUDE = ["test/**", "idlelib/idle_test/**", "lib2to3/tests/**", "site-packages/**", "**/__pycache__/**"];

const stdlib = spawnSync("python3", ["-c", "import sysconfig; print(sysconfig.get_paths()['stdlib'])"], { encoding: "utf8" }).stdout.trim();
if (!stdlib) {
  console.error("markdown-stdlib: python3 is needed to find the standard library");
  process.exit(2);
}
const split = process.argv.includes("--split") ? (process.argv[process.argv.indexOf("--split") + 1] as "classes" | "modules") : "modules";
const outIndex = process.argv.indexOf("--out");
const started = performance.now();
const bundle = buildBundle(await analyze({ paths: [stdlib], exclude: EXCLUDE, gitignore: false }));
const analysed = performance.now();
const { files, nav } = renderMarkdown(bundle, { split });
const rendered = performance.now();
const { problems, links, anchors } = checkLinks(files);
const checked = performance.now();
const bytes = [...files.values()].reduce((n, t) => n + Buffer.byteLength(t), 0);
console.log(
  `stdlib ${stdlib}: ${bundle.modules.length} modules, ${bundle.objects.length} objects → ${files.size} pages (${(bytes / 1e6).toFixed(1)} MB, split ${split}), ` +
    `${anchors} anchors, ${links} links, ${problems.length} problems; analyse ${((analysed - started) / 1000).toFixed(1)} s, ` +
    `render ${((rendered - analysed) / 1000).toFixed(1)} s, check ${((checked - rendered) / 1000).toFixed(1)} s`,
);
for (const p of problems.slice(0, 20)) console.log(`${p.page}: ${p.problem}`);
if (outIndex > 0) {
  const dir = path.resolve(process.argv[outIndex + 1]!);
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of files) writeFileSync(path.join(dir, name), text);
  writeFileSync(path.join(dir, "nav.json"), JSON.stringify(nav, null, 2) + "\n");
}
process.exit(problems.length > 0 ? 1 : 0);
