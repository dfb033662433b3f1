import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { analyze, discover, discoverFiles, moduleNameOf } from "@static-inspect/analyzer";

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

  it("skips what --exclude globs match, relative to the folder walked or absolute inside it, and hidden names", () => {
    const root = tree({ "a.py": "", "build/b.py": "", "build/sub/c.py": "", "pkg/__init__.py": "", "pkg/test_x.py": "", "pkg/tests/t.py": "", ".hidden/h.py": "", "pkg/.h.py": "" });
    const found = (exclude: string[]) => discover([root], { exclude }).map((f) => f.module);
    expect(found([])).toEqual(["a", "build.b", "build.sub.c", "pkg", "pkg.test_x", "pkg.tests.t"]);
    expect(found(["build"])).toEqual(["a", "pkg", "pkg.test_x", "pkg.tests.t"]);
    expect(found(["build/*"])).toEqual(["a", "pkg", "pkg.test_x", "pkg.tests.t"]);
    expect(found(["**/test_*.py", "**/tests/**"])).toEqual(["a", "build.b", "build.sub.c", "pkg"]);
    expect(found([path.join(root, "build", "sub"), path.join(root, "..", "elsewhere")])).toEqual(["a", "build.b", "pkg", "pkg.test_x", "pkg.tests.t"]);
  });

  it("throws ENOENT for a missing path (the CLI maps it to exit code 2)", () => {
    expect(() => discover(["/no/such/path.py"])).toThrow(expect.objectContaining({ code: "ENOENT" }));
  });
});

describe("discovery loses nothing silently", () => {
  it("reads a file whose name is not valid UTF-8 through its bytes, with a diagnostic", () => {
    const root = mkdtempSync(path.join(tmpdir(), "si-discover-bytes-"));
    const name = Buffer.concat([Buffer.from(root + path.sep), Buffer.from([0x63, 0x61, 0x66, 0xe9]), Buffer.from(".py")]);
    writeFileSync(name, "def f(a):\n    pass\n");
    writeFileSync(path.join(root, "ok.py"), "");
    const { files, diagnostics } = discoverFiles([root]);
    expect(files.map((f) => f.module)).toEqual(["caf\\xe9", "ok"]);
    const bad = files[0]!;
    expect(Buffer.from(bad.bytesPath!).equals(name)).toBe(true);
    expect(readFileSync(Buffer.from(bad.bytesPath!), "utf8")).toBe("def f(a):\n    pass\n");
    expect(diagnostics.map((d) => [d.code, path.basename(d.path)])).toEqual([["invalid-module-name", "caf\uFFFD.py"]]);
  });

  it("reads a file in a folder whose name is not valid UTF-8 through its bytes, with a diagnostic", () => {
    const root = mkdtempSync(path.join(tmpdir(), "si-discover-bytes-"));
    const folder = Buffer.concat([Buffer.from(root + path.sep), Buffer.from([0x64, 0xe9, 0x6a, 0xe0])]);
    mkdirSync(folder);
    const file = Buffer.concat([folder, Buffer.from(path.sep + "mod.py")]);
    writeFileSync(file, "X = 1\n");
    const { files, diagnostics } = discoverFiles([root]);
    expect(files.map((f) => f.module)).toEqual(["d\\xe9j\\xe0.mod"]);
    expect(Buffer.from(files[0]!.bytesPath!).equals(file)).toBe(true);
    expect(diagnostics.map((d) => [d.code, d.message])).toEqual([["invalid-module-name", 'a folder name in the path of "mod.py" is not valid UTF-8, so it is not a module name; analysed as "d\\\\xe9j\\\\xe0.mod"']]);
  });

  it("analyzes such a file end to end: its objects are read, its diagnostic is the program's", async () => {
    const root = mkdtempSync(path.join(tmpdir(), "si-discover-bytes-"));
    writeFileSync(Buffer.concat([Buffer.from(root + path.sep), Buffer.from([0x63, 0x61, 0x66, 0xe9]), Buffer.from(".py")]), "def f(a):\n    pass\n");
    const program = await analyze({ paths: [root] });
    expect(program.signature("caf\\xe9:f")?.text).toBe("(a)");
    expect(program.diagnostics.map((d) => d.code)).toEqual(["invalid-module-name"]);
  });

  it("skips the files of a folder named x.py with a diagnostic instead of naming them x.py.inner", () => {
    const root = tree({ "x.py/inner.py": "", "x.py/deeper/more.py": "", "good.py": "" });
    const { files, diagnostics } = discoverFiles([root]);
    expect(files.map((f) => f.module)).toEqual(["good"]);
    expect(diagnostics.map((d) => [d.code, path.relative(root, d.path)])).toEqual([["invalid-module-name", "x.py"]]);
    expect(discover([root]).map((f) => f.module)).toEqual(["good"]);
  });

  it("reports a module name that is not an identifier and still analyses the file", () => {
    const root = tree({ "my-script.py": "", "pkg/__init__.py": "" });
    const { files, diagnostics } = discoverFiles([root]);
    expect(files.map((f) => f.module)).toEqual(["my-script", "pkg"]);
    expect(diagnostics.map((d) => [d.code, d.severity, path.basename(d.path)])).toEqual([["invalid-module-name", "warning", "my-script.py"]]);
  });

  it("reports broken symbolic links and link loops, and walks a link to a folder once (not at all)", () => {
    const root = tree({ "pkg/__init__.py": "", "pkg/a.py": "" });
    symlinkSync(path.join(root, "missing.py"), path.join(root, "pkg", "gone.py"));
    symlinkSync(path.join(root, "pkg", "loop1.py"), path.join(root, "pkg", "loop2.py"));
    symlinkSync(path.join(root, "pkg", "loop2.py"), path.join(root, "pkg", "loop1.py"));
    symlinkSync(path.join(root, "pkg"), path.join(root, "pkg", "again"));
    const { files, diagnostics } = discoverFiles([root]);
    expect(files.map((f) => f.module)).toEqual(["pkg", "pkg.a"]);
    expect(diagnostics.map((d) => [d.code, path.basename(d.path)]).sort()).toEqual([
      ["broken-symlink", "gone.py"],
      ["symlink-loop", "loop1.py"],
      ["symlink-loop", "loop2.py"],
    ]);
  });
});
