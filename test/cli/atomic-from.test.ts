import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { writeFileFromAtomically } from "../../packages/cli/src/atomic.ts";

describe("writeFileFromAtomically", () => {
  const folder = () => mkdtempSync(path.join(tmpdir(), "si-atomic-from-"));

  it("replaces the file with a second name of the source, leaving no temporary file", () => {
    const dir = folder();
    const source = path.join(dir, "kept.bundle");
    const out = path.join(dir, "out", "bundle.json");
    writeFileSync(source, "new bytes");
    writeFileFromAtomically(out, source);
    expect(readFileSync(out, "utf8")).toBe("new bytes");
    expect(statSync(out).ino).toBe(statSync(source).ino);
    writeFileSync(path.join(dir, "other"), "old");
    writeFileFromAtomically(path.join(dir, "other"), source);
    expect(readFileSync(path.join(dir, "other"), "utf8")).toBe("new bytes");
    expect(readdirSync(dir).sort()).toEqual(["kept.bundle", "other", "out"]);
    expect(readdirSync(path.join(dir, "out"))).toEqual(["bundle.json"]);
  });

  it("does nothing when the file is already a name of the source", () => {
    const dir = folder();
    const source = path.join(dir, "kept.bundle");
    const out = path.join(dir, "bundle.json");
    writeFileSync(source, "bytes");
    writeFileFromAtomically(out, source);
    const before = statSync(out);
    writeFileFromAtomically(out, source);
    expect(statSync(out).ino).toBe(before.ino);
    expect(readdirSync(dir).sort()).toEqual(["bundle.json", "kept.bundle"]);
  });

  it("throws when the source is missing, and leaves the file as it was", () => {
    const dir = folder();
    const out = path.join(dir, "bundle.json");
    writeFileSync(out, "as it was");
    expect(() => writeFileFromAtomically(out, path.join(dir, "missing"))).toThrow(/ENOENT/);
    expect(readFileSync(out, "utf8")).toBe("as it was");
    expect(readdirSync(dir)).toEqual(["bundle.json"]);
  });
});
