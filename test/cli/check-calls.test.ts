/**
 * `static-inspect check-calls`: each rejected call with CPython's Signature.bind message, in the
 * three output formats; skipped calls counted; exit 1 when a call is rejected; every report
 * confirmed by tools/conformance/check-calls-verify.py with python3's inspect.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { main, type CliIO } from "@static-inspect/cli";

const SOURCE = `import os
def f(a, b=1, *, c): pass
class K:
    def __init__(self, x): pass
    def m(self, y): pass
def deco(fn): return fn
@deco
def hidden(a): pass
f(1, c=2)
def calls(local):
    f(1)
    f(1, 2, 3, c=1)
    f(1, c=2, d=3)
    K()
    K.m(1, 2, 3)
    len()
    hidden()
    f(*[1], c=2)
    f(b=1, c=2)
    local()
    def f2(): pass
    f2(1)
if __name__ == "__main__":
    f()
`;

async function run(argv: string[], cwd: string) {
  let stdout = "";
  let stderr = "";
  const io: CliIO = { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) }, isTTY: false, cwd };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

const dir = mkdtempSync(path.join(tmpdir(), "check-calls-"));
writeFileSync(path.join(dir, "ccmod.py"), SOURCE);

describe("check-calls", () => {
  it("prints each rejected call with CPython's message and the counts, and exits 1", async () => {
    const r = await run(["check-calls", "--no-python-search-path", "ccmod.py"], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      [
        "ccmod.py:11:5: f(): missing a required argument: 'c' [ccmod:f]",
        "ccmod.py:12:5: f(): too many positional arguments [ccmod:f]",
        "ccmod.py:13:5: f(): got an unexpected keyword argument 'd' [ccmod:f]",
        "ccmod.py:14:5: K(): missing a required argument: 'x' [ccmod:K]",
        "ccmod.py:15:5: K.m(): too many positional arguments [ccmod:K.m]",
        "ccmod.py:16:5: len(): missing a required argument: 'obj' [builtins:len]",
        "ccmod.py:19:5: f(): missing a required argument: 'a' [ccmod:f]",
        "",
      ].join("\n"),
    );
    expect(r.stderr).toBe(
      'check-calls: 13 calls: 1 bound, 7 rejected; skipped: 2 dynamic callee, 1 under if __name__ == "__main__", 0 ambiguous callee, 0 not a function or class, 1 *args/**kwargs unpacking, 1 unknown decorator, 0 no signature, 0 unreadable\n',
    );
  });

  it("writes JSON and GitHub workflow commands", async () => {
    const json = await run(["check-calls", "--no-python-search-path", "--output-format", "json", "-q", "ccmod.py"], dir);
    expect(json.stderr).toBe("");
    const report = JSON.parse(json.stdout);
    expect(report.diagnostics[0]).toEqual({
      file: "ccmod.py",
      module: "ccmod",
      line: 11,
      column: 5,
      endLine: 11,
      endColumn: 9,
      callee: "f",
      target: "ccmod:f",
      call: { positional: 1, keywords: [] },
      message: "missing a required argument: 'c'",
    });
    expect(report.counts.rejected).toBe(7);
    const gh = await run(["check-calls", "--no-python-search-path", "--output-format", "github", "-q", "ccmod.py"], dir);
    expect(gh.stdout.split("\n")[0]).toBe("::error file=ccmod.py,line=11,col=5,endLine=11,endColumn=9,title=check-calls::f(): missing a required argument: 'c'");
  });

  it("exits 0 when every call binds, 2 on a usage error", async () => {
    writeFileSync(path.join(dir, "good.py"), "def f(a): pass\nf(1)\n");
    expect((await run(["check-calls", "--no-python-search-path", "-q", "good.py"], dir)).code).toBe(0);
    expect((await run(["check-calls", "--output-format", "xml", "good.py"], dir)).code).toBe(2);
    expect((await run(["check-calls", "missing.py"], dir)).code).toBe(2);
  });

  it("reports only calls python3's inspect.signature(obj).bind rejects with the same message", async () => {
    const r = await run(["check-calls", "--no-python-search-path", "--output-format", "json", "-q", "ccmod.py"], dir);
    writeFileSync(path.join(dir, "report.json"), r.stdout);
    const verify = fileURLToPath(new URL("../../tools/conformance/check-calls-verify.py", import.meta.url));
    const v = spawnSync("python3", [verify, "--path", dir, path.join(dir, "report.json")], { encoding: "utf8", cwd: dir });
    expect(v.stderr).toBe("");
    expect(JSON.parse(v.stdout.trim().split("\n").pop()!)).toEqual({ checked: 7, confirmed: 7, "other-message": 0, binds: 0, unverifiable: 0 });
    expect(v.status).toBe(0);
  });
});
