import Ajv2020 from "ajv/dist/2020.js";
import { bundleJsonSchema, type Bundle } from "./schema.ts";

/** One schema violation: where (a JSON Pointer into the document) and what. */
export interface ValidationError {
  readonly instancePath: string;
  readonly message: string;
}

let validator: ((data: unknown) => boolean) & { errors?: { instancePath: string; message?: string }[] | null } = null!;

/**
 * Validates a parsed JSON document against the bundle schema (JSON Schema 2020-12, ajv in strict
 * mode). Returns the errors, empty when valid. Never throws for invalid documents.
 */
export function validateBundle(data: unknown): ValidationError[] {
  if (!validator) {
    const ajv = new Ajv2020.default({ strict: true, allErrors: true });
    validator = ajv.compile(bundleJsonSchema());
  }
  if (validator(data)) return [];
  return (validator.errors ?? []).map((e) => ({ instancePath: e.instancePath || "/", message: e.message ?? "invalid" }));
}

/** Type guard form of {@link validateBundle}. */
export function isBundle(data: unknown): data is Bundle {
  return validateBundle(data).length === 0;
}
