/**
 * Docstring parsing: each `fixtures/<style>/<case>.txt` (written in the spirit of that convention's
 * own documentation) is detected as `<style>` and parsed exactly as the reviewed `<case>.json`
 * beside it says; the table tests pin single rules.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { globSync } from "tinyglobby";
import { describe, expect, it } from "vitest";
import { detectDocstringStyle, parseDocstring, type DocResolver } from "@static-inspect/analyzer";

const here = path.dirname(new URL(import.meta.url).pathname);
const cases = globSync(["fixtures/*/*.txt"], { cwd: here }).sort();

/** A stand-in for the program: a few names resolve, the rest do not. */
const KNOWN: Record<string, string> = {
  ValueError: "builtins:ValueError",
  TypeError: "builtins:TypeError",
  int: "builtins:int",
  str: "builtins:str",
  dict: "builtins:dict",
  convolve: "signal:convolve",
  "json.dumps": "json:dumps",
  "pathlib.Path": "pathlib:Path",
};
const resolve: DocResolver = (name) => KNOWN[name] ?? null;

describe("docstring fixtures", () => {
  it.each(cases)("%s", async (file) => {
    const style = file.split("/")[1]!;
    const text = readFileSync(path.join(here, file), "utf8");
    expect(detectDocstringStyle(text)).toBe(style);
    const parsed = parseDocstring(text, { resolve });
    await expect(JSON.stringify(parsed, null, 2) + "\n").toMatchFileSnapshot(path.join(here, file.replace(/\.txt$/, ".json")));
  });
});

describe("style detection", () => {
  it.each([
    ["Args header with an indented body", "Do it.\n\nArgs:\n    x: the x\n", "google"],
    ["a header without a body is prose", "Do it.\n\nExample:\nnone here\n", "plain"],
    ["dashes under a known title", "Do it.\n\nParameters\n----------\nx : int\n", "numpy"],
    ["dashes under an unknown title alone", "Do it.\n\nHistory\n-------\nold\n", "plain"],
    ["an info field", "Do it.\n\n:returns: nothing\n", "sphinx"],
    ["an unknown field is not Sphinx style", "Do it.\n\n:copyright: me\n", "plain"],
    ["NumPy wins over a Sphinx role in the text", "Use :func:`f`.\n\nReturns\n-------\nint\n", "numpy"],
  ])("%s", (_name, text, style) => {
    expect(detectDocstringStyle(text)).toBe(style);
  });
});

describe("parsing rules", () => {
  it("keeps the style it is told to use", () => {
    const parsed = parseDocstring("Args:\n    x: y\n", { style: "plain" });
    expect(parsed).toEqual({ style: "plain", summary: "Args:\n    x: y", description: null, sections: [], xrefs: [] });
  });

  it("reads `:param int x:` as type then name", () => {
    const parsed = parseDocstring(":param int x: the x\n", { resolve });
    expect(parsed.sections).toEqual([
      { kind: "parameters", title: null, items: [{ name: "x", type: { text: "int", refs: [{ name: "int", id: "builtins:int" }] }, description: "the x" }] },
    ]);
  });

  it("reads reST-escaped stars as the parameter's name (`:param \\*\\*kwargs:`)", () => {
    const parsed = parseDocstring(":param \\*\\*kwargs: extra\n:param \\**kw: more\n");
    expect(parsed.sections).toEqual([
      { kind: "parameters", title: null, items: [{ name: "kwargs", type: null, description: "extra" }, { name: "kw", type: null, description: "more" }] },
    ]);
  });

  it("gives each name of `a, b : float` its own item", () => {
    const parsed = parseDocstring("f.\n\nParameters\n----------\na, b : float\n    Ends.\n");
    expect(parsed.sections).toEqual([
      {
        kind: "parameters",
        title: "Parameters",
        items: [
          { name: "a", type: { text: "float", refs: [{ name: "float", id: null }] }, description: "Ends." },
          { name: "b", type: { text: "float", refs: [{ name: "float", id: null }] }, description: "Ends." },
        ],
      },
    ]);
  });

  it("continues a Google item whose next line is not an item", () => {
    const parsed = parseDocstring("f.\n\nArgs:\n    x: one\n    and two\n");
    expect(parsed.sections).toEqual([{ kind: "parameters", title: "Args", items: [{ name: "x", type: null, description: "one\nand two" }] }]);
  });

  it("reads a Google Returns body without a type as text only", () => {
    const parsed = parseDocstring("f.\n\nReturns:\n    The sum of the two. Never negative.\n");
    expect(parsed.sections).toEqual([{ kind: "returns", title: "Returns", items: [{ name: null, type: null, description: "The sum of the two. Never negative." }] }]);
  });

  it("never throws on odd text", () => {
    for (const text of ["", "\n\n", "Args:", "Parameters\n---", ":param:", ":param x", "Raises:\n    :", "a\n-----\n-----\n"]) {
      expect(() => parseDocstring(text)).not.toThrow();
    }
  });
});
