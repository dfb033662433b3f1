// python3's sys.path and version are asked once and then read from the cache while nothing that
// shapes them changed: the interpreter file, the environment, each entry's mtime, and for a pyenv shim
// the version pyenv would select.
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cachedInterpreterVersion, cachedPythonSearchPath } from "../../packages/cli/src/python-cache.ts";
import { interpreterVersion, pythonSearchPath } from "../../packages/cli/src/python.ts";
import { runCli } from "./helpers.ts";

const temp = mkdtempSync(path.join(tmpdir(), "static-inspect-python-cache-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** A fake interpreter in `dir/name` that logs each run and answers like python3 would. */
function fakePython(dir: string, entries: string[], name = "python3"): { exe: string; runs: () => number } {
  mkdirSync(dir, { recursive: true });
  const exe = path.join(dir, name);
  const log = path.join(dir, `${name}.log`);
  writeFileSync(log, "");
  const script = [
    "#!/bin/sh",
    `echo run >> ${JSON.stringify(log)}`,
    // One question gives both answers (python.ts asks version and sys.path of one process).
    "echo '" + JSON.stringify({ version: "3.11", path: entries }) + "'",
  ].join("\n");
  writeFileSync(exe, script + "\n");
  chmodSync(exe, 0o755);
  return { exe, runs: () => readFileSync(log, "utf8").split("\n").filter(Boolean).length };
}

describe("cachedPythonSearchPath", () => {
  it("asks once, then again when an entry's mtime, the interpreter or a shaping variable changes", async () => {
    const lib = path.join(temp, "a", "lib");
    const site = path.join(temp, "a", "site");
    mkdirSync(lib, { recursive: true });
    mkdirSync(site, { recursive: true });
    const { exe, runs } = fakePython(path.join(temp, "a", "bin"), ["", lib, site, path.join(temp, "a", "missing.zip")]);
    const cache = path.join(temp, "a", "cache");
    const env = { PATH: path.dirname(exe), HOME: temp };
    expect(await cachedPythonSearchPath(cache, "python3", env)).toEqual({ paths: [lib, site] });
    expect(await cachedPythonSearchPath(cache, "python3", env)).toEqual({ paths: [lib, site] });
    expect(runs()).toBe(1);
    utimesSync(site, new Date(), new Date(Date.now() + 5_000)); // a package installed into site-packages
    expect(await cachedPythonSearchPath(cache, "python3", env)).toEqual({ paths: [lib, site] });
    expect(runs()).toBe(2);
    expect(await cachedPythonSearchPath(cache, "python3", { ...env, PYTHONPATH: lib })).toEqual({ paths: [lib, site] });
    expect(runs()).toBe(3);
    writeFileSync(exe, readFileSync(exe, "utf8") + "# changed\n"); // another interpreter build
    await cachedPythonSearchPath(cache, "python3", env);
    expect(runs()).toBe(4);
    expect(await cachedPythonSearchPath(null, exe, env)).toEqual({ paths: [lib, site] }); // no cache: always asks
    expect(runs()).toBe(5);
  });

  it("a corrupt entry is asked again", async () => {
    const { exe, runs } = fakePython(path.join(temp, "b", "bin"), [temp]);
    const cache = path.join(temp, "b", "cache");
    const env = { PATH: path.dirname(exe), HOME: temp };
    await cachedPythonSearchPath(cache, "python3", env);
    const dir = path.join(cache, "python");
    for (const f of readdirSync(dir)) writeFileSync(path.join(dir, f), "{not json");
    expect(await cachedPythonSearchPath(cache, "python3", env)).toEqual({ paths: [temp] });
    expect(runs()).toBe(2);
  });

  it("for a pyenv shim, PYENV_VERSION is part of what selects the answer", async () => {
    const { exe, runs } = fakePython(path.join(temp, "c", "shims"), [temp]);
    const cache = path.join(temp, "c", "cache");
    const env = { PATH: path.dirname(exe), HOME: temp, PYENV_ROOT: path.join(temp, "c") };
    await cachedPythonSearchPath(cache, "python3", env);
    await cachedPythonSearchPath(cache, "python3", env);
    expect(runs()).toBe(1);
    await cachedPythonSearchPath(cache, "python3", { ...env, PYENV_VERSION: "3.8.18" });
    expect(runs()).toBe(2);
    writeFileSync(path.join(temp, "c", "version"), "3.12.1\n"); // pyenv's global version
    await cachedPythonSearchPath(cache, "python3", env);
    expect(runs()).toBe(3);
    await cachedPythonSearchPath(cache, "python3", env);
    expect(runs()).toBe(3);
  });
});

describe("cachedInterpreterVersion", () => {
  it("asks an interpreter its version once", async () => {
    const { exe, runs } = fakePython(path.join(temp, "d", "bin"), []);
    const versionOf = cachedInterpreterVersion(path.join(temp, "d", "cache"), { PATH: path.dirname(exe), HOME: temp });
    expect(await versionOf("python3")).toBe("3.11");
    expect(await versionOf("python3")).toBe("3.11");
    expect(runs()).toBe(1);
    expect(await versionOf(path.join(temp, "d", "bin", "no-such-python"))).toBe(null);
  });
});

describe("the version and sys.path of one interpreter", () => {
  it("come from one process when the path is asked right after the version; a later question asks again", async () => {
    const { exe, runs } = fakePython(path.join(temp, "e", "bin"), [temp]);
    expect(await interpreterVersion(exe)).toBe("3.11");
    expect(await pythonSearchPath(exe)).toEqual({ paths: [temp] });
    expect(runs()).toBe(1);
    expect(await pythonSearchPath(exe)).toEqual({ paths: [temp] });
    expect(runs()).toBe(2);
  });

  it("through the cache: a first run starts the interpreter once, the next none", async () => {
    const { exe, runs } = fakePython(path.join(temp, "f", "bin"), [temp]);
    const cache = path.join(temp, "f", "cache");
    const env = { PATH: path.dirname(exe), HOME: temp };
    for (let i = 0; i < 2; i++) {
      expect(await cachedInterpreterVersion(cache, env)("python3")).toBe("3.11");
      expect(await cachedPythonSearchPath(cache, "python3", env)).toEqual({ paths: [temp] });
    }
    expect(runs()).toBe(1);
  });

  it("an interpreter that prints something else is an error, not a search path", async () => {
    const dir = path.join(temp, "g");
    mkdirSync(dir, { recursive: true });
    const exe = path.join(dir, "python3");
    writeFileSync(exe, "#!/bin/sh\necho '[\"/usr/lib\"]'\n");
    chmodSync(exe, 0o755);
    expect(await interpreterVersion(exe)).toBe(null);
    expect(await pythonSearchPath(exe)).toEqual({ error: `${exe} printed something other than its version and sys.path as JSON` });
  });
});

describe("analyze while python3 is asked", () => {
  it("binds the given files while the interpreter runs, skips the result cache that run and stores it for the next", async () => {
    const dir = path.join(temp, "h");
    const cache = path.join(dir, "cache");
    const project = path.join(dir, "project");
    mkdirSync(project, { recursive: true });
    writeFileSync(path.join(project, "m.py"), "def f(x: int) -> int:\n    return x\n");
    for (const state of ["bound-meanwhile", "not-bound"]) mkdirSync(path.join(dir, state), { recursive: true });
    // Answers only once a summary of m.py is in the cache (or after 20 s): the answer says which.
    const bin = path.join(dir, "bin");
    mkdirSync(bin, { recursive: true });
    const log = path.join(bin, "python3.log");
    writeFileSync(log, "");
    const answer = (state: string) => JSON.stringify(JSON.stringify({ version: "3.11", path: [path.join(dir, state)] }));
    writeFileSync(
      path.join(bin, "python3"),
      [
        "#!/bin/sh",
        `echo run >> ${JSON.stringify(log)}`,
        "i=0",
        "while [ $i -lt 200 ]; do",
        `  if [ -n "$(find ${JSON.stringify(path.join(cache, "summaries"))} -name '*.json' 2>/dev/null | head -n 1)" ]; then echo ${answer("bound-meanwhile")}; exit 0; fi`,
        "  sleep 0.1; i=$((i+1))",
        "done",
        `echo ${answer("not-bound")}`,
      ].join("\n") + "\n",
    );
    chmodSync(path.join(bin, "python3"), 0o755);
    const saved = process.env["PATH"];
    process.env["PATH"] = `${bin}${path.delimiter}${saved}`;
    try {
      const args = ["analyze", "m.py", "--cache-dir", cache, "-o", path.join(dir, "b.json")];
      const first = await runCli(args, { cwd: project });
      expect(first.code).toBe(0);
      expect(first.stderr).not.toContain("(unchanged: the cached result)");
      const [entry] = readdirSync(path.join(cache, "python")).filter((f) => !f.endsWith(".version.json"));
      const asked = JSON.parse(readFileSync(path.join(cache, "python", entry!), "utf8")) as { entries: [string, number][] };
      expect(asked.entries.map(([p]) => path.basename(p))).toEqual(["bound-meanwhile"]);
      const second = await runCli(args, { cwd: project });
      expect(second.stderr).toContain("(unchanged: the cached result)");
      expect(readFileSync(log, "utf8").split("\n").filter(Boolean)).toHaveLength(1);
    } finally {
      process.env["PATH"] = saved;
    }
  });
});
