// Measures how often the stock @lezer/python parser and our patched one
// (packages/parser/src/lezer/parser.js) produce error nodes on real code.
//
//   pnpm tsx tools/parser-errors.ts [--rounds=N] [--top=N] [dirs…]
//
// Default dirs: the interpreter's stdlib (without `test/` directories, and without the
// site-packages inside it) and its site-packages (purelib), reported separately. Only files
// that `python3` itself can compile are counted (one python3 call over the whole file list),
// which excludes Python-2 files and the like. Files are read as UTF-8, else latin-1.
// --rounds=N (default 5): time N alternating full parses per parser and report the best;
// by default only the first group (the stdlib) is timed, --time-all times every group.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parser as stock } from "../packages/parser/node_modules/@lezer/python/dist/index.js";
import { parser as ours } from "../packages/parser/src/lezer/parser.js";

type LRParser = typeof ours;
type Tree = ReturnType<LRParser["parse"]>;

const args = process.argv.slice(2);
const opt = (name: string, dflt: number) => {
  const a = args.find((x) => x.startsWith(`--${name}=`));
  return a ? Number(a.slice(name.length + 3)) : dflt;
};
const rounds = opt("rounds", 5);
const top = opt("top", 20);
const timeAll = args.includes("--time-all");
const dirArgs = args.filter((a) => !a.startsWith("--"));

function py(code: string, input?: string): string {
  return execFileSync("python3", ["-c", code], {
    input,
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
}

interface Group {
  label: string;
  dir: string;
  skipDirs: Set<string>;
}

let groups: Group[];
if (dirArgs.length) {
  groups = dirArgs.map((d) => ({ label: d, dir: resolve(d), skipDirs: new Set() }));
} else {
  const [stdlib, purelib] = py(
    "import sysconfig; p = sysconfig.get_paths(); print(p['stdlib']); print(p['purelib'])",
  )
    .trim()
    .split("\n") as [string, string];
  groups = [
    { label: "stdlib (no test/)", dir: stdlib, skipDirs: new Set(["test", "site-packages"]) },
    { label: "site-packages", dir: purelib, skipDirs: new Set() },
  ];
}

function walk(dir: string, skip: Set<string>, out: string[]) {
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
      if (!skip.has(e.name)) walk(p, skip, out);
    } else if (e.isFile() && e.name.endsWith(".py")) out.push(p);
  }
}

const filesPerGroup = groups.map((g) => {
  const out: string[] = [];
  walk(g.dir, g.skipDirs, out);
  return out;
});

// One python3 call: which files compile?
const all = filesPerGroup.flat();
const compiles = new Set<string>();
{
  const code = [
    "import sys, warnings",
    "warnings.simplefilter('ignore')",
    "out = []",
    "for p in sys.stdin.read().split('\\n'):",
    "    if not p: continue",
    "    try:",
    "        with open(p, 'rb') as f: src = f.read()",
    "        compile(src, p, 'exec', dont_inherit=True)",
    "        out.append('1')",
    "    except BaseException:",
    "        out.append('0')",
    "sys.stdout.write(''.join(out))",
  ].join("\n");
  const flags = py(code, all.join("\n") + "\n");
  all.forEach((f, i) => {
    if (flags[i] === "1") compiles.add(f);
  });
}

const utf8 = new TextDecoder("utf-8", { fatal: true });
const latin1 = new TextDecoder("latin1");
function read(file: string): string {
  const buf = readFileSync(file);
  try {
    return utf8.decode(buf);
  } catch {
    return latin1.decode(buf);
  }
}

function errors(tree: Tree): { count: number; first: number } {
  let count = 0;
  let first = -1;
  tree.iterate({
    enter(n) {
      if (n.type.isError) {
        if (first < 0) first = n.from;
        count++;
      }
    },
  });
  return { count, first };
}

function lineAt(text: string, pos: number): { line: number; text: string } {
  const start = text.lastIndexOf("\n", pos - 1) + 1;
  let end = text.indexOf("\n", pos);
  if (end < 0) end = text.length;
  let line = 1;
  for (let i = text.indexOf("\n"); i >= 0 && i < start; i = text.indexOf("\n", i + 1)) line++;
  return { line, text: text.slice(start, end).trim().slice(0, 120) };
}

/** CPU milliseconds (user + system) to parse all texts: steadier than wall time on a busy machine. */
function timeParse(p: LRParser, texts: string[]): number {
  const c0 = process.cpuUsage();
  for (const t of texts) p.parse(t);
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
}

const pad = (s: string | number, n: number) => String(s).padStart(n);

groups.forEach((g, gi) => {
  const files = filesPerGroup[gi]!.filter((f) => compiles.has(f));
  const texts = files.map(read);
  let filesErrStock = 0,
    filesErrOurs = 0,
    nodesStock = 0,
    nodesOurs = 0;
  const firsts = new Map<string, { count: number; example: string }>();
  texts.forEach((text, i) => {
    const s = errors(stock.parse(text));
    const o = errors(ours.parse(text));
    if (s.count) filesErrStock++;
    if (o.count) filesErrOurs++;
    nodesStock += s.count;
    nodesOurs += o.count;
    if (o.count) {
      const l = lineAt(text, o.first);
      const e = firsts.get(l.text);
      if (e) e.count++;
      else firsts.set(l.text, { count: 1, example: `${files[i]}:${l.line}` });
    }
  });

  let tStock = Infinity,
    tOurs = Infinity;
  const timed = rounds > 0 && (gi === 0 || timeAll);
  for (let r = 0; timed && r < rounds; r++) {
    tStock = Math.min(tStock, timeParse(stock, texts));
    tOurs = Math.min(tOurs, timeParse(ours, texts));
  }
  const mb = texts.reduce((n, t) => n + t.length, 0) / 1e6;

  console.log(`== ${g.label}: ${g.dir}`);
  console.log(
    `files: ${files.length} compiling .py (of ${filesPerGroup[gi]!.length}), ${mb.toFixed(1)} M chars`,
  );
  const row = (label: string, a: string | number, b: string | number, extra = "") =>
    console.log(`${label.padEnd(28)}${pad(a, 8)} ${pad(b, 8)}${extra}`);
  row("", "stock", "ours");
  row("files with errors:", filesErrStock, filesErrOurs);
  row("error nodes:", nodesStock, nodesOurs);
  if (timed)
    row(`parse CPU ms (best of ${rounds}):`, tStock.toFixed(0), tOurs.toFixed(0), `  (ours/stock ${(tOurs / tStock).toFixed(3)})`);
  const sorted = [...firsts].sort((a, b) => b[1].count - a[1].count || (a[0] < b[0] ? -1 : 1));
  if (sorted.length) {
    console.log(`top ${Math.min(top, sorted.length)} first-error lines (ours):`);
    for (const [text, { count, example }] of sorted.slice(0, top))
      console.log(`${pad(count, 6)}  ${text}    [${example}]`);
  }
  console.log();
});
