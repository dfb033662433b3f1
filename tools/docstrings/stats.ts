/**
 * `pnpm exec tsx tools/docstrings/stats.ts [--third-party-only]`: docstring statistics over the
 * conformance list of stdlib modules (tools/conformance/modules.ts) and a handful of third-party
 * packages from python3's site-packages: docstrings per detected style, parameters documented, how
 * many `--check-docstrings` diagnostics fire per code, and the share of documented parameter names
 * (Parameters sections of an object's own docstring, objects with a signature) that match a
 * signature parameter. Prints one Markdown table per corpus. Needs python3 (to find the files).
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { analyze } from "../../packages/analyzer/src/index.ts";
import { buildBundle, checkDocstrings, type Bundle } from "../../packages/emit/src/index.ts";
import { DEFAULT_MODULES } from "../conformance/modules.ts";

/** The third-party packages measured (those installed are used). */
export const THIRD_PARTY = ["urllib3", "pygments", "docutils", "traitlets", "prompt_toolkit", "hypothesis", "requests", "click", "attr", "jinja2"];

interface Stats {
  objects: number;
  docstrings: number;
  styles: Record<string, number>;
  documentedObjects: number;
  documentedNames: number;
  matching: number;
  /** Unmatched names where the signature has `**kwargs` (a keyword the callable accepts, not a parameter of it). */
  viaKwargs: number;
  checks: Record<string, number>;
  unmatched: string[];
}

/** The statistics of one bundle. */
export function docstringStats(bundle: Bundle): Stats {
  const s: Stats = { objects: bundle.objects.length, docstrings: 0, styles: {}, documentedObjects: 0, documentedNames: 0, matching: 0, viaKwargs: 0, checks: {}, unmatched: [] };
  for (const o of bundle.objects) {
    if (!o.docstring || o.rawDoc === null) continue;
    s.docstrings++;
    s.styles[o.docstring.style] = (s.styles[o.docstring.style] ?? 0) + 1;
    if (!o.signature) continue;
    const names = o.docstring.sections.flatMap((x) => (x.kind === "parameters" ? x.items : []));
    if (names.length === 0) continue;
    s.documentedObjects++;
    for (const p of names) {
      s.documentedNames++;
      if (p.id !== null) s.matching++;
      else {
        if (o.signature.parameters.some((q) => q.kind === "VAR_KEYWORD")) s.viaKwargs++;
        s.unmatched.push(`${o.id}(${p.name}) [${o.docstring.style}]`);
      }
    }
  }
  for (const d of checkDocstrings(bundle.objects)) s.checks[d.code] = (s.checks[d.code] ?? 0) + 1;
  return s;
}

function paths(): { stdlib: string; site: string; modules: string[] } {
  const script = `import importlib.util, sys, sysconfig\nprint(sysconfig.get_paths()['stdlib'])\nprint(sysconfig.get_paths()['purelib'])\nfor n in sys.argv[1:]:\n    s = importlib.util.find_spec(n)\n    print(s.origin if s and s.origin and s.origin.endswith('.py') else '')`;
  const r = spawnSync("python3", ["-c", script, ...DEFAULT_MODULES], { encoding: "utf8" });
  if (r.status !== 0) throw new Error("python3 is needed to find the stdlib and site-packages");
  const lines = r.stdout.trim().split("\n");
  return { stdlib: lines[0]!, site: lines[1]!, modules: lines.slice(2).filter(Boolean) };
}

function table(name: string, s: Stats): string {
  const pct = s.documentedNames ? ((100 * s.matching) / s.documentedNames).toFixed(2) : "n/a";
  const styles = ["google", "numpy", "sphinx", "plain"].map((k) => `${k} ${s.styles[k] ?? 0}`).join(", ");
  const checks = Object.entries(s.checks).sort().map(([k, v]) => `${k} ${v}`).join(", ") || "none";
  return [
    `### ${name}`,
    "",
    "| measure | value |",
    "| --- | --- |",
    `| objects | ${s.objects} |`,
    `| own docstrings | ${s.docstrings} |`,
    `| per style | ${styles} |`,
    `| objects documenting parameters | ${s.documentedObjects} |`,
    `| documented parameter names | ${s.documentedNames} |`,
    `| … matching a signature parameter | ${s.matching} (${pct}%) |`,
    `| … not matching, signature has **kwargs | ${s.viaKwargs} |`,
    `| --check-docstrings diagnostics | ${checks} |`,
    "",
  ].join("\n");
}

async function main(): Promise<void> {
  const { stdlib, site, modules } = paths();
  const corpora: [string, string[]][] = [];
  if (!process.argv.includes("--third-party-only")) corpora.push([`stdlib: the ${modules.length} conformance modules`, modules]);
  const third = THIRD_PARTY.map((p) => path.join(site, p)).filter((p) => existsSync(path.join(p, "__init__.py")));
  corpora.push([`third party: ${third.map((p) => path.basename(p)).join(", ")}`, third]);
  for (const [name, files] of corpora) {
    const started = performance.now();
    const bundle = buildBundle(await analyze({ paths: files, searchPaths: [stdlib, site] }));
    const s = docstringStats(bundle);
    console.log(table(name, s));
    if (files === third) {
      console.log("| package | own docstrings | google | numpy | sphinx | plain | documented names | matching | checks |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
      for (const p of third) {
        const pkg = path.basename(p);
        const part = docstringStats({ ...bundle, objects: bundle.objects.filter((o) => o.id === pkg || o.id.startsWith(`${pkg}.`) || o.id.startsWith(`${pkg}:`)) });
        const pct = part.documentedNames ? ((100 * part.matching) / part.documentedNames).toFixed(1) : "n/a";
        const checks = Object.values(part.checks).reduce((a, b) => a + b, 0);
        console.log(`| ${pkg} | ${part.docstrings} | ${part.styles.google ?? 0} | ${part.styles.numpy ?? 0} | ${part.styles.sphinx ?? 0} | ${part.styles.plain ?? 0} | ${part.documentedNames} | ${part.matching} (${pct}%) | ${checks} |`);
      }
      console.log("");
    }
    console.log(`(${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
    if (process.argv.includes("--unmatched")) for (const u of s.unmatched) console.log(`unmatched: ${u}`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
