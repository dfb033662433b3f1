/**
 * Per-callable JSON Schemas of arguments (as pydantic v2 builds them), their OpenAI-strict variant
 * and a checker of the strict rules, and the CLI specs a Typer/argparse-style generator consumes.
 */
export type { AnnotationSource, JsonSchema } from "./annotation.ts";
export { SchemaBuilder } from "./annotation.ts";
export { argumentsSchema, boundParameters, type ParameterDescriber } from "./arguments.ts";
export { BundleIndex, type ClassShape } from "./bundle-index.ts";
export type { ToolSchemaDiagnostic, ToolSchemaDiagnosticCode } from "./diagnostics.ts";
export { dottedName, literalJson, parseExpression, type JsonValue, type PyConstant, type PyExpr } from "./expression.ts";
export { checkStrictRules, STRICT_LIMITS } from "./strict-rules.ts";
export { STRICT_FORMATS, STRICT_KEYWORDS, strictSchema } from "./strict.ts";
export { buildToolSchemas, isCallable, summaryLine, type ToolSchema, type ToolSchemaDocument, type ToolSchemaOptions } from "./tool-schema.ts";
export { buildCliSpecs, type CliCommand, type CliParameter, type CliSpecDocument, type CliValueType } from "./cli-spec.ts";
