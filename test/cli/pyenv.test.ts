// A pyenv shim is resolved to the interpreter pyenv would exec, by pyenv's own rules, and only in the
// cases those rules settle without running pyenv; the real pyenv (when this machine has one) agrees.
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { pyenvShimTarget, readVersionFile, selectedVersions } from "../../packages/cli/src/pyenv.ts";
import { interpreterVersion } from "../../packages/cli/src/python.ts";

const temp = mkdtempSync(path.join(tmpdir(), "static-inspect-pyenv-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

function executable(file: string, text: string): string {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  chmodSync(file, 0o755);
  return file;
}

/** A pyenv root with shims for `programs`, the versions given (each with its programs) and a global version file. */
function fakeRoot(name: string, versions: Record<string, string[]>, global: string | null): string {
  const root = path.join(temp, name);
  for (const program of ["python3", "python3.12"]) {
    // What `pyenv rehash` writes (pyenv 2.x); libexec/pyenv is absent, so running a shim fails.
    executable(
      path.join(root, "shims", program),
      ["#!/usr/bin/env bash", "set -e", '[ -n "$PYENV_DEBUG" ] && set -x', "", 'program="${0##*/}"', "", `export PYENV_ROOT="${root}"`, `exec "${root}/libexec/pyenv" exec "$program" "$@"`, ""].join("\n"),
    );
  }
  for (const [version, programs] of Object.entries(versions)) {
    for (const program of programs) {
      executable(path.join(root, "versions", version, "bin", program), `#!/bin/sh\necho '${JSON.stringify({ version: version.replace(/^(\d+\.\d+).*/, "$1"), path: [] })}'\n`);
    }
  }
  if (global !== null) writeFileSync(path.join(root, "version"), global);
  return root;
}

describe("readVersionFile / selectedVersions", () => {
  it("reads the first word of each line, skipping blanks and comments, as pyenv version-file-read does", () => {
    const file = path.join(temp, "vf");
    writeFileSync(file, "# pinned\n\n  3.12.1 extra words\r\n3.11.7\n");
    expect(readVersionFile(file)).toEqual(["3.12.1", "3.11.7"]);
    expect(readVersionFile(path.join(temp, "missing"))).toEqual([]);
  });

  it("takes PYENV_VERSION, else the nearest .python-version, else the global file; an empty local file means system", () => {
    const root = fakeRoot("select", {}, "3.11.7\n");
    const project = path.join(temp, "project", "src", "pkg");
    mkdirSync(project, { recursive: true });
    expect(selectedVersions(root, {}, project)).toEqual(["3.11.7"]);
    writeFileSync(path.join(temp, "project", ".python-version"), "3.12.1\n");
    expect(selectedVersions(root, {}, project)).toEqual(["3.12.1"]);
    expect(selectedVersions(root, { PYENV_VERSION: "3.13.0:3.12.1" }, project)).toEqual(["3.13.0", "3.12.1"]);
    expect(selectedVersions(root, { PYENV_DIR: path.join(temp, "elsewhere") }, project)).toEqual(["3.12.1"]); // PYENV_DIR first, then the cwd
    writeFileSync(path.join(temp, "project", "src", ".python-version"), "");
    expect(selectedVersions(root, {}, project)).toEqual(["system"]);
  });
});

describe("pyenvShimTarget", () => {
  const root = fakeRoot("resolve", { "3.12.1": ["python3", "python3.12"], "3.11.7": ["python3", "python3.11"] }, "3.11.7\n");
  const env = (extra: NodeJS.ProcessEnv = {}) => ({ PATH: path.join(root, "shims"), ...extra });

  it("gives the first selected version's program", () => {
    expect(pyenvShimTarget("python3", env(), temp)).toBe(path.join(root, "versions", "3.11.7", "bin", "python3"));
    expect(pyenvShimTarget("python3", env({ PYENV_VERSION: "3.12.1:3.11.7" }), temp)).toBe(path.join(root, "versions", "3.12.1", "bin", "python3"));
    expect(pyenvShimTarget("python3.12", env({ PYENV_VERSION: "3.11.7:3.12.1" }), temp)).toBe(path.join(root, "versions", "3.12.1", "bin", "python3.12"));
    expect(pyenvShimTarget(path.join(root, "shims", "python3"), {}, temp)).toBe(path.join(root, "versions", "3.11.7", "bin", "python3"));
    expect(pyenvShimTarget("python3", env({ PYENV_VERSION: "python-3.12.1" }), temp)).toBe(path.join(root, "versions", "3.12.1", "bin", "python3"));
  });

  it("is null where pyenv needs more than its version files: system, a prefix, a missing program, an unsafe name", () => {
    expect(pyenvShimTarget("python3.12", env(), temp)).toBeNull(); // 3.11.7 has no python3.12: pyenv would try the system's
    expect(pyenvShimTarget("python3", env({ PYENV_VERSION: "system" }), temp)).toBeNull();
    expect(pyenvShimTarget("python3", env({ PYENV_VERSION: "3.12" }), temp)).toBeNull(); // pyenv latest: the newest 3.12.N
    expect(pyenvShimTarget("python3", env({ PYENV_VERSION: "../3.12.1" }), temp)).toBeNull();
    expect(pyenvShimTarget("python3", env({ PYENV_VERSION: "3.9.0" }), temp)).toBeNull();
  });

  it("is null for an interpreter that is not a shim, or a script in a shims folder that is not pyenv's", () => {
    const plain = executable(path.join(temp, "plain", "bin", "python3"), "#!/bin/sh\n");
    expect(pyenvShimTarget("python3", { PATH: path.dirname(plain) }, temp)).toBeNull();
    const other = executable(path.join(temp, "other", "shims", "python3"), "#!/bin/sh\nexec /usr/bin/python3 \"$@\"\n");
    expect(pyenvShimTarget("python3", { PATH: path.dirname(other) }, temp)).toBeNull();
    expect(pyenvShimTarget("python3", { PATH: path.join(temp, "nowhere") }, temp)).toBeNull();
  });

  it("is what the interpreter question runs: a shim that cannot run still answers through its version", async () => {
    const saved = { PATH: process.env["PATH"], PYENV_VERSION: process.env["PYENV_VERSION"] };
    try {
      process.env["PATH"] = path.join(root, "shims");
      process.env["PYENV_VERSION"] = "3.12.1";
      expect(await interpreterVersion("python3")).toBe("3.12");
      process.env["PYENV_VERSION"] = "3.12"; // not resolved here: the shim runs, and fails without libexec/pyenv
      expect(await interpreterVersion("python3")).toBeNull();
    } finally {
      for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  it("agrees with `pyenv which` on this machine's pyenv for every installed version", () => {
    const which = spawnSync("pyenv", ["root"], { encoding: "utf8" });
    if (which.status !== 0) return; // no pyenv on this machine: nothing to compare with, the fake roots above are the check
    const real = which.stdout.trim();
    const versions = spawnSync("pyenv", ["versions", "--bare"], { encoding: "utf8" }).stdout.split("\n").filter(Boolean);
    expect(versions.length).toBeGreaterThan(0);
    const shimsEnv = { ...process.env, PATH: `${path.join(real, "shims")}${path.delimiter}${process.env["PATH"]}` };
    let resolved = 0;
    for (const version of versions) {
      const asked = { ...shimsEnv, PYENV_VERSION: version };
      const expected = spawnSync("pyenv", ["which", "python3"], { encoding: "utf8", env: asked }).stdout.trim();
      // pyenv's answer when it is one of its versions; for a version without python3 pyenv falls back
      // to the system's, which is left to the shim (null).
      const inVersions = expected.startsWith(path.join(real, "versions") + path.sep);
      expect(pyenvShimTarget("python3", asked, temp)).toBe(inVersions ? expected : null);
      if (inVersions) resolved++;
    }
    expect(resolved).toBeGreaterThan(0);
  });
});
