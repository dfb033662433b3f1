/**
 * Failure isolation: a crash while binding a statement, linking a name or class, or computing one
 * facet of one object loses only that unit. A fault hook makes each pass throw on purpose.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { analyze } from "@static-inspect/analyzer";
import { setFaultHook } from "@static-inspect/analyzer/unstable";
import { buildBundle } from "@static-inspect/emit";

const SOURCE = `"""A module."""


class Base:
    """The base."""

    def m(self, x=1):
        """M."""


def g(a, b=2):
    """G."""


class Child(Base):
    def n(self): ...
`;

async function program() {
  const dir = mkdtempSync(path.join(tmpdir(), "si-isolation-"));
  writeFileSync(path.join(dir, "iso.py"), SOURCE);
  return analyze({ paths: [path.join(dir, "iso.py")] });
}

const boom = (pass: string, unit: string) => (p: string, u: string) => {
  if (p === pass && u === unit) throw new Error("injected");
};

afterEach(() => setFaultHook(null));

describe("a crash is isolated to the smallest unit", () => {
  it("bind: the statement is lost, its siblings and the module stay", async () => {
    setFaultHook(boom("bind", "iso:11")); // def g
    const p = await program();
    const ids = buildBundle(p).objects.map((o) => o.id);
    expect(ids).toEqual(["iso", "iso:Base", "iso:Base.m", "iso:Child", "iso:Child.n"]);
    expect(p.getdoc("iso:Base.m")).toBe("M.");
    expect(p.diagnostics.map((d) => `${d.code} ${d.span?.line}: ${d.message}`)).toEqual(["internal-error 11: cannot bind the statement at line 11: injected"]);
  });

  it("bind: a crash inside a class body loses that method only", async () => {
    setFaultHook(boom("bind", "iso:7")); // def m inside Base
    const p = await program();
    expect(buildBundle(p).objects.map((o) => o.id)).toEqual(["iso", "iso:Base", "iso:Child", "iso:Child.n", "iso:g"]);
    expect(p.getmro("iso:Child")).toEqual(["iso:Child", "iso:Base", "builtins:object"]);
  });

  it("link: one class's failure is a diagnostic on it, and the others are linked", async () => {
    setFaultHook(boom("link", "mro iso:Base"));
    const p = await program();
    expect(p.diagnostics.map((d) => `${d.code} ${d.span?.line}: ${d.message}`)).toEqual(["internal-error 4: computing the MRO of iso:Base: injected"]);
    expect(p.getmro("iso:Child")).toEqual(["iso:Child", "iso:Base", "builtins:object"]);
    expect(p.signature("iso:g")?.text).toBe("(a, b=2)");
  });

  it("link: a failure on one module-level name is a diagnostic at its definition", async () => {
    setFaultHook(boom("link", "name iso:g"));
    const p = await program();
    expect(p.diagnostics.map((d) => `${d.code} ${d.span?.line}: ${d.message}`)).toEqual(["internal-error 11: linking name 'g' of iso: injected"]);
    expect(p.signature("iso:g")?.text).toBe("(a, b=2)");
  });

  it("views: one facet of one object is null, its other facets and the other objects are whole", async () => {
    setFaultHook(boom("views", "iso:g:signature"));
    const p = await program();
    const bundle = buildBundle(p);
    const g = bundle.objects.find((o) => o.id === "iso:g")!;
    expect([g.signature, g.doc, g.sourcelines]).toEqual([null, "G.", { lineno: 11, count: 2 }]);
    expect(bundle.objects.find((o) => o.id === "iso:Base.m")!.signature?.text).toBe("(self, x=1)");
    expect(bundle.diagnostics.map((d) => `${d.code} ${d.span?.line}: ${d.message}`)).toEqual(["internal-error 11: cannot compute signature of iso:g: injected"]);
  });

  it("views: an object whose predicates fail is left out, with a diagnostic, and nothing else is", async () => {
    setFaultHook(boom("views", "iso:Child.n:predicates"));
    const bundle = buildBundle(await program());
    expect(bundle.objects.map((o) => o.id)).toEqual(["iso", "iso:Base", "iso:Base.m", "iso:Child", "iso:g"]);
    expect(bundle.diagnostics.map((d) => d.message)).toEqual(["cannot compute predicates of iso:Child.n: injected"]);
  });

  it("a file over the size limit is reported as too-large and the others are analysed", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "si-isolation-"));
    writeFileSync(path.join(dir, "big.py"), "x = 1\n".repeat(100));
    writeFileSync(path.join(dir, "small.py"), "def f(): ...\n");
    const p = await analyze({ paths: [dir], maxFileBytes: 100 });
    expect(p.diagnostics.map((d) => `${d.code} ${path.basename(d.path)}: ${d.message}`)).toEqual(["too-large big.py: file of 600 bytes is larger than 100 bytes: not analysed"]);
    expect(p.signature("small:f")?.text).toBe("()");
    expect(buildBundle(p).modules.map((m) => m.id)).toEqual(["big", "small"]);
  });
});
