/**
 * A parsed docstring as Markdown: summary, description, parameters table (signature and docs
 * side by side), returns, raises, examples (doctest blocks as `pycon` fences), see also, notes,
 * deprecation.
 */
import type { BundleDocSection } from "../docstring-schema.ts";
import type { BundleObject, BundleParameter } from "../schema.ts";
import { cell, code, fence, prose, type RoleLinker } from "./text.ts";

/** What section rendering needs from the page: links to ids and to role targets. */
export interface SectionContext {
  /** A link to an object id from the current page, or `null` when it has no page. */
  readonly linkId: (id: string | null) => string | null;
  /** A link for a Sphinx role's target (resolved through the docstring's `xrefs`). */
  readonly linkRole: RoleLinker;
}

const STARS: Partial<Record<BundleParameter["kind"], string>> = { VAR_POSITIONAL: "*", VAR_KEYWORD: "**" };

/** `name` as a link when `id` has a page, else as code. */
export const named = (name: string, id: string | null, ctx: SectionContext): string => {
  const href = ctx.linkId(id);
  return href ? `[${code(name)}](${href})` : code(name);
};

/**
 * The parameters a caller passes: a method's `self` left out (inspect.signature of a function
 * accessed from its class lists it; a classmethod's signature is already bound and has no `cls`).
 */
export function shownParameters(o: BundleObject): readonly BundleParameter[] {
  const params = o.signature?.parameters ?? [];
  return o.kind === "method" ? params.slice(1) : params;
}

/** `|` escaped for a GFM table cell (needed inside code spans too: the row is split before inlines are read). */
const pipes = (text: string): string => text.replace(/\|/g, "\\|");

/** An annotation as code, linked when it is one name whose id has a page. */
function annotationCell(a: NonNullable<BundleParameter["annotation"]>, ctx: SectionContext): string {
  const shown = code(a.rendered ?? a.text);
  const only = a.refs.length === 1 ? ctx.linkId(a.refs[0]!.id) : null;
  return only ? `[${shown}](${only})` : shown;
}

/**
 * The parameters table: one row per signature parameter (name with `*`/`**`, annotation, default,
 * the documented text), then documented names the signature lacks, marked so. Empty when neither has any.
 */
export function parametersTable(o: BundleObject, ctx: SectionContext): string {
  const docs = new Map<string, { type: string | null; description: string }>();
  for (const s of o.docstring?.sections ?? []) {
    if (s.kind !== "parameters" && s.kind !== "other_parameters") continue;
    for (const p of s.items) if (!docs.has(p.name)) docs.set(p.name, { type: p.type?.text ?? null, description: p.description });
  }
  const params = shownParameters(o);
  const rows: string[] = [];
  const seen = new Set<string>();
  for (const p of params) {
    seen.add(p.name);
    const d = docs.get(p.name);
    const type = p.annotation ? pipes(annotationCell(p.annotation, ctx)) : d?.type ? cell(prose(d.type, ctx.linkRole)) : "";
    const dflt = p.default ? pipes(code(p.default.rendered ?? p.default.text)) : "";
    rows.push(`| ${code(`${STARS[p.kind] ?? ""}${p.name}`)} | ${type} | ${dflt} | ${d ? cell(prose(d.description, ctx.linkRole)) : ""} |`);
  }
  for (const [name, d] of docs) {
    if (seen.has(name) || !o.signature) continue;
    rows.push(`| ${code(name)} (not in the signature) | ${d.type ? cell(prose(d.type, ctx.linkRole)) : ""} | | ${cell(prose(d.description, ctx.linkRole))} |`);
  }
  if (!o.signature) {
    for (const [name, d] of docs) rows.push(`| ${code(name)} | ${d.type ? cell(prose(d.type, ctx.linkRole)) : ""} | | ${cell(prose(d.description, ctx.linkRole))} |`);
  }
  if (rows.length === 0) return "";
  return ["**Parameters**", "", "| Name | Type | Default | Description |", "| --- | --- | --- | --- |", ...rows].join("\n");
}

/** Summary, description and every section except parameters (see {@link parametersTable}), as Markdown blocks. */
export function docstringBlocks(o: BundleObject, ctx: SectionContext): string[] {
  const d = o.docstring;
  if (!d) return o.doc ? [prose(o.doc, ctx.linkRole)] : [];
  const out: string[] = [];
  const deprecated = d.sections.filter((s) => s.kind === "deprecated");
  for (const s of deprecated) {
    if (s.kind !== "deprecated") continue;
    const head = `**Deprecated${s.version ? ` since ${s.version}` : ""}.**`;
    out.push(`> ${head}${s.text ? " " + prose(s.text, ctx.linkRole).replace(/\n/g, "\n> ") : ""}`);
  }
  if (d.summary) out.push(prose(d.summary, ctx.linkRole));
  if (d.description) out.push(prose(d.description, ctx.linkRole));
  for (const s of d.sections) {
    if (s.kind === "deprecated" || s.kind === "parameters" || s.kind === "other_parameters") continue;
    const block = sectionBlock(s, o, ctx);
    if (block) out.push(block);
  }
  return out;
}

const TITLES: Record<BundleDocSection["kind"], string> = {
  parameters: "Parameters",
  other_parameters: "Other parameters",
  attributes: "Attributes",
  returns: "Returns",
  yields: "Yields",
  receives: "Receives",
  raises: "Raises",
  warns: "Warns",
  examples: "Examples",
  see_also: "See also",
  notes: "Notes",
  warnings: "Warning",
  references: "References",
  text: "",
  deprecated: "Deprecated",
};

function sectionBlock(s: BundleDocSection, o: BundleObject, ctx: SectionContext): string {
  const title = s.kind === "notes" && s.title ? s.title : TITLES[s.kind];
  const head = title ? `**${title}**\n\n` : "";
  const item = (lead: string, description: string) => `- ${lead}${description ? ` — ${prose(description, ctx.linkRole).replace(/\n/g, "\n  ")}` : ""}`;
  switch (s.kind) {
    case "attributes":
      return head + s.items.map((a) => item(`${code(a.name)}${a.type ? ` (${prose(a.type.text, ctx.linkRole)})` : ""}`, a.description)).join("\n");
    case "returns":
    case "yields":
    case "receives": {
      const annotated = s.kind === "returns" && s.items.length === 1 ? o.signature?.return_annotation : null;
      return (
        head +
        s.items
          .map((r) => {
            const type = annotated ? code(annotated.rendered ?? annotated.text) : r.type ? prose(r.type.text, ctx.linkRole) : "";
            const lead = [r.name ? code(r.name) : "", type].filter(Boolean).join(": ");
            return lead ? item(lead, r.description) : `- ${prose(r.description, ctx.linkRole).replace(/\n/g, "\n  ")}`;
          })
          .join("\n")
      );
    }
    case "raises":
    case "warns":
      return head + s.items.map((r) => item(named(r.exception, r.id, ctx), r.description)).join("\n");
    case "see_also":
      return head + s.items.map((r) => item(named(r.name, r.id, ctx), r.description)).join("\n");
    case "examples":
      return head + s.blocks.map((b) => (b.kind === "doctest" ? fence(b.text, "pycon") : prose(b.text, ctx.linkRole))).join("\n\n");
    case "notes":
    case "warnings":
    case "references":
    case "text":
      return s.text ? head + prose(s.text, ctx.linkRole) : "";
    default:
      return "";
  }
}
