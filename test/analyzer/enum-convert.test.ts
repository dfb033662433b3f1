/**
 * `IntEnum._convert_(name, __name__, filter, source=…)` at module level makes an enum class whose
 * members are the globals (or `source`'s names) the filter accepts: socket.AddressFamily,
 * signal.Signals, ssl.VerifyMode… Checked against python3 on the stdlib's own modules and on a small
 * module over `errno`: the member names, MRO, getdoc, class signature, and getsourcelines (OSError:
 * no class statement, null in the bundle).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { analyze } from "@static-inspect/analyzer";
import { buildBundle } from "@static-inspect/emit";

const temp = mkdtempSync(path.join(tmpdir(), "static-inspect-enum-convert-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const SOURCE = `from enum import IntEnum
from errno import *
import errno as _errno

IntEnum._convert_('Again', __name__, lambda n: n.startswith(('EA', 'EW')) and n not in ('EAGAIN',))
IntEnum._convert_('Faults', __name__, lambda n: n.endswith('FAULT') or n == 'EPERM' or not n.islower() and n in {'ENOENT'}, source=_errno)
IntEnum._convert_('Unknown', __name__, lambda n: len(n) == 5 and n.isupper())
`;

const ORACLE = `
import inspect, json, importlib, sys
out = {}
for spec in sys.argv[1:]:
    mod, _, name = spec.partition(":")
    c = getattr(importlib.import_module(mod), name)
    try:
        inspect.getsourcelines(c)
        lines = "found"
    except OSError:
        lines = None
    out[spec] = {"members": sorted(c.__members__), "mro": [f"{k.__module__}:{k.__qualname__}" for k in c.__mro__],
                 "doc": inspect.getdoc(c), "signature": str(inspect.signature(c)), "sourcelines": lines}
print(json.dumps(out))
`;

const stdlib = spawnSync("python3", ["-c", "import sysconfig; print(sysconfig.get_paths()['stdlib'])"], { encoding: "utf8" }).stdout.trim();

function oracle(ids: readonly string[], cwd: string): Record<string, unknown> {
  const r = spawnSync("python3", ["-c", ORACLE, ...ids], { cwd, encoding: "utf8" });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

async function ours(paths: readonly string[], ids: readonly string[]): Promise<Record<string, unknown>> {
  const program = await analyze({ paths: [...paths], searchPaths: [stdlib] });
  const byId = new Map(buildBundle(program).objects.map((o) => [o.id, o]));
  const out: Record<string, unknown> = {};
  for (const id of ids) {
    const o = byId.get(id);
    out[id] = o && {
      members: (o.members ?? []).filter((m) => m.owner === id && !m.name.startsWith("_")).map((m) => m.name),
      mro: o.mro,
      doc: o.doc,
      signature: o.signature?.text,
      sourcelines: o.sourcelines,
    };
  }
  return out;
}

describe("Enum._convert_", () => {
  it("builds the stdlib's converted enums as python3 does", async () => {
    const ids = [
      "socket:AddressFamily", "socket:SocketKind", "socket:MsgFlag", "socket:AddressInfo",
      "signal:Signals", "signal:Handlers", "signal:Sigmasks",
      "ssl:_SSLMethod", "ssl:Options", "ssl:AlertDescription", "ssl:SSLErrorNumber", "ssl:VerifyFlags", "ssl:VerifyMode",
    ];
    const got = await ours(["socket.py", "signal.py", "ssl.py"].map((f) => path.join(stdlib, f)), ids);
    expect(got).toEqual(oracle(ids, temp));
    expect((got["socket:AddressFamily"] as { members: string[] }).members).toContain("AF_INET");
  });

  it("rebinds the filtered globals to the members: defaults after the call show them as python3 does", async () => {
    const ids = ["socket:create_server", "socket:create_connection", "ssl:get_server_certificate", "ssl:wrap_socket", "socket:getaddrinfo"];
    const program = await analyze({ paths: ["socket.py", "ssl.py", "signal.py"].map((f) => path.join(stdlib, f)), searchPaths: [stdlib] });
    const r = spawnSync("python3", ["-c", `import inspect, json, importlib, re, sys\nout = []\nfor spec in sys.argv[1:]:\n    mod, _, name = spec.partition(":")\n    try:\n        out.append(re.sub("0x[0-9a-f]+", "0x…", str(inspect.signature(getattr(importlib.import_module(mod), name)))))\n    except ValueError:\n        out.append(None)\nprint(json.dumps(out))`, ...ids], { encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    const expected = JSON.parse(r.stdout) as (string | null)[];
    expect(ids.map((id) => program.signature(id)?.text ?? null)).toEqual(expected);
    expect(program.signature("socket:create_server")?.text).toContain("family=<AddressFamily.AF_INET: 2>");
  });

  it("decides startswith/endswith/isupper/islower, ==, in and not in, and/or/not; source= reads that module", async () => {
    writeFileSync(path.join(temp, "conv.py"), SOURCE);
    const ids = ["conv:Again", "conv:Faults"];
    const got = await ours([path.join(temp, "conv.py")], ids);
    expect(got).toEqual(oracle(ids, temp));
    expect((got["conv:Faults"] as { members: string[] }).members).toEqual(["EFAULT", "ENOENT", "EPERM"]);
  });

  it("a filter it cannot decide gives the class with no members", async () => {
    writeFileSync(path.join(temp, "conv.py"), SOURCE);
    const got = (await ours([path.join(temp, "conv.py")], ["conv:Unknown"]))["conv:Unknown"] as { members: string[]; mro: string[] };
    expect(got.members).toEqual([]);
    expect(got.mro).toEqual(["conv:Unknown", "enum:IntEnum", "builtins:int", "enum:ReprEnum", "enum:Enum", "builtins:object"]);
  });
});
