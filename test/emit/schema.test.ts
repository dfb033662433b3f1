import { readFileSync } from "node:fs";
import path from "node:path";
import Ajv2020 from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { analyze } from "@static-inspect/analyzer";
import { buildBundle, bundleJsonSchema, encodeBundle, encodeBundleChunks, SCHEMA_ID, validateBundle } from "@static-inspect/emit";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
const sample = path.join(root, "samples/shapes");

describe("bundle schema", () => {
  it("is committed as generated from the TypeBox definition (run `pnpm gen:schema` after changing it)", () => {
    const committed = readFileSync(path.join(root, "packages/emit/schema/bundle.schema.json"), "utf8");
    expect(committed).toBe(JSON.stringify(bundleJsonSchema(), null, 2) + "\n");
  });

  it("compiles under ajv's strict mode as JSON Schema 2020-12", () => {
    const ajv = new Ajv2020.default({ strict: true });
    const schema = bundleJsonSchema();
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(schema.$id).toBe(SCHEMA_ID);
    expect(() => ajv.compile(schema)).not.toThrow();
  });

  it("gives every property a title and a description", () => {
    const missing: string[] = [];
    const visit = (node: unknown, at: string): void => {
      if (!node || typeof node !== "object") return;
      const n = node as Record<string, unknown>;
      if (n.properties && typeof n.properties === "object") {
        for (const [k, v] of Object.entries(n.properties as Record<string, Record<string, unknown>>)) {
          if (!v.title || !v.description) missing.push(`${at}/${k}`);
          visit(v, `${at}/${k}`);
        }
      }
      for (const key of ["items", "anyOf", "additionalProperties", "patternProperties"]) {
        const child = n[key];
        if (Array.isArray(child)) child.forEach((c, i) => visit(c, `${at}/${key}/${i}`));
        else visit(child, `${at}/${key}`);
      }
    };
    visit(bundleJsonSchema(), "");
    expect(missing).toEqual([]);
  });

  it("accepts the sample package's bundle and rejects a corrupted one", async () => {
    const bundle = JSON.parse(encodeBundle(buildBundle(await analyze({ paths: [sample] }))));
    expect(validateBundle(bundle)).toEqual([]);
    bundle.objects[0].kind = "gadget";
    delete bundle.objects[1].signature;
    const errors = validateBundle(bundle).map((e) => e.instancePath);
    expect(errors).toContain("/objects/0/kind");
    expect(errors).toContain("/objects/1");
  });

  it("encodes in chunks to exactly the same bytes, compact and pretty", async () => {
    const bundle = buildBundle(await analyze({ paths: [sample] }));
    for (const indent of [0, 2]) expect([...encodeBundleChunks(bundle, indent)].join("")).toBe(encodeBundle(bundle, indent));
  });

  it("writes the same bytes for the same input", async () => {
    const a = encodeBundle(buildBundle(await analyze({ paths: [sample] })));
    const b = encodeBundle(buildBundle(await analyze({ paths: [sample] })));
    expect(a).toBe(b);
    expect(a.length).toBeGreaterThan(1000);
  });
});
