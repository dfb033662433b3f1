// What an answer read (Program.dependencies): every module whose summary, objects or lookup it used,
// memoised answers included however they were first computed. A bundle part written again from an
// earlier run rests on exactly this (emit/part-cache.ts), so a read left out would keep stale text.
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { analyze } from "@static-inspect/analyzer";
import { writeTree } from "../cli/helpers.ts";

const temp = mkdtempSync(path.join(tmpdir(), "static-inspect-dependencies-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const root = writeTree(temp, "t", {
  "pkg/__init__.py": "",
  "pkg/base.py": 'class Base:\n    def go(self, a, b=1):\n        """Go."""\n',
  // `plain` names pkg.other only in its body: its signature reads nothing of it.
  "pkg/user.py": "from pkg.base import Base\nimport pkg.other\n\nclass User(Base):\n    pass\n\ndef plain(x):\n    return pkg.other.thing(x)\n",
  "pkg/other.py": "def thing(x):\n    pass\n",
  // Deciding the guard reads whether pkg.maybe can be imported: it cannot.
  "pkg/guarded.py": "try:\n    from pkg.maybe import fast\nexcept ImportError:\n    def fast(n=2):\n        pass\n",
});
const program = () => analyze({ paths: [path.join(root, "pkg")] });
const sorted = (names: readonly string[]) => [...names].sort();

describe("Program.dependencies", () => {
  it("names the modules an answer read, the same on a memo hit and whichever query computed the memo", async () => {
    const p = await program();
    const members = p.dependencies(() => p.getmembers_static("pkg.user:User"));
    expect(members.value?.map((m) => m.name)).toContain("go");
    // object's members come from the builtins data, which is part of the options: no module read.
    expect(sorted(members.reads)).toEqual(["pkg.base", "pkg.user"]);
    // Asked again: every answer is memoised now, and the reads are the same.
    expect(sorted(p.dependencies(() => p.getmembers_static("pkg.user:User")).reads)).toEqual(sorted(members.reads));
    // In another program whose link pass and MRO query ran first, outside any computation.
    const q = await program();
    q.getmro("pkg.user:User");
    q.view("pkg.user:User");
    expect(sorted(q.dependencies(() => q.getmembers_static("pkg.user:User")).reads)).toEqual(sorted(members.reads));
  });

  it("leaves out a module named only in a function's body", async () => {
    const p = await program();
    const { value, reads } = p.dependencies(() => p.signature("pkg.user:plain"));
    expect(value?.text).toBe("(x)");
    expect(reads).not.toContain("pkg.other");
    expect(reads).toContain("pkg.user");
  });

  it("counts what deciding a module's import guards read, and nested computations for the one around them", async () => {
    const p = await program();
    let inner: readonly string[] = [];
    const outer = p.dependencies(() => {
      inner = p.dependencies(() => p.signature("pkg.guarded:fast")).reads;
      return p.signature("pkg.user:plain");
    });
    expect(inner).toContain("pkg.guarded");
    expect(inner).toContain("pkg.maybe");
    for (const name of inner) expect(outer.reads).toContain(name);
    // What the program had of them: pkg.maybe was looked up and not found; pkg.guarded was read.
    const states = p.dependencyStates(["pkg.maybe", "pkg.guarded"]);
    expect(states.get("pkg.maybe")).toEqual({ sha256: null, found: false });
    expect(states.get("pkg.guarded")?.sha256).toBe(p.module("pkg.guarded")?.sha256);
  });

  it("counts reads handed on from a memo outside the program (dependOn)", async () => {
    const p = await program();
    const { reads } = p.dependencies(() => p.dependOn(["pkg.other"]));
    expect(reads).toEqual(["pkg.other"]);
  });

  it("gives a module's digest as Program.module would read it (moduleSha256)", async () => {
    // `os` binds `path` to posixpath, as the real one does: `os.path` has no file of its own.
    const dir = writeTree(temp, "sha", { "app/__init__.py": "", "site/extra.py": "X = 1\n", "site/os.py": "import posixpath as path\n", "site/posixpath.py": "sep = '/'\n" });
    const p = await analyze({ paths: [path.join(dir, "app")], searchPaths: [path.join(dir, "site")] });
    const digest = createHash("sha256").update(readFileSync(path.join(dir, "site/extra.py"))).digest("hex");
    expect(p.moduleSha256("extra")).toBe(digest);
    expect(p.module("extra")?.sha256).toBe(digest);
    expect(p.moduleSha256("not_there")).toBeNull();
    // Read through its parent, as Program.module reads it.
    const posixpath = createHash("sha256").update(readFileSync(path.join(dir, "site/posixpath.py"))).digest("hex");
    expect(p.moduleSha256("os.path")).toBe(posixpath);
    expect(p.module("os.path")?.sha256).toBe(posixpath);
  });
});
