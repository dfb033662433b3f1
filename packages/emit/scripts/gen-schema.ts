// Writes packages/emit/schema/bundle.schema.json from the TypeBox definition (the one source of truth).
import { writeFileSync, mkdirSync } from "node:fs";
import { bundleJsonSchema } from "../src/schema.ts";

const out = new URL("../schema/bundle.schema.json", import.meta.url);
mkdirSync(new URL("../schema/", import.meta.url), { recursive: true });
writeFileSync(out, JSON.stringify(bundleJsonSchema(), null, 2) + "\n");
console.log(`wrote ${out.pathname}`);
