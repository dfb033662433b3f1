/**
 * `@static-inspect/parser`: Python source to a typed syntax facade. The only package that imports Lezer.
 *
 * @packageDocumentation
 */
export { decodeSource, findCodingCookie, type DecodedSource } from "./decode.ts";
export type { Diagnostic, Severity } from "./diagnostic.ts";
export { parse, parseBytes, PARSE_DEFAULTS, type ParseOptions, type ParsedModule } from "./parse.ts";
export { LineIndex, type Span } from "./span.ts";
export { evaluateStringLiteral, type StringValue } from "./strings.ts";
export type * from "./syntax.ts";
