/**
 * The sample package shipped in the repository (what `analyze` runs on with no path) agrees with the
 * live interpreter on every facet the comparator scores.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { analyze, discover } from "@static-inspect/analyzer";
import { buildBundle } from "@static-inspect/emit";
import { compare, type Oracle } from "../../tools/conformance/compare.ts";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
const python = spawnSync("python3", ["--version"]).status === 0;

describe.skipIf(!python)("the sample package against the live interpreter", () => {
  it("has no mismatch in any facet", async () => {
    const sample = path.join(root, "samples/shapes");
    const modules = discover([sample]).map((f) => f.module);
    const stdlib = spawnSync("python3", ["-c", "import sysconfig; print(sysconfig.get_paths()['stdlib'])"], { encoding: "utf8" }).stdout.trim();
    const run = spawnSync("python3", [path.join(root, "tools/oracle/inspect_oracle.py"), "--path", path.join(root, "samples"), ...modules], { encoding: "utf8" });
    expect(run.status).toBe(0);
    const oracle = JSON.parse(run.stdout) as Oracle;
    const bundle = buildBundle(await analyze({ paths: [sample], searchPaths: [stdlib] }));
    const report = compare(oracle, bundle, { modules });
    expect(report.mismatches).toEqual([]);
    const compared = Object.values(report.facets).reduce((n, f) => n + f.compared, 0);
    expect(compared).toBeGreaterThan(200);
  });
});
