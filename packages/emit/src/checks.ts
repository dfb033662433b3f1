/**
 * Docstring–signature checks (`analyze --check-docstrings`), the ones pydoclint and darglint users
 * rely on, computed from a bundle's data alone (the parsed `docstring`, the `signature` and its
 * annotations' resolved ids). Only an object's own docstring is checked (`rawDoc` not null): an
 * inherited one is its base's author's to fix.
 */
import type { BundleDiagnostic, BundleObject } from "./schema.ts";

/**
 * The diagnostic codes the checks report, each with what it means. All have severity `warning` and
 * point at the definition's first line (decorators included), columns 0–0.
 */
export const DOCSTRING_CHECKS = {
  /** A Parameters section names a parameter the signature does not have (`*`/`**` ignored in the comparison). */
  "docstring-unknown-parameter": "a documented parameter is not in the signature",
  /**
   * The docstring documents some parameters (in Parameters or Other Parameters) but not this one.
   * Not required: a method's first parameter (`self`; a classmethod's signature has no `cls`), `*args` and `**kwargs`.
   */
  "docstring-missing-parameter": "a parameter is left undocumented while others are documented",
  /**
   * The documented type and the annotation both resolve, every name in each, and no class of one
   * is the other's or in its MRO (as far as the bundle knows MROs): `x (int)` against `x: str`.
   * typing's aliases count as their builtins (`typing:List` is `builtins:list`); `Optional`/`Union`
   * are looked through; types using other typing or collections.abc names, or an unresolved name,
   * are not checked.
   */
  "docstring-type-mismatch": "a documented type contradicts the annotation",
} as const;

/** A code of {@link DOCSTRING_CHECKS}. */
export type DocstringCheckCode = keyof typeof DOCSTRING_CHECKS;

const TYPING_BUILTINS: Record<string, string> = {
  List: "builtins:list",
  Dict: "builtins:dict",
  Set: "builtins:set",
  FrozenSet: "builtins:frozenset",
  Tuple: "builtins:tuple",
  Type: "builtins:type",
  Text: "builtins:str",
};

/** typing's special forms that say nothing about the class (`Optional[int]` is about int). */
const STRUCTURAL = new Set(["typing:Optional", "typing:Union", "typing:Annotated", "typing:ClassVar", "typing:Final", "builtins:NoneType"]);

const normal = (id: string): string => (id.startsWith("typing:") && TYPING_BUILTINS[id.slice(7)]) || id;

/**
 * The diagnostics of the docstring checks for every object of a bundle, in object order. Never
 * throws; objects without a parsed docstring or a signature are skipped.
 */
export function checkDocstrings(objects: readonly BundleObject[]): BundleDiagnostic[] {
  const out: BundleDiagnostic[] = [];
  const mros = new Map(objects.filter((o) => o.mro).map((o) => [o.id, o.mro!]));
  for (const o of objects) {
    if (!o.docstring || !o.signature || o.rawDoc === null) continue;
    const at = (code: DocstringCheckCode, message: string): BundleDiagnostic => ({
      code,
      severity: "warning",
      message: `${o.id}: ${message}`,
      path: o.file,
      span: { line: o.span.line, column: 0, endLine: o.span.line, endColumn: 0 },
    });
    const params = o.signature.parameters;
    const byName = new Map(params.map((p) => [p.name, p]));
    const documented = new Set<string>();
    for (const s of o.docstring.sections) {
      if (s.kind !== "parameters" && s.kind !== "other_parameters") continue;
      for (const item of s.items) {
        documented.add(item.name);
        const p = byName.get(item.name);
        if (!p) {
          if (s.kind === "parameters") out.push(at("docstring-unknown-parameter", `documents parameter '${item.name}', which the signature ${o.signature.text} lacks`));
          continue;
        }
        if (item.type && p.annotation && contradicts(item.type.refs, p.annotation.refs, mros)) {
          out.push(at("docstring-type-mismatch", `documents '${item.name}' as ${item.type.text} but it is annotated ${p.annotation.text}`));
        }
      }
    }
    if (![...documented].some((n) => byName.has(n))) continue;
    // inspect.signature of a function accessed from its class keeps `self`; a classmethod's is bound already.
    const bound = o.kind === "method" ? params[0]?.name : undefined;
    for (const p of params) {
      if (p.name === bound || p.kind === "VAR_POSITIONAL" || p.kind === "VAR_KEYWORD" || documented.has(p.name)) continue;
      out.push(at("docstring-missing-parameter", `does not document parameter '${p.name}'`));
    }
  }
  return out;
}

/**
 * Whether a documented type's ids and an annotation's ids share no class, either way along the
 * MROs the bundle knows (`list` documented against `MyList` annotated is no contradiction when
 * MyList derives from list). Abstract types (`typing:Sequence`, `collections.abc:…`) are not
 * compared: which classes they admit is not a matter of MROs.
 */
function contradicts(doc: readonly { id: string | null }[], annotation: readonly { id: string | null }[], mros: ReadonlyMap<string, readonly string[]>): boolean {
  if (doc.length === 0 || annotation.length === 0) return false;
  if (doc.some((r) => r.id === null) || annotation.some((r) => r.id === null)) return false;
  const a = annotation.map((r) => normal(r.id!)).filter((id) => !STRUCTURAL.has(id));
  const d = doc.map((r) => normal(r.id!)).filter((id) => !STRUCTURAL.has(id));
  if (a.length === 0 || d.length === 0) return false;
  if ([...a, ...d].some((id) => id.startsWith("typing:") || id.startsWith("typing_extensions:") || id.startsWith("collections.abc:"))) return false;
  const related = (x: string, y: string) => x === y || (mros.get(x)?.includes(y) ?? false) || (mros.get(y)?.includes(x) ?? false);
  return !d.some((x) => a.some((y) => related(x, y)));
}
