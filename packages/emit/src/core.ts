/**
 * `@static-inspect/emit/core`: the bundle without Node (for browsers and Web Workers): building it
 * from a `Program` and encoding it as JSON text, with its types. The rest of the package (inventories
 * with `zlib`, validation, emitters) is in the main entry point.
 *
 * @packageDocumentation
 */
export { buildBundle, GENERATOR, objectView, type BundleOptions } from "./encode.ts";
export { encodeBundle } from "./encode-text.ts";
export type { Bundle, BundleDiagnostic, BundleObject, BundleObjectKind, BundleParameter, BundleSignature } from "./schema.ts";
