/**
 * The Sphinx inventory, version 2 (`objects.inv`, what intersphinx downloads): four header lines,
 * then zlib-compressed lines `name domain:role priority uri dispname`. URIs point at the anchors of
 * the Markdown pages (`emit markdown` with the same layout options), with `.md` replaced by the
 * built site's page suffix.
 */
import { deflateSync, inflateSync } from "node:zlib";
import { Layout, type LayoutOptions } from "./markdown/layout.ts";
import type { Bundle, BundleObject } from "./schema.ts";

/** One inventory line. */
export interface InventoryEntry {
  /** The object's dotted path: `module` or `module.qualname`. */
  readonly name: string;
  /** `py:module`, `py:class`, `py:exception`, `py:function`, `py:method`, `py:classmethod`, `py:staticmethod`, `py:property`, `py:attribute` or `py:data`. */
  readonly role: string;
  /** Sphinx's search priority: 0 for modules, 1 for other objects (as Sphinx's Python domain writes them). */
  readonly priority: number;
  /** The URI relative to the documentation root (a `$` at the end stands for the name, Sphinx's shorthand). */
  readonly uri: string;
  /** The display name, `-` when it equals `name`. */
  readonly dispname: string;
}

/** Options of {@link inventoryEntries}: the Markdown layout, and how page files map to URLs. */
export interface InventoryOptions extends LayoutOptions {
  /** Prefix written before every URI (the site root as intersphinx users would put it in the mapping); default "". */
  readonly baseUrl?: string;
  /** What replaces `.md` in page names: `.html` (default; VitePress, MkDocs with `use_directory_urls: false`), or "" for extensionless URLs. */
  readonly pageSuffix?: string;
}

/** The inventory role of an object kind, as Sphinx's Python domain names its object types. */
export function inventoryRole(o: BundleObject, parentKind: BundleObject["kind"] | null): string {
  switch (o.kind) {
    case "module":
      return "py:module";
    case "class":
      return o.mro?.includes("builtins:BaseException") ? "py:exception" : "py:class";
    case "function":
      return "py:function";
    case "method":
      return "py:method";
    case "classmethod":
      return "py:classmethod";
    case "staticmethod":
      return "py:staticmethod";
    case "property":
    case "cached_property":
      return "py:property";
    default: // attribute
      return parentKind === "class" ? "py:attribute" : "py:data";
  }
}

/**
 * One entry per object shown in the Markdown output (every object but those under `<locals>`),
 * in bundle order. Names are `module.qualname` with the module of the object's id.
 */
export function inventoryEntries(bundle: Bundle, options: InventoryOptions = {}): InventoryEntry[] {
  const layout = new Layout(bundle, options);
  const suffix = options.pageSuffix ?? ".html";
  const out: InventoryEntry[] = [];
  for (const o of layout.objects.values()) {
    const at = layout.locate(o.id);
    if (!at) continue;
    const colon = o.id.indexOf(":");
    const name = colon < 0 ? o.id : `${o.id.slice(0, colon)}.${o.id.slice(colon + 1)}`;
    const parentKind = o.parent ? (layout.objects.get(o.parent)?.kind ?? null) : null;
    const page = at.file.replace(/\.md$/, suffix);
    out.push({ name, role: inventoryRole(o, parentKind), priority: o.kind === "module" ? 0 : 1, uri: `${options.baseUrl ?? ""}${page}#${at.anchor}`, dispname: "-" });
  }
  return out;
}

const HEADER = "# Sphinx inventory version 2";

/** The `objects.inv` bytes: the header (project, version) and the zlib-compressed entry lines. Never throws. */
export function encodeInventory(entries: readonly InventoryEntry[], project: string, version: string): Uint8Array {
  const oneLine = (s: string) => s.replace(/[\r\n]+/g, " ");
  const header = `${HEADER}\n# Project: ${oneLine(project)}\n# Version: ${oneLine(version)}\n# The remainder of this file is compressed using zlib.\n`;
  const body = entries.map((e) => `${e.name} ${e.role} ${e.priority} ${e.uri} ${e.dispname}\n`).join("");
  return Buffer.concat([Buffer.from(header, "utf8"), deflateSync(Buffer.from(body, "utf8"))]);
}

/** A decoded inventory. */
export interface Inventory {
  readonly project: string;
  readonly version: string;
  readonly entries: readonly InventoryEntry[];
}

/**
 * Reads `objects.inv` bytes (version 2), as intersphinx does: `$` in a URI is kept as written.
 *
 * @throws RangeError when the header is not version 2's or the compressed part does not inflate.
 */
export function decodeInventory(bytes: Uint8Array): Inventory {
  const buf = Buffer.from(bytes);
  const lines: string[] = [];
  let at = 0;
  for (let i = 0; i < 4; i++) {
    const nl = buf.indexOf(10, at);
    if (nl < 0) throw new RangeError("not a Sphinx inventory: header is cut short");
    lines.push(buf.subarray(at, nl).toString("utf8"));
    at = nl + 1;
  }
  if (lines[0] !== HEADER) throw new RangeError(`not a Sphinx inventory version 2: ${JSON.stringify(lines[0])}`);
  let body: string;
  try {
    body = inflateSync(buf.subarray(at)).toString("utf8");
  } catch (error) {
    throw new RangeError(`inventory body does not inflate: ${(error as Error).message}`);
  }
  const entries: InventoryEntry[] = [];
  for (const line of body.split("\n")) {
    const m = /^(.+?)\s+(\S+:\S+)\s+(-?\d+)\s+(\S*)\s+(.*)$/.exec(line.trimEnd());
    if (m) entries.push({ name: m[1]!, role: m[2]!, priority: Number(m[3]), uri: m[4]!, dispname: m[5]! });
  }
  return { project: lines[1]!.replace(/^# Project: /, ""), version: lines[2]!.replace(/^# Version: /, ""), entries };
}
