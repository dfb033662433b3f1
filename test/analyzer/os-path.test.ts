// os.py picks its path module by `'posix' in sys.builtin_module_names` (through `_names`): posixpath on
// every platform but win32, ntpath on win32 — as `import os; os.path` gives there.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { analyze } from "@static-inspect/analyzer";

const stdlib = spawnSync("python3", ["-c", "import sysconfig; print(sysconfig.get_paths()['stdlib'])"], { encoding: "utf8" }).stdout.trim();

describe("os.path", () => {
  it.each([
    ["linux", "posixpath"],
    ["darwin", "posixpath"],
    ["win32", "ntpath"],
  ])("on %s is %s", async (platform, module) => {
    const program = await analyze({ paths: [`${stdlib}/os.py`], searchPaths: [stdlib], target: { platform } });
    const path = (program.moduleMembers("os") ?? []).find((m) => m.name === "path");
    expect(path?.id).toBe(module);
    expect(program.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  });

  it("python3 agrees for this machine's platform", () => {
    const r = spawnSync("python3", ["-c", "import os, sys; print(sys.platform, os.path.__name__)"], { encoding: "utf8" });
    expect(r.stdout.trim()).toBe(process.platform === "win32" ? "win32 ntpath" : `${process.platform} posixpath`);
  });
});
