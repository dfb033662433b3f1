// The builtins data is read lazily (data/builtins.ts, parseBuiltins): `modules` and `objects` are found by
// a binary search over the file's sorted lines and parsed entry by entry. They must read exactly as a
// whole JSON.parse of the same file, for every version's file, misses included.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { BUILTINS_VERSIONS, parseBuiltins } from "../../packages/analyzer/src/data/builtins.ts";

const dataFile = (python: string) => fileURLToPath(new URL(`../../packages/analyzer/data/builtins/${python}.json`, import.meta.url));

describe("the lazily parsed builtins data", () => {
  for (const python of BUILTINS_VERSIONS) {
    it(`reads as JSON.parse of data/builtins/${python}.json, entry by entry and whole`, () => {
      const text = readFileSync(dataFile(python), "utf8");
      const full = JSON.parse(text);
      const lazy = parseBuiltins(text);
      // Looked up one by one in a shuffled order (every probe of the binary search is exercised), then whole.
      const keys = Object.keys(full.objects);
      const order = keys.map((k, i) => [k, (i * 7919) % keys.length] as const).sort((a, b) => a[1] - b[1]);
      for (const [k] of order) {
        expect(k in lazy.objects).toBe(true);
        expect(lazy.objects[k]).toEqual(full.objects[k]);
      }
      for (const m of Object.keys(full.modules)) expect(lazy.modules[m]).toEqual(full.modules[m]);
      expect(Object.keys(lazy.objects)).toEqual(keys);
      expect(Object.keys(lazy.modules)).toEqual(Object.keys(full.modules));
      expect(JSON.parse(JSON.stringify(lazy))).toEqual(full);
    });
  }

  it("finds no key that is not an entry: before the first, after the last, between two, or on Object.prototype", () => {
    const data = parseBuiltins(readFileSync(dataFile("3.11"), "utf8"));
    const misses = ["", " ", "!", "~", "zzz:zzz", "builtins:int.", "builtins:in", "builtins:", "builtin:int", "builtinsx:int", ":", "a:b", "constructor", "__proto__", "toString", "hasOwnProperty"];
    for (const k of misses) {
      expect(k in data.objects).toBe(false);
      expect(data.objects[k]).toBeUndefined();
      expect(k in data.modules).toBe(false);
    }
    expect(data.modules.builtins!.names.constructor).toBeUndefined(); // a module's names have no prototype either
    expect(data.objects["builtins:int"]!.kind).toBe("class"); // found after misses in its module
    expect(data.objects["zzz:zzz"]).toBeUndefined(); // and a miss stays one
  });

  it("is read-only", () => {
    const data = parseBuiltins(readFileSync(dataFile("3.11"), "utf8"));
    expect(() => {
      (data.objects as Record<string, unknown>)["builtins:int"] = null;
    }).toThrow(TypeError);
    expect(data.objects["builtins:int"]!.kind).toBe("class");
  });

  it("parses a text without the generator's one-entry-per-line layout whole, with the same lookups", () => {
    const text = readFileSync(dataFile("3.11"), "utf8");
    const pretty = JSON.stringify(JSON.parse(text), null, 2);
    const data = parseBuiltins(pretty);
    expect(data.objects["builtins:int"]).toEqual(JSON.parse(text).objects["builtins:int"]);
    expect("constructor" in data.objects).toBe(false);
    expect(Object.getPrototypeOf(data.modules.builtins!.names)).toBeNull();
  });
});
