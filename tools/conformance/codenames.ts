/**
 * `pnpm conformance:codenames [files…]`: the parser's `co_names`/`co_freevars` of every `def`
 * (packages/parser/src/codenames.ts) against what python3's compiler writes into the code objects
 * (tools/oracle/code_names.py), over the interpreter's standard library by default.
 *
 * Functions are matched by `qualname@firstlineno`; each is scored twice: `exact` (both lists equal,
 * `co_names` in order) and `sets` (the same names, in any order). Exits 1 below 100% `sets` or
 * 99.5% `exact` (2 on a usage or I/O error).
 */
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseBytes, type Statement } from "../../packages/parser/src/index.ts";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** What the comparison found: counts and the first mismatches. */
export interface CodeNamesReport {
  python: string;
  files: number;
  functions: number;
  exact: number;
  sets: number;
  /** Functions CPython compiled that the parser gave no code names (a syntax error on our side, an unmatched key). */
  missing: number;
  mismatches: { file: string; key: string; expected: [string[], string[]]; got: [readonly string[], readonly string[]] | null }[];
}

/** Runs the oracle and the parser over `files` and compares. @throws Error when python3 fails. */
export function compareCodeNames(files: readonly string[], python = "python3"): CodeNamesReport {
  const r = spawnSync(python, [join(ROOT, "tools/oracle/code_names.py"), ...files], { encoding: "utf8", maxBuffer: 1 << 30 });
  if (r.error) throw new Error(`cannot run ${python}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`code_names.py failed (exit status ${r.status}): ${r.stderr.trim()}`);
  const oracle = JSON.parse(r.stdout) as { python: string; files: Record<string, Record<string, [string[], string[]]> | { error: string }> };
  const report: CodeNamesReport = { python: oracle.python, files: 0, functions: 0, exact: 0, sets: 0, missing: 0, mismatches: [] };
  for (const file of files) {
    const want = oracle.files[file];
    if (!want || "error" in want) continue;
    report.files++;
    const ours = new Map<string, { names: readonly string[]; freevars: readonly string[] } | null>();
    const walk = (body: readonly Statement[], prefix: string) => {
      for (const s of body) {
        if (s.kind === "FunctionDef") {
          ours.set(`${prefix}${s.name}@${s.span.line}`, s.code);
          walk(s.body, `${prefix}${s.name}.<locals>.`);
        } else if (s.kind === "ClassDef") walk(s.body, `${prefix}${s.name}.`);
        else if (s.kind === "If" || s.kind === "For" || s.kind === "While" || s.kind === "With" || s.kind === "Match") {
          walk(s.body, prefix);
          walk(s.orelse, prefix);
        } else if (s.kind === "Try") {
          walk(s.body, prefix);
          for (const h of s.handlers) walk(h.body, prefix);
          walk(s.orelse, prefix);
          walk(s.finalbody, prefix);
        }
      }
    };
    walk(parseBytes(readFileSync(file), { path: file }).syntax.body, "");
    for (const [key, [names, freevars]] of Object.entries(want)) {
      report.functions++;
      const got = ours.get(key);
      if (!got) {
        report.missing++;
        report.mismatches.push({ file, key, expected: [names, freevars], got: null });
        continue;
      }
      const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
      const exact = same(got.names, names) && same(got.freevars, freevars);
      const sets = same([...got.names].sort(), [...names].sort()) && same(got.freevars, freevars);
      if (exact) report.exact++;
      if (sets) report.sets++;
      if (!exact) report.mismatches.push({ file, key, expected: [names, freevars], got: [got.names, got.freevars] });
    }
  }
  return report;
}

/** The `.py` files of a directory tree, sorted (`test` packages and site-packages left out). */
export function pythonFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) {
        if (e.name !== "test" && e.name !== "tests" && e.name !== "site-packages" && e.name !== "__pycache__" && !e.name.startsWith(".")) walk(p);
      } else if (e.name.endsWith(".py")) out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}

/** The interpreter's standard-library directory (where `os.py` is). */
export function stdlibDir(python = "python3"): string {
  const r = spawnSync(python, ["-c", "import os, sys; sys.stdout.write(os.path.dirname(os.__file__))"], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`cannot ask ${python} for its standard library: ${r.stderr.trim()}`);
  return r.stdout;
}

function main(argv: string[]): number {
  if (argv.some((a) => a.startsWith("-"))) {
    console.error("usage: conformance:codenames [files…]");
    return 2;
  }
  const files = argv.length ? argv.map((f) => resolve(f)) : pythonFiles(stdlibDir());
  const t0 = Date.now();
  const r = compareCodeNames(files);
  const pct = (n: number) => (r.functions ? ((100 * n) / r.functions).toFixed(2) : "-");
  console.log(`python ${r.python}: ${r.files} files, ${r.functions} functions in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
  console.log(`co_names and co_freevars exact: ${r.exact} (${pct(r.exact)}%); same sets: ${r.sets} (${pct(r.sets)}%); missing: ${r.missing}`);
  for (const m of r.mismatches.slice(0, 20)) console.log(`${m.file} ${m.key}\n  expected ${JSON.stringify(m.expected)}\n  got      ${JSON.stringify(m.got)}`);
  return r.functions && r.sets === r.functions && r.exact / r.functions >= 0.995 ? 0 : 1;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (e) {
    console.error(`conformance:codenames: ${(e as Error).message}`);
    process.exitCode = 2;
  }
}
