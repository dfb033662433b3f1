// Differential check of our syntax errors against CPython's compile().
//
//   pnpm tsx tools/compile-compare.ts [--python=python3] [--target=3.11] [--list] [--top=N] [dirs…]
//
// Default dirs: the interpreter's stdlib, tests included (without the site-packages inside it),
// and its site-packages (purelib), reported separately. Every `.py` file is compiled by
// tools/compile-compare/compile.py (one python call per group) and parsed by our parser
// (`parseBytes` with the given target). A file is "flagged" by us when the parser reports a
// diagnostic of severity `error` (`syntax-error`, `decode-error`, `nul-byte`, …); it is "rejected"
// by CPython when compile() raises. Reported per group:
//   false syntax errors: flagged by us, accepted by CPython (goal 0)
//   missed syntax errors: rejected by CPython, not flagged by us (goal 0)
// and, for files both reject, how often our first error is on CPython's line and has its message.
// --list prints every false and missed file with both first errors; --top=N (default 15) the most
// common CPython messages among missed files.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseBytes, type Diagnostic } from "../packages/parser/src/index.ts";

const args = process.argv.slice(2);
const opt = (name: string, dflt: string): string => {
  const a = args.find((x) => x.startsWith(`--${name}=`));
  return a ? a.slice(name.length + 3) : dflt;
};
const python = opt("python", "python3");
const target = opt("target", "3.11");
const top = Number(opt("top", "15"));
const list = args.includes("--list");
const dirArgs = args.filter((a) => !a.startsWith("--"));
const helper = join(dirname(fileURLToPath(import.meta.url)), "compile-compare", "compile.py");

interface Group {
  readonly label: string;
  readonly dir: string;
  readonly skipDirs: ReadonlySet<string>;
}

function groupsToCheck(): Group[] {
  if (dirArgs.length) return dirArgs.map((d) => ({ label: d, dir: resolve(d), skipDirs: new Set<string>() }));
  const out = execFileSync(python, ["-c", "import sysconfig; p = sysconfig.get_paths(); print(p['stdlib']); print(p['purelib'])"], { encoding: "utf8" });
  const [stdlib, purelib] = out.trim().split("\n") as [string, string];
  return [
    { label: "stdlib (tests included)", dir: stdlib, skipDirs: new Set(["site-packages"]) },
    { label: "site-packages", dir: purelib, skipDirs: new Set<string>() },
  ];
}

function walk(dir: string, skip: ReadonlySet<string>, out: string[]): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (!skip.has(e.name) && e.name !== "__pycache__") walk(p, skip, out);
    } else if (e.isFile() && e.name.endsWith(".py")) out.push(p);
  }
}

interface CPythonResult {
  readonly ok: boolean;
  readonly type?: string;
  readonly msg?: string;
  readonly lineno?: number | null;
  readonly offset?: number | null;
}

function compileAll(files: readonly string[]): CPythonResult[] {
  const out = execFileSync(python, [helper], { input: files.join("\n") + "\n", encoding: "utf8", maxBuffer: 1 << 28 });
  const rows = out.trim() ? out.trim().split("\n").map((l) => JSON.parse(l) as CPythonResult) : [];
  if (rows.length !== files.length) throw new Error(`compile.py answered ${rows.length} of ${files.length} files`);
  return rows;
}

const describeOurs = (d: Diagnostic | undefined): string => (d ? `${d.span ? `${d.span.line}:${d.span.column + 1}` : "-"} ${d.code}: ${d.message}` : "none");
const describeTheirs = (r: CPythonResult): string => (r.ok ? "none" : `${r.lineno ?? "-"}:${r.offset ?? "-"} ${r.type}: ${r.msg}`);

for (const g of groupsToCheck()) {
  const files: string[] = [];
  walk(g.dir, g.skipDirs, files);
  const theirs = compileAll(files);
  let rejected = 0;
  let flagged = 0;
  let falseErrors = 0;
  let missed = 0;
  let both = 0;
  let sameLine = 0;
  let sameMessage = 0;
  const missedBy = new Map<string, { count: number; example: string }>();
  const listed: string[] = [];
  files.forEach((file, i) => {
    const cp = theirs[i]!;
    const parsed = parseBytes(readFileSync(file), { path: file, target });
    const first = parsed.diagnostics.find((d) => d.severity === "error");
    if (!cp.ok) rejected++;
    if (first) flagged++;
    if (first && cp.ok) {
      falseErrors++;
      listed.push(`false   ${file}\n        ours: ${describeOurs(first)}`);
    } else if (!first && !cp.ok) {
      missed++;
      const key = `${cp.type}: ${cp.msg}`;
      const e = missedBy.get(key);
      if (e) e.count++;
      else missedBy.set(key, { count: 1, example: `${file}:${cp.lineno}` });
      listed.push(`missed  ${file}\n        cpython: ${describeTheirs(cp)}`);
    } else if (first && !cp.ok) {
      both++;
      if (first.span?.line === cp.lineno) sameLine++;
      if (first.message === cp.msg) sameMessage++;
    }
  });
  console.log(`== ${g.label}: ${g.dir} (python ${python}, target ${target})`);
  console.log(`files: ${files.length}; CPython rejects ${rejected}, we flag ${flagged}`);
  console.log(`false syntax errors (we flag, CPython accepts): ${falseErrors}`);
  console.log(`missed syntax errors (CPython rejects, we do not): ${missed}`);
  console.log(`both reject: ${both}; our first error on CPython's line: ${sameLine}; with CPython's message: ${sameMessage}`);
  const sorted = [...missedBy].sort((a, b) => b[1].count - a[1].count || (a[0] < b[0] ? -1 : 1));
  for (const [msg, { count, example }] of sorted.slice(0, top)) console.log(`${String(count).padStart(6)}  missed: ${msg}    [${example}]`);
  if (list) for (const l of listed) console.log(l);
  console.log();
}
