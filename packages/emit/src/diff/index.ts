/**
 * API diffs between two bundles: the public API index, matching, breakage rules and formats.
 */
export { diffBundles, type DiffOptions } from "./diff.ts";
export { DIFF_FORMATS, formatReport, type DiffFormat } from "./format.ts";
export { isPrivateName, publicApi, resolveAlias, type ApiEntry, type PublicApi } from "./public-api.ts";
export { BREAKAGE_KINDS, DIFF_SCHEMA_ID, DIFF_SCHEMA_VERSION, diffJsonSchema, DiffReportSchema, type Breakage, type BreakageKind, type DiffObject, type DiffReport } from "./schema.ts";
export { validateDiffReport } from "./validate.ts";
