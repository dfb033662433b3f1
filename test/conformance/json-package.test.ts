/**
 * The stdlib `json` package of the machine's Python, analysed statically and imported by the oracle:
 * for every function, class and method defined in json/*.py, parameter names and kinds equal
 * `inspect.signature`'s, and `getdoc`, `getcomments` and `getsourcelines` equal inspect's.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { analyze } from "@static-inspect/analyzer";
import { buildBundle } from "@static-inspect/emit";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
const python = spawnSync("python3", ["--version"]).status === 0;
const MODULES = ["json", "json.decoder", "json.encoder", "json.scanner", "json.tool"];

interface OracleObject {
  id: string;
  kind: string;
  signature: { parameters: { name: string; kind: string }[] } | { error: string } | null;
  doc: string | null;
  comments: string | null;
  sourcelines: { lineno: number; count: number } | { error: string };
}

describe.skipIf(!python)("json against the live interpreter", () => {
  it("has zero mismatches in parameters, getdoc, getcomments and getsourcelines", async () => {
    const run = spawnSync("python3", [path.join(root, "tools/oracle/inspect_oracle.py"), ...MODULES], { encoding: "utf8" });
    expect(run.status).toBe(0);
    const oracle = JSON.parse(run.stdout) as { modules: { module: string; file: string; error: string | null; objects: OracleObject[] }[] };
    const jsonDir = path.dirname(oracle.modules[0]!.file);
    const stdlib = path.dirname(jsonDir);
    const bundle = buildBundle(await analyze({ paths: [jsonDir], searchPaths: [stdlib] }));
    const ours = new Map(bundle.objects.map((o) => [o.id, o]));
    const mismatches: string[] = [];
    let compared = 0;
    for (const mod of oracle.modules) {
      expect(mod.error).toBeNull();
      for (const want of mod.objects) {
        if (!["function", "class", "method", "staticmethod", "classmethod"].includes(want.kind)) continue;
        compared++;
        const got = ours.get(want.id);
        if (!got) {
          mismatches.push(`${want.id}: not in the bundle`);
          continue;
        }
        const check = (facet: string, a: unknown, b: unknown) => {
          if (JSON.stringify(a) !== JSON.stringify(b)) mismatches.push(`${want.id} ${facet}: inspect ${JSON.stringify(a)}, ours ${JSON.stringify(b)}`);
        };
        if (want.signature && "parameters" in want.signature) {
          check("parameters", want.signature.parameters.map((p) => [p.name, p.kind]), got.signature?.parameters.map((p) => [p.name, p.kind]) ?? null);
        }
        check("getdoc", want.doc, got.doc);
        check("getcomments", want.comments, got.comments);
        const lines = "lineno" in want.sourcelines ? [want.sourcelines.lineno, want.sourcelines.count] : null;
        check("getsourcelines", lines, got.sourcelines ? [got.sourcelines.lineno, got.sourcelines.count] : null);
      }
    }
    expect(compared).toBeGreaterThan(20); // 26 on 3.11: the oracle leaves out the C-accelerated rebinds
    expect(mismatches).toEqual([]);
  });
});
