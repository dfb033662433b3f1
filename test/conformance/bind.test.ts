/**
 * Static Signature.bind, getfullargspec and getclasstree against python3 on ten modules of the
 * conformance list (the whole list: `pnpm conformance:bind`): the oracle generates calls from
 * inspect.signature and binds them; we bind the same calls against the analyzer's signatures.
 */
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { analyze } from "@static-inspect/analyzer";
import { compareBind, formatBindReport } from "../../tools/conformance/bind.ts";
import { BIND_THRESHOLDS, oracleSourceFiles, runBindOracle, pythonSearchPath } from "../../tools/conformance/bind-main.ts";

const python = spawnSync("python3", ["--version"]).status === 0;

const MODULES = ["inspect", "dataclasses", "enum", "functools", "argparse", "json.decoder", "typing", "unittest.case", "pathlib", "collections"];

describe.skipIf(!python)("bind, getfullargspec and getclasstree against python3", () => {
  it("reach the targets on ten stdlib modules, and the pure functions agree everywhere", async () => {
    const oracle = runBindOracle(MODULES);
    expect(oracle.modules.filter((m) => m.error)).toEqual([]);
    const program = await analyze({ paths: oracleSourceFiles(oracle), searchPaths: pythonSearchPath() });
    const report = compareBind(oracle, program);
    const f = report.facets;
    // the table goes to the log when a floor is missed
    const table = formatBindReport(report);
    expect(f.bind.compared, table).toBeGreaterThan(15000);
    expect(f.getfullargspec.compared, table).toBeGreaterThan(900);
    expect(f.getclasstree.compared, table).toBe(2 * MODULES.length);
    expect(f.bind.percent, table).toBeGreaterThanOrEqual(BIND_THRESHOLDS.bind!);
    expect(f.getfullargspec.percent, table).toBeGreaterThanOrEqual(BIND_THRESHOLDS.getfullargspec!);
    // getclasstree fails only where the analyzer gets a class's __bases__ wrong, and it gets every one
    // right here, enum.EnumCheck (rebuilt by `@_simple_enum(StrEnum)`) included
    expect(report.basesDiffer).toEqual([]);
    expect(f.getclasstree.percent, table).toBe(100);
    expect(f.getclasstree.percentWhereInputAgrees, table).toBe(100);
    // fed CPython's own parameters and bases, the pure functions never differ
    expect(report.mismatches.filter((m) => m.facet.endsWith(".algorithm"))).toEqual([]);
    // where the analyzer's input (signature, bases) agrees with CPython's, bind agrees on every call
    expect(report.mismatches.filter((m) => m.facet === "bind" && !m.inputDiffers)).toEqual([]);
  }, 60_000);
});
