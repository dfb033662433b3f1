/**
 * The building blocks every schema module of the bundle uses: a titled, described property, a
 * nullable type, and the closed-object option.
 */
import { Type, type TSchema } from "@sinclair/typebox";

/** `schema` with a JSON Schema `title` and `description` (every property of the bundle has both). */
export const doc = <T extends TSchema>(title: string, description: string, schema: T): T => ({ ...schema, title, description }) as T;

/** `schema` or `null`. */
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** Objects allow no properties beyond those listed. */
export const Strict = { additionalProperties: false } as const;
