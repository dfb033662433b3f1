/**
 * One Markdown page: the module (or, split, the class) at the top, then every object under it with
 * an anchor, a heading, its signature as `inspect` prints it (overloads first), bases and MRO,
 * source and availability, the docstring's sections, and for classes the members grouped as own
 * and inherited (with the owning class).
 */
import type { BundleObject } from "../schema.ts";
import { anchorOf, type Layout } from "./layout.ts";
import { docstringBlocks, named, parametersTable, type SectionContext } from "./sections.ts";
import { code, fence, prose, roleTarget } from "./text.ts";

/** What a page needs besides the bundle: the layout, and how to show source locations. */
export interface PageContext {
  readonly layout: Layout;
  /** Line-URL template: `{path}` (relative to `sourceRoot`, `/`-separated), `{line}`, `{endLine}`, `{module}`. */
  readonly sourceUrl?: string;
  /** The directory source paths are shown relative to. */
  readonly sourceRoot: string;
}

const KIND_LABEL: Record<BundleObject["kind"], string> = {
  module: "module",
  class: "class",
  function: "function",
  method: "method",
  staticmethod: "staticmethod",
  classmethod: "classmethod",
  property: "property",
  cached_property: "cached_property",
  attribute: "attribute",
  alias: "alias",
};

/** Kinds in the order a module's or class's members are shown. */
const ORDER: readonly BundleObject["kind"][] = ["class", "function", "classmethod", "staticmethod", "method", "property", "cached_property", "attribute", "alias", "module"];

/** The Markdown of page `file` whose top objects are `roots` (modules or a class); `level` is the roots' heading level. */
export function renderPage(file: string, roots: readonly string[], ctx: PageContext, level: number, title?: string): string {
  const parts: string[] = title ? [`# ${title}`] : [];
  for (const id of roots) {
    const o = ctx.layout.objects.get(id);
    if (o) parts.push(...objectBlocks(o, file, ctx, level));
  }
  return parts.join("\n\n") + "\n";
}

function relativePath(file: string, root: string): string {
  const f = file.replace(/\\/g, "/");
  const r = root.replace(/\\/g, "/").replace(/\/?$/, "/");
  return root && f.startsWith(r) ? f.slice(r.length) : f;
}

function signatureBlock(o: BundleObject): string | null {
  const lines: string[] = [];
  const prefix = o.predicates.iscoroutinefunction ? "async " : "";
  for (const s of o.overloads ?? []) lines.push(`@overload\n${prefix}${o.name}${s.text}`);
  if (o.signature && o.kind !== "property" && o.kind !== "cached_property") lines.push(`${prefix}${o.name}${o.signature.text}`);
  else if (o.kind === "property" || o.kind === "cached_property") {
    const ret = o.signature?.return_annotation;
    lines.push(`${o.name}${ret ? `: ${ret.rendered ?? ret.text}` : ""}`);
  } else if (o.kind === "attribute") {
    lines.push(`${o.name}${o.annotation ? `: ${o.annotation.rendered ?? o.annotation.text}` : ""}${o.value !== null ? ` = ${o.value.length > 200 ? o.value.slice(0, 200) + "…" : o.value}` : ""}`);
  }
  return lines.length > 0 ? fence(lines.join("\n"), "python") : null;
}

function objectBlocks(o: BundleObject, file: string, ctx: PageContext, level: number): string[] {
  const { layout } = ctx;
  const link = (id: string | null) => (id ? layout.href(file, id) : null);
  const xrefs = new Map((o.docstring?.xrefs ?? []).map((x) => [x.name, x.id]));
  const section: SectionContext = { linkId: link, linkRole: (target) => link(xrefs.get(roleTarget(target)) ?? null) };
  const h = "#".repeat(Math.min(level, 6));
  const shownName = o.kind === "module" ? o.id : o.qualname ?? o.name;
  const out: string[] = [`<a id="${anchorOf(o.id)}"></a>\n\n${h} ${KIND_LABEL[o.kind]} ${code(level <= 2 ? shownName : o.name)}`];
  const sig = signatureBlock(o);
  if (sig) out.push(sig);
  const facts: string[] = [];
  if (o.bases && o.bases.length > 0) facts.push(`*Bases:* ${o.bases.map((b) => named(b.text, b.id, section)).join(", ")}`);
  if (o.mro && o.mro.length > 2) facts.push(`*MRO:* ${o.mro.map((id) => named(id, id, section)).join(" → ")}`);
  if (o.wrapped && o.wrapped !== o.id) facts.push(`*Wraps:* ${named(o.wrapped, o.wrapped, section)}`);
  if (o.instance) facts.push(`*Instance attribute:* set in ${code("__init__")}`);
  if (o.conditions.length > 0) facts.push(`*Available when:* ${o.conditions.map(code).join(" and ")}`);
  if (o.alternatives) facts.push(`*Other branches:* ${o.alternatives.map(alternativeText).join("; ")}`);
  const where = relativePath(o.file, ctx.sourceRoot);
  const line = o.sourcelines?.lineno || o.span.line;
  if (ctx.sourceUrl) {
    const url = ctx.sourceUrl
      .replace(/\{path\}/g, encodeURI(where))
      .replace(/\{line\}/g, String(line))
      .replace(/\{endLine\}/g, String(o.span.endLine))
      .replace(/\{module\}/g, o.module);
    facts.push(`*Source:* [${code(`${where}:${line}`)}](${url})`);
  } else facts.push(`*Source:* ${code(`${where}:${line}`)}`);
  out.push(facts.join("  \n"));
  // An attribute's own docstring or `#:` comment (inspect's doc of an attribute is its value's type's).
  if (o.attribute_doc) out.push(prose(o.attribute_doc.text, section.linkRole));
  out.push(...docstringBlocks(o, section));
  const table = parametersTable(o, section);
  if (table) out.push(table);
  const children = [...(layout.children.get(o.id) ?? [])].sort(
    (a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind) || a.span.line - b.span.line || (a.id < b.id ? -1 : 1),
  );
  if (o.kind === "class") {
    const inherited = inheritedBlock(o, file, ctx, section);
    if (inherited) out.push(inherited);
  }
  for (const c of children) {
    const at = layout.locate(c.id);
    if (at && at.file === file) out.push(...objectBlocks(c, file, ctx, level + 1));
    else if (at) out.push(`- ${KIND_LABEL[c.kind]} ${named(c.qualname ?? c.name, c.id, section)}`);
  }
  return out;
}

/** One alternative definition: its tests (or its import guard), kind and line, and whether it may be the one in effect. */
function alternativeText(a: NonNullable<BundleObject["alternatives"]>[number]): string {
  const guards = a.guards.map((g) => `${g.modules.map(code).join(", ")} ${g.succeeds ? "importable" : "not importable"}`);
  const when = [...(a.condition !== null ? [code(a.condition)] : []), ...guards].join(" and ") || "unconditionally";
  return `${when} (${a.kind}, line ${a.lineno}${a.in_effect === null ? ", may be in effect" : ""})`;
}

/** Inherited members grouped by the class that owns them, in MRO order, each linked where it has a page. */
function inheritedBlock(o: BundleObject, file: string, ctx: PageContext, section: SectionContext): string | null {
  if (!o.members) return null;
  const groups = new Map<string, string[]>();
  for (const m of o.members) {
    if (m.owner === null || m.owner === o.id) continue;
    const list = groups.get(m.owner) ?? [];
    list.push(m.name);
    groups.set(m.owner, list);
  }
  if (groups.size === 0) return null;
  const order = [...groups.keys()].sort((a, b) => (o.mro?.indexOf(a) ?? 0) - (o.mro?.indexOf(b) ?? 0));
  const lines = order.map((owner) => {
    const names = groups.get(owner)!.map((n) => {
      const href = ctx.layout.href(file, `${owner}.${n}`);
      return href ? `[${code(n)}](${href})` : code(n);
    });
    return `- from ${named(owner, owner, section)}: ${names.join(", ")}`;
  });
  return ["**Inherited members**", "", ...lines].join("\n");
}
