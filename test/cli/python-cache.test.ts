// python3's sys.path and version are asked once and then read from the cache while nothing that
// shapes them changed: the interpreter file, the environment, each entry's mtime, and for a pyenv shim
// the version pyenv would select.
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cachedInterpreterVersion, cachedPythonSearchPath } from "../../packages/cli/src/python-cache.ts";
import { interpreterVersion, pythonSearchPath } from "../../packages/cli/src/python.ts";

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
  it("asks once, then again when an entry's mtime, the interpreter or a shaping variable changes", () => {
    const lib = path.join(temp, "a", "lib");
    const site = path.join(temp, "a", "site");
    mkdirSync(lib, { recursive: true });
    mkdirSync(site, { recursive: true });
    const { exe, runs } = fakePython(path.join(temp, "a", "bin"), ["", lib, site, path.join(temp, "a", "missing.zip")]);
    const cache = path.join(temp, "a", "cache");
    const env = { PATH: path.dirname(exe), HOME: temp };
    expect(cachedPythonSearchPath(cache, "python3", env)).toEqual({ paths: [lib, site] });
    expect(cachedPythonSearchPath(cache, "python3", env)).toEqual({ paths: [lib, site] });
    expect(runs()).toBe(1);
    utimesSync(site, new Date(), new Date(Date.now() + 5_000)); // a package installed into site-packages
    expect(cachedPythonSearchPath(cache, "python3", env)).toEqual({ paths: [lib, site] });
    expect(runs()).toBe(2);
    expect(cachedPythonSearchPath(cache, "python3", { ...env, PYTHONPATH: lib })).toEqual({ paths: [lib, site] });
    expect(runs()).toBe(3);
    writeFileSync(exe, readFileSync(exe, "utf8") + "# changed\n"); // another interpreter build
    cachedPythonSearchPath(cache, "python3", env);
    expect(runs()).toBe(4);
    expect(cachedPythonSearchPath(null, exe, env)).toEqual({ paths: [lib, site] }); // no cache: always asks
    expect(runs()).toBe(5);
  });

  it("a corrupt entry is asked again", () => {
    const { exe, runs } = fakePython(path.join(temp, "b", "bin"), [temp]);
    const cache = path.join(temp, "b", "cache");
    const env = { PATH: path.dirname(exe), HOME: temp };
    cachedPythonSearchPath(cache, "python3", env);
    const dir = path.join(cache, "python");
    for (const f of readdirSync(dir)) writeFileSync(path.join(dir, f), "{not json");
    expect(cachedPythonSearchPath(cache, "python3", env)).toEqual({ paths: [temp] });
    expect(runs()).toBe(2);
  });

  it("for a pyenv shim, PYENV_VERSION is part of what selects the answer", () => {
    const { exe, runs } = fakePython(path.join(temp, "c", "shims"), [temp]);
    const cache = path.join(temp, "c", "cache");
    const env = { PATH: path.dirname(exe), HOME: temp, PYENV_ROOT: path.join(temp, "c") };
    cachedPythonSearchPath(cache, "python3", env);
    cachedPythonSearchPath(cache, "python3", env);
    expect(runs()).toBe(1);
    cachedPythonSearchPath(cache, "python3", { ...env, PYENV_VERSION: "3.8.18" });
    expect(runs()).toBe(2);
    writeFileSync(path.join(temp, "c", "version"), "3.12.1\n"); // pyenv's global version
    cachedPythonSearchPath(cache, "python3", env);
    expect(runs()).toBe(3);
    cachedPythonSearchPath(cache, "python3", env);
    expect(runs()).toBe(3);
  });
});

describe("cachedInterpreterVersion", () => {
  it("asks an interpreter its version once", () => {
    const { exe, runs } = fakePython(path.join(temp, "d", "bin"), []);
    const versionOf = cachedInterpreterVersion(path.join(temp, "d", "cache"), { PATH: path.dirname(exe), HOME: temp });
    expect(versionOf("python3")).toBe("3.11");
    expect(versionOf("python3")).toBe("3.11");
    expect(runs()).toBe(1);
    expect(versionOf(path.join(temp, "d", "bin", "no-such-python"))).toBe(null);
  });
});

describe("the version and sys.path of one interpreter", () => {
  it("come from one process when the path is asked right after the version; a later question asks again", () => {
    const { exe, runs } = fakePython(path.join(temp, "e", "bin"), [temp]);
    expect(interpreterVersion(exe)).toBe("3.11");
    expect(pythonSearchPath(exe)).toEqual({ paths: [temp] });
    expect(runs()).toBe(1);
    expect(pythonSearchPath(exe)).toEqual({ paths: [temp] });
    expect(runs()).toBe(2);
  });

  it("through the cache: a first run starts the interpreter once, the next none", () => {
    const { exe, runs } = fakePython(path.join(temp, "f", "bin"), [temp]);
    const cache = path.join(temp, "f", "cache");
    const env = { PATH: path.dirname(exe), HOME: temp };
    for (let i = 0; i < 2; i++) {
      expect(cachedInterpreterVersion(cache, env)("python3")).toBe("3.11");
      expect(cachedPythonSearchPath(cache, "python3", env)).toEqual({ paths: [temp] });
    }
    expect(runs()).toBe(1);
  });

  it("an interpreter that prints something else is an error, not a search path", () => {
    const dir = path.join(temp, "g");
    mkdirSync(dir, { recursive: true });
    const exe = path.join(dir, "python3");
    writeFileSync(exe, "#!/bin/sh\necho '[\"/usr/lib\"]'\n");
    chmodSync(exe, 0o755);
    expect(interpreterVersion(exe)).toBe(null);
    expect(pythonSearchPath(exe)).toEqual({ error: `${exe} printed something other than its version and sys.path as JSON` });
  });
});
