// Writes packages/emit/schema/{bundle,diff}.schema.json from the TypeBox definitions (the one source of truth).
import { writeFileSync, mkdirSync } from "node:fs";
import { bundleJsonSchema } from "../src/schema.ts";
import { diffJsonSchema } from "../src/diff/schema.ts";

mkdirSync(new URL("../schema/", import.meta.url), { recursive: true });
for (const [name, schema] of [["bundle", bundleJsonSchema()], ["diff", diffJsonSchema()]] as const) {
  const out = new URL(`../schema/${name}.schema.json`, import.meta.url);
  writeFileSync(out, JSON.stringify(schema, null, 2) + "\n");
  console.log(`wrote ${out.pathname}`);
}
