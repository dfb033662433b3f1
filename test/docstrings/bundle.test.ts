/**
 * The bundle's `docstring` field and the `--check-docstrings` diagnostics on a small package
 * (`pkg/docpkg`) whose docstrings use each style: parameter ids, names resolved through the
 * program (local classes, builtins, submodules, class members), inherited docstrings, and the codes
 * of every check, with their positions.
 */
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { analyze } from "@static-inspect/analyzer";
import { buildBundle, validateBundle, type Bundle, type BundleObject } from "@static-inspect/emit";

const here = path.dirname(new URL(import.meta.url).pathname);
let bundle: Bundle;
const object = (id: string): BundleObject => bundle.objects.find((o) => o.id === id)!;

beforeAll(async () => {
  bundle = buildBundle(await analyze({ paths: [path.join(here, "pkg/docpkg")] }), { checkDocstrings: true });
});

describe("docstring field", () => {
  it("validates against the schema", () => {
    expect(validateBundle(JSON.parse(JSON.stringify(bundle)))).toEqual([]);
  });

  it("links documented parameters to the signature's by `<object id>(<name>)`, null when absent", () => {
    const params = object("docpkg:upload").docstring!.sections[0]!;
    expect(params.kind === "parameters" && params.items.map((p) => [p.name, p.id])).toEqual([
      ["path", "docpkg:upload(path)"],
      ["retries", "docpkg:upload(retries)"],
      ["chunk", null],
    ]);
  });

  it("resolves raised exceptions: imported class, builtin, and a submodule path relative to the package", () => {
    const raises = (id: string) => object(id).docstring!.sections.flatMap((s) => (s.kind === "raises" ? s.items.map((r) => [r.exception, r.id]) : []));
    expect(raises("docpkg:upload")).toEqual([
      ["QuotaError", "docpkg.errors:QuotaError"],
      ["ValueError", "builtins:ValueError"],
    ]);
    expect(raises("docpkg:Client")).toEqual([["errors.QuotaError", "docpkg.errors:QuotaError"]]);
  });

  it("resolves See Also entries and Sphinx roles (class members first, then absolute paths)", () => {
    const seeAlso = object("docpkg:download").docstring!.sections.find((s) => s.kind === "see_also")!;
    expect(seeAlso.kind === "see_also" && seeAlso.items.map((x) => [x.name, x.id])).toEqual([
      ["upload", "docpkg:upload"],
      ["docpkg.errors.QuotaError", "docpkg.errors:QuotaError"],
    ]);
    expect(object("docpkg:Client").docstring!.xrefs).toEqual([
      { role: "meth", name: "send", id: "docpkg:Client.send" },
      { role: "class", name: "docpkg.errors.QuotaError", id: "docpkg.errors:QuotaError" },
    ]);
  });

  it("parses an inherited docstring as getdoc gives it, with the inheriting object's ids", () => {
    const quiet = object("docpkg:Quiet.send");
    expect(quiet.rawDoc).toBeNull();
    expect(quiet.docstring!.style).toBe("google");
    const params = quiet.docstring!.sections[0]!;
    expect(params.kind === "parameters" && params.items[0]!.id).toBe("docpkg:Quiet.send(data)");
  });

  it("records the detected style per docstring", () => {
    expect(["docpkg", "docpkg:upload", "docpkg:download", "docpkg:Client"].map((id) => object(id).docstring!.style)).toEqual(["plain", "google", "numpy", "sphinx"]);
  });
});

describe("--check-docstrings", () => {
  it("reports each check at the definition's line, and nothing for inherited docstrings", () => {
    const found = bundle.diagnostics
      .filter((d) => d.code.startsWith("docstring-"))
      .map((d) => `${d.code} ${path.basename(d.path)}:${d.span?.line}: ${d.message}`);
    expect(found).toEqual([
      "docstring-missing-parameter __init__.py:5: docpkg:upload: does not document parameter 'tag'",
      "docstring-type-mismatch __init__.py:5: docpkg:upload: documents 'retries' as str but it is annotated int",
      "docstring-unknown-parameter __init__.py:5: docpkg:upload: documents parameter 'chunk', which the signature (path: str, retries: int = 3, *, tag=None) lacks",
      "docstring-missing-parameter __init__.py:19: docpkg:download: does not document parameter 'target'",
      "docstring-type-mismatch errors.py:8: docpkg.errors:pick: documents 'limit' as int but it is annotated float",
    ]);
  });

  it("is off by default", async () => {
    const plain = buildBundle(await analyze({ paths: [path.join(here, "pkg/docpkg")] }));
    expect(plain.diagnostics.filter((d) => d.code.startsWith("docstring-"))).toEqual([]);
  });

  it("reads every docstring in a forced style", async () => {
    const forced = buildBundle(await analyze({ paths: [path.join(here, "pkg/docpkg")] }), { docstringStyle: "plain" });
    expect(new Set(forced.objects.filter((o) => o.docstring).map((o) => o.docstring!.style))).toEqual(new Set(["plain"]));
  });
});
