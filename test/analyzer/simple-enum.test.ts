// `@enum._simple_enum(etype)` (3.11+: inspect._ParameterKind, ast._Precedence, re.RegexFlag) replaces the
// decorated class with `type(name, (etype,), body)`: its bases, MRO and metaclass are etype's, checked
// against python3 running the same module.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { analyze } from "@static-inspect/analyzer";

const temp = mkdtempSync(path.join(tmpdir(), "static-inspect-simple-enum-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const SOURCE = `import enum
from enum import IntFlag, _simple_enum

@enum._simple_enum(enum.IntEnum)
class Kind:
    A = 0
    B = 1

@_simple_enum(IntFlag)
class Flags(object):
    X = 1
    Y = 2
`;

const stdlib = spawnSync("python3", ["-c", "import sysconfig; print(sysconfig.get_paths()['stdlib'])"], { encoding: "utf8" }).stdout.trim();

describe("enum._simple_enum", () => {
  it("gives the class the decorator's argument as its only base, as python3 does", async () => {
    writeFileSync(path.join(temp, "se.py"), SOURCE);
    const program = await analyze({ paths: [path.join(temp, "se.py")], searchPaths: [stdlib] });
    const ours = (id: string) => program.getmro(id)?.map((c) => c.replace(":", "."));
    expect(ours("se:Kind")).toEqual(["se.Kind", "enum.IntEnum", "builtins.int", "enum.ReprEnum", "enum.Enum", "builtins.object"]);
    expect(ours("se:Flags")).toEqual(["se.Flags", "enum.IntFlag", "builtins.int", "enum.ReprEnum", "enum.Flag", "enum.Enum", "builtins.object"]);
    const r = spawnSync("python3", ["-c", "import sys, json, se; print(json.dumps({n: [f'{c.__module__}.{c.__qualname__}' for c in getattr(se, n).__mro__] for n in ('Kind', 'Flags')}))"], {
      cwd: temp,
      encoding: "utf8",
    });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ Kind: ours("se:Kind"), Flags: ours("se:Flags") });
  });
});
