// The finder's listed view of the disk (each folder read once, names matched by case) finds what the
// stat-based one finds: every module of python3's standard library and site-packages, names that are
// not modules, namespace portions, and symlinks to files and folders (a broken one is nothing).
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { findModule, folderListings, listedDisk } from "@static-inspect/analyzer";

const temp = mkdtempSync(path.join(tmpdir(), "static-inspect-listed-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const pythonPath = (): string[] =>
  (JSON.parse(execFileSync("python3", ["-c", "import sys, json; print(json.dumps(sys.path[1:]))"], { encoding: "utf8" })) as string[]).filter((p) => !p.endsWith(".zip"));

describe("listedDisk", () => {
  it("finds what stat finds, for every top-level name on python3's sys.path and one level below", () => {
    const roots = pythonPath();
    const names = new Set<string>(["no_such_module", "os.no_such", "email.mime.text", "xml.etree.ElementTree", "concurrent.futures"]);
    for (const root of roots) {
      for (const entry of readdirSync(root, { withFileTypes: true })) {
        const name = entry.name.replace(/\.pyi?$/, "");
        if (!/^[A-Za-z_]\w*$/.test(name)) continue;
        names.add(name);
        if (entry.isDirectory()) for (const sub of readdirSync(path.join(root, entry.name)).slice(0, 20)) names.add(`${name}.${sub.replace(/\.pyi?$/, "")}`);
      }
    }
    expect(names.size).toBeGreaterThan(1000);
    const tree = listedDisk();
    let found = 0;
    for (const name of names) {
      const listed = findModule(name, roots, tree);
      expect(listed, name).toEqual(findModule(name, roots));
      if (listed) found++;
    }
    expect(found).toBeGreaterThan(500);
  });

  it("follows symlinks to files and folders as stat does; a broken one and a file seen as a folder are nothing", () => {
    const root = path.join(temp, "root");
    mkdirSync(path.join(root, "real_pkg"), { recursive: true });
    writeFileSync(path.join(root, "real_pkg", "__init__.py"), "");
    writeFileSync(path.join(temp, "target.py"), "");
    symlinkSync(path.join(temp, "target.py"), path.join(root, "linked.py"));
    symlinkSync(path.join(root, "real_pkg"), path.join(root, "linked_pkg"));
    symlinkSync(path.join(temp, "missing.py"), path.join(root, "broken.py"));
    mkdirSync(path.join(root, "portion"));
    writeFileSync(path.join(root, "plain.py"), "");
    const tree = listedDisk();
    for (const name of ["linked", "linked_pkg", "broken", "portion", "plain", "plain.sub", "real_pkg.x", "Plain"]) {
      expect(findModule(name, [root], tree), name).toEqual(findModule(name, [root]));
    }
    expect(findModule("linked_pkg", [root], tree)).toEqual({ path: path.join(root, "linked_pkg", "__init__.py"), module: "linked_pkg", isPackage: true });
    expect(findModule("broken", [root], tree)).toBeNull();
    expect(findModule("portion", [root], tree)).toEqual({ path: path.join(root, "portion"), module: "portion", isPackage: true, namespace: true });
  });

  it("keeps each listing: a file added after its folder was read is not seen by the same tree", () => {
    const root = path.join(temp, "later");
    mkdirSync(root);
    const tree = listedDisk();
    expect(findModule("added", [root], tree)).toBeNull();
    writeFileSync(path.join(root, "added.py"), "");
    expect(findModule("added", [root], tree)).toBeNull();
    expect(findModule("added", [root], listedDisk())).toEqual({ path: path.join(root, "added.py"), module: "added", isPackage: false });
  });
});

describe("listedDisk with listings kept between runs (watch mode)", () => {
  it("finds what stat finds, from fresh listings and then from kept ones", () => {
    const roots = pythonPath();
    const names = ["os", "os.path", "json", "json.decoder", "email.mime.text", "xml.etree.ElementTree", "no_such_module", "os.no_such", "no_such.sub", "concurrent.futures"];
    const keep = folderListings();
    for (const run of [1, 2]) {
      const tree = listedDisk(keep);
      for (const name of names) expect(findModule(name, roots, tree), `${name} (run ${run})`).toEqual(findModule(name, roots));
    }
    expect(keep.kept.size).toBeGreaterThan(0);
  });

  it("lists a folder again when its modification time changed, and uses the kept listing while it has not", () => {
    const root = path.join(temp, "kept");
    mkdirSync(root);
    writeFileSync(path.join(root, "old.py"), "");
    const keep = folderListings();
    expect(findModule("old", [root], listedDisk(keep))).not.toBeNull();
    // Added, with the folder's time moved on (file systems stamp times coarsely): seen by the next run.
    writeFileSync(path.join(root, "added.py"), "");
    utimesSync(root, new Date(), new Date(Date.now() + 10_000));
    expect(findModule("added", [root], listedDisk(keep))).toEqual({ path: path.join(root, "added.py"), module: "added", isPackage: false });
    // Removed, with the folder's time put back: the kept listing still has it (CPython's FileFinder keeps
    // its cache by the same test); the next change of time drops it.
    const time = statSync(root).mtime;
    rmSync(path.join(root, "added.py"));
    utimesSync(root, new Date(), time);
    expect(findModule("added", [root], listedDisk(keep))).not.toBeNull();
    utimesSync(root, new Date(), new Date(time.getTime() + 10_000));
    expect(findModule("added", [root], listedDisk(keep))).toBeNull();
  });

  it("forgets a folder that is gone", () => {
    const root = path.join(temp, "gone");
    mkdirSync(path.join(root, "pkg"), { recursive: true });
    writeFileSync(path.join(root, "pkg", "__init__.py"), "");
    const keep = folderListings();
    expect(findModule("pkg", [root], listedDisk(keep))).not.toBeNull();
    rmSync(root, { recursive: true });
    expect(findModule("pkg", [root], listedDisk(keep))).toBeNull();
    expect([...keep.kept.keys()].some((dir) => dir.startsWith(root))).toBe(false);
  });
});
