/**
 * The JSON Schema (2020-12) of `static-inspect diff --format json`, defined once with TypeBox; the
 * types are derived from it and `schema/diff.schema.json` is generated from it by `pnpm gen:schema`
 * (a test checks the committed file is current and validates reports with ajv).
 */
import { Type, type Static } from "@sinclair/typebox";
import { doc, Nullable, Strict } from "../schema-parts.ts";

/** The report format version, MAJOR.MINOR. */
export const DIFF_SCHEMA_VERSION = "1.0";

/** The diff schema's `$id`, written as the report's `$schema`. */
export const DIFF_SCHEMA_ID = "urn:static-inspect:diff:1";

/**
 * The breakage kinds, as griffe's `BreakageKind` members name them, then ours: what only the
 * inspect view shows (MRO, members as `getmembers_static` lists them, `inspect.signature(cls)`).
 */
export const BREAKAGE_KINDS = [
  "PARAMETER_MOVED",
  "PARAMETER_REMOVED",
  "PARAMETER_CHANGED_KIND",
  "PARAMETER_CHANGED_DEFAULT",
  "PARAMETER_CHANGED_REQUIRED",
  "PARAMETER_ADDED_REQUIRED",
  "RETURN_CHANGED_TYPE",
  "OBJECT_REMOVED",
  "OBJECT_CHANGED_KIND",
  "ATTRIBUTE_CHANGED_TYPE",
  "ATTRIBUTE_CHANGED_VALUE",
  "CLASS_REMOVED_BASE",
  "MRO_CHANGED",
  "INHERITED_MEMBER_LOST",
  "CLASS_SIGNATURE_CHANGED",
] as const;

/** One breakage kind: see {@link BREAKAGE_KINDS}. */
export type BreakageKind = (typeof BREAKAGE_KINDS)[number];

const Location = Type.Object(
  {
    file: doc("file", "The source file as the bundle names it (relative to the analysed folder when diff analysed it).", Type.String()),
    line: doc("line", "Line, 1-based: the first line of the definition (decorators included).", Type.Integer({ minimum: 1 })),
  },
  Strict,
);

const ApiObject = Type.Object(
  {
    path: doc("path", "The public path (pkg.mod.Class.name), aliases followed.", Type.String()),
    id: doc("id", "The object id (module:qualname) the path reaches; null for a name exported by __all__ that the bundle cannot resolve.", Nullable(Type.String())),
    kind: doc("kind", "The object's kind (the bundle's), null when unknown.", Nullable(Type.String())),
    location: doc("location", "Where it is defined, null when unknown.", Nullable(Location)),
  },
  Strict,
);

const BreakageSchema = Type.Object(
  {
    kind: doc("kind", "The breakage kind: griffe's BreakageKind member names, plus MRO_CHANGED, INHERITED_MEMBER_LOST and CLASS_SIGNATURE_CHANGED.", Type.Union(BREAKAGE_KINDS.map((k) => Type.Literal(k)))),
    severity: doc(
      "severity",
      "error: callers that worked can fail (removed, moved, required, kind); warning: behaviour may differ (a default, a value, a type annotation).",
      Type.Union([Type.Literal("error"), Type.Literal("warning")]),
    ),
    path: doc("path", "The public path of the object that broke.", Type.String()),
    parameter: doc("parameter", "The parameter concerned, for parameter kinds; null otherwise.", Nullable(Type.String())),
    message: doc("message", "What changed, in one sentence; not stable across versions.", Type.String()),
    old: doc("old", "The old value as text (a default's source, a kind, a position, an annotation), null when not applicable.", Nullable(Type.String())),
    new: doc("new", "The new value as text, null when not applicable (e.g. removed).", Nullable(Type.String())),
    oldId: doc("oldId", "The object's id in the old bundle.", Nullable(Type.String())),
    newId: doc("newId", "The object's id in the new bundle, null when removed.", Nullable(Type.String())),
    location: doc("location", "Where to point a reader: the new definition, or the old one when it is gone.", Nullable(Location)),
  },
  Strict,
);

/** The report of `diff`. */
export const DiffReportSchema = Type.Object(
  {
    $schema: doc("$schema", "The diff schema's $id.", Type.Literal(DIFF_SCHEMA_ID)),
    schemaVersion: doc("schemaVersion", "Report format version, MAJOR.MINOR.", Type.String({ pattern: "^\\d+\\.\\d+$" })),
    old: doc("old", "What the old side was (a bundle file, a path, REF:path).", Type.String()),
    new: doc("new", "What the new side was.", Type.String()),
    added: doc("added", "Public paths only in the new version (members of an added class are not repeated), sorted.", Type.Array(ApiObject)),
    removed: doc("removed", "Public paths only in the old version (members of a removed class are not repeated), sorted.", Type.Array(ApiObject)),
    breakages: doc("breakages", "The breakages, sorted by path, then kind, then parameter.", Type.Array(BreakageSchema)),
  },
  { ...Strict, $id: DIFF_SCHEMA_ID, title: "static-inspect API diff", description: "The public API change set between two versions of Python code, with breakages named as griffe names them." },
);

/** A diff report: see {@link DiffReportSchema}. */
export type DiffReport = Static<typeof DiffReportSchema>;
/** One breakage of a report. */
export type Breakage = Static<typeof BreakageSchema>;
/** One added or removed public object of a report. */
export type DiffObject = Static<typeof ApiObject>;

/** The JSON Schema document as committed in `schema/diff.schema.json` (with `$schema` 2020-12). */
export function diffJsonSchema(): Record<string, unknown> {
  return { $schema: "https://json-schema.org/draft/2020-12/schema", ...JSON.parse(JSON.stringify(DiffReportSchema)) };
}
