import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { discover, moduleNameOf } from "@static-inspect/analyzer";

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), "si-discover-"));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  }
  return root;
}

describe("discover", () => {
  it("names modules as the import system does and skips virtual environments, not packages named venv", () => {
    const root = tree({
      "pkg/__init__.py": "",
      "pkg/sub/__init__.py": "",
      "pkg/sub/mod.py": "",
      "ns/part.py": "",
      "venv/__init__.py": "",
      "env/pyvenv.cfg": "home = /usr/bin\n",
      "env/lib/python3.11/site-packages/dep.py": "",
      "node_modules/x.py": "",
      "top.py": "",
    });
    expect(discover([root]).map((f) => [f.module, f.isPackage])).toEqual([
      ["ns.part", false],
      ["pkg", true],
      ["pkg.sub", true],
      ["pkg.sub.mod", false],
      ["top", false],
      ["venv", true],
    ]);
    expect(moduleNameOf(path.join(root, "pkg/sub/mod.py"))).toEqual({ module: "pkg.sub.mod", isPackage: false });
    expect(discover([path.join(root, "pkg")]).map((f) => f.module)).toEqual(["pkg", "pkg.sub", "pkg.sub.mod"]);
  });

  it("honours .gitignore under the given directory", () => {
    const root = tree({ ".gitignore": "build/\n", "a.py": "", "build/b.py": "" });
    expect(discover([root]).map((f) => f.module)).toEqual(["a"]);
  });

  it("honours every nested .gitignore in the walked tree, deeper rules winning", () => {
    const root = tree({
      "pkg/__init__.py": "",
      "pkg/keep.py": "",
      "pkg/sub/__init__.py": "",
      "pkg/sub/.gitignore": "generated_*.py\nold/\n",
      "pkg/sub/generated_api.py": "",
      "pkg/sub/old/legacy.py": "",
      "pkg/sub/mod.py": "",
      "pkg/other/.gitignore": "!generated_kept.py\n",
      "pkg/other/generated_kept.py": "",
      ".gitignore": "generated_*.py\n",
      "pkg/generated_top.py": "",
    });
    expect(discover([root]).map((f) => f.module)).toEqual(["pkg", "pkg.keep", "pkg.other.generated_kept", "pkg.sub", "pkg.sub.mod"]);
    // the nested file applies when the walk starts at the package too
    expect(discover([path.join(root, "pkg", "sub")]).map((f) => f.module)).toEqual(["pkg.sub", "pkg.sub.mod"]);
    expect(discover([root], { gitignore: false }).map((f) => f.module)).toContain("pkg.sub.generated_api");
  });

  it("throws ENOENT for a missing path (the CLI maps it to exit code 2)", () => {
    expect(() => discover(["/no/such/path.py"])).toThrow(expect.objectContaining({ code: "ENOENT" }));
  });
});
