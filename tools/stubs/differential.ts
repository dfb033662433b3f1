/**
 * The stub differential: analyses modules (default: the conformance list), renders their `.pyi`
 * stubs, and has `stub_signatures.py` parse every stub with `ast` and compare each public function's
 * stub signature (parameter names, kinds, default-presence) with `inspect.signature` of the real
 * object.
 *
 * usage: pnpm tsx tools/stubs/differential.ts [--list] [--packages] [MODULE…]
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { analyze } from "@static-inspect/analyzer";
import { buildBundle, renderStubs } from "@static-inspect/emit";
import { DEFAULT_MODULES } from "../conformance/modules.ts";
import { pythonSearchPath } from "../conformance/bind-main.ts";

const HERE = path.dirname(fileURLToPath(import.meta.url));

/** What `stub_signatures.py` reports (see its docstring). */
export interface StubReport {
  files: number;
  parseErrors: { file: string; line: number; message: string }[];
  compared: number;
  matched: number;
  overloaded: number;
  noRuntimeSignature: number;
  missingAtRuntime: number;
  /** Rebound at import: the runtime object is not the def the stub describes (C implementations, typing special forms). */
  notTheDef: number;
  importFailed: string[];
  mismatches: { object: string; stub: unknown; runtime: unknown }[];
}

/**
 * Analyses `modules` (found by python3's import system), writes their stubs and compares them. With
 * `packages`, a package is analysed whole and each of its modules compared (those whose import fails
 * are counted in `importFailed`).
 */
export async function stubDifferential(modules: readonly string[], { packages = false, python = "python3" }: { packages?: boolean; python?: string } = {}): Promise<StubReport> {
  const found = spawnSync(python, ["-c", "import sys, json, importlib as i; print(json.dumps([i.import_module(m).__file__ for m in sys.argv[1:]]))", ...modules], { encoding: "utf8" });
  if (found.status !== 0) throw new Error(`${python}: ${found.stderr}`);
  // A package is analysed whole (every submodule gets a stub and is compared).
  const files = (JSON.parse(found.stdout) as string[]).map((f) => (path.basename(f) === "__init__.py" && packages ? path.dirname(f) : f));
  const program = await analyze({ paths: files, searchPaths: pythonSearchPath(python) });
  const stubs = renderStubs(buildBundle(program));
  // __main__ modules run their program when imported: never imported here.
  const compared = packages ? stubs.map((s) => s.module).filter((m) => !m.endsWith(".__main__")) : modules;
  const dir = mkdtempSync(path.join(tmpdir(), "static-inspect-stubs-"));
  try {
    for (const s of stubs) {
      const target = path.join(dir, ...s.path.split("/"));
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, s.text);
    }
    const r = spawnSync(python, [path.join(HERE, "stub_signatures.py"), dir, ...compared], { encoding: "utf8", maxBuffer: 1 << 28 });
    if (r.status !== 0) throw new Error(`stub_signatures.py: ${r.stderr}`);
    return JSON.parse(r.stdout) as StubReport;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(argv: string[]): Promise<number> {
  const list = argv.includes("--list");
  const modules = argv.filter((a) => !a.startsWith("--"));
  const report = await stubDifferential(modules.length > 0 ? modules : DEFAULT_MODULES, { packages: argv.includes("--packages") });
  const pct = report.compared ? ((100 * report.matched) / report.compared).toFixed(2) : "n/a";
  console.log(`stubs: ${report.files} files, ${report.parseErrors.length} parse errors`);
  console.log(`signatures: ${report.matched}/${report.compared} agree (${pct}%); set aside: ${report.overloaded} overloaded, ${report.noRuntimeSignature} without runtime signature, ${report.missingAtRuntime} missing at run time, ${report.notTheDef} rebound at import (not the def), ${report.importFailed.length} modules not importable`);
  for (const e of report.parseErrors) console.log(`parse error: ${e.file}:${e.line}: ${e.message}`);
  if (list) for (const m of report.mismatches) console.log(`${m.object}\n  stub    ${JSON.stringify(m.stub)}\n  runtime ${JSON.stringify(m.runtime)}`);
  return report.parseErrors.length === 0 ? 0 : 1;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) process.exitCode = await main(process.argv.slice(2));
