/** Validation of diff reports against their schema (ajv, JSON Schema 2020-12, strict mode). */
import Ajv2020 from "ajv/dist/2020.js";
import type { ValidationError } from "../validate.ts";
import { diffJsonSchema } from "./schema.ts";

let validator: ((data: unknown) => boolean) & { errors?: { instancePath: string; message?: string }[] | null } = null!;

/** Validates a parsed diff report against `diff.schema.json`; returns the errors, empty when valid. Never throws. */
export function validateDiffReport(data: unknown): ValidationError[] {
  if (!validator) validator = new Ajv2020.default({ strict: true, allErrors: true }).compile(diffJsonSchema());
  if (validator(data)) return [];
  return (validator.errors ?? []).map((e) => ({ instancePath: e.instancePath || "/", message: e.message ?? "invalid" }));
}
