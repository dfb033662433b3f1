/**
 * `@static-inspect/emit`: the bundle (what inspect reports, as JSON), its JSON Schema and validation.
 *
 * @packageDocumentation
 */
export { buildBundle, GENERATOR, objectView, type BundleOptions } from "./encode.ts";
export { encodeBundle, encodeBundleChunks, encodeProgramChunks, encodeProgramPieces, type EncodedCounts } from "./encode-text.ts";
export { bundlePaths, defaultRoot, SEARCH_PATH_PREFIX } from "./paths.ts";
export { createPartCache, type KeptUnit, type PartCache, type PartEntry } from "./part-cache.ts";
export { DocstringSchema, type BundleDocSection, type BundleDocstring } from "./docstring-schema.ts";
export { checkDocstrings, DOCSTRING_CHECKS, type DocstringCheckCode } from "./checks.ts";
export { docResolver, docstringView, parameterId } from "./docstrings.ts";
export {
  BundleSchema,
  bundleJsonSchema,
  DiagnosticSchema,
  ObjectSchema,
  PREDICATE_NAMES,
  SCHEMA_ID,
  SCHEMA_VERSION,
  type Bundle,
  type BundleDiagnostic,
  type BundleObject,
  type BundleObjectKind,
  type BundleParameter,
  type BundleSignature,
} from "./schema.ts";
export { isBundle, validateBundle, type ValidationError } from "./validate.ts";
export {
  anchorOf,
  commonDirectory,
  isDocumented,
  Layout,
  renderMarkdown,
  type LayoutOptions,
  type Location,
  type MarkdownOptions,
  type MarkdownOutput,
  type NavItem,
  type PageSpec,
} from "./markdown/index.ts";
export { decodeInventory, encodeInventory, inventoryEntries, inventoryRole, type Inventory, type InventoryEntry, type InventoryOptions } from "./objects-inv.ts";
export {
  buildCliSpecs,
  buildToolSchemas,
  checkStrictRules,
  strictSchema,
  type CliCommand,
  type CliParameter,
  type CliSpecDocument,
  type CliValueType,
  type JsonSchema,
  type JsonValue,
  type ParameterDescriber,
  type ToolSchema,
  type ToolSchemaDiagnostic,
  type ToolSchemaDiagnosticCode,
  type ToolSchemaDocument,
  type ToolSchemaOptions,
} from "./tool-schema/index.ts";
export {
  BREAKAGE_KINDS,
  DIFF_FORMATS,
  DIFF_SCHEMA_ID,
  DIFF_SCHEMA_VERSION,
  diffBundles,
  diffJsonSchema,
  DiffReportSchema,
  formatReport,
  isPrivateName,
  publicApi,
  resolveAlias,
  validateDiffReport,
  type ApiEntry,
  type Breakage,
  type BreakageKind,
  type DiffFormat,
  type DiffObject,
  type DiffOptions,
  type DiffReport,
  type PublicApi,
} from "./diff/index.ts";
export { isSimpleLiteral, renderStubs, type StubFile } from "./stubs/index.ts";
