/**
 * Entries of an indented section body, the shape Google and NumPy sections share: an entry starts
 * at a line of the body's smallest indentation, and the lines indented deeper (or blank) that follow
 * belong to it.
 */
import { NAMES, dedent, dedentText, docType, indentOf, isBlank, splitNames, stripRole } from "./text.ts";
import type { DocParameter, DocRaise, DocResolver, DocSeeAlso } from "./model.ts";

/** One entry: its first line (trimmed) and the lines under it (indentation kept). */
export interface Entry {
  readonly head: string;
  readonly rest: readonly string[];
}

/** Splits a section body into {@link Entry}s. */
export function entries(lines: readonly string[]): Entry[] {
  const nonBlank = lines.filter((l) => !isBlank(l));
  if (nonBlank.length === 0) return [];
  const base = Math.min(...nonBlank.map(indentOf));
  const out: { head: string; rest: string[] }[] = [];
  for (const line of lines) {
    if (!isBlank(line) && indentOf(line) <= base) out.push({ head: line.trim(), rest: [] });
    else if (out.length > 0) out[out.length - 1]!.rest.push(line);
  }
  return out;
}

/** The description of an entry: the text after the head's separator, then the dedented lines under it. */
export function describe(first: string, rest: readonly string[]): string {
  const under = dedent(rest);
  const lines = first.trim() ? [first.trim(), ...under] : under;
  return lines.join("\n").trim();
}

/** Parameters read from entries by `read`, which gives names, type text and first-line text or `null`; unmatched entries continue the previous one. */
export function parameterItems(
  list: readonly Entry[],
  read: (head: string) => { names: string; type: string | null; text: string } | null,
  resolve: DocResolver | undefined,
): { items: DocParameter[]; stray: string[] } {
  const items: { name: string; type: DocParameter["type"]; description: string }[] = [];
  const stray: string[] = [];
  for (const e of list) {
    const m = read(e.head);
    if (!m) {
      const last = items[items.length - 1];
      const text = describe(e.head, e.rest);
      if (last) last.description = last.description ? `${last.description}\n${text}` : text;
      else stray.push(text);
      continue;
    }
    const type = m.type === null ? null : docType(m.type, resolve);
    const description = describe(m.text, e.rest);
    for (const name of splitNames(m.names)) items.push({ name, type, description });
  }
  return { items, stray };
}

/** Google's item head: `name (type): text`, `name: text`, `*args: text`. */
export function googleParameterHead(head: string): { names: string; type: string | null; text: string } | null {
  const m = new RegExp(String.raw`^(${NAMES})\s*(?:\((.*)\))?\s*:(?:\s+(.*)|$)`).exec(head);
  if (m) return { names: m[1]!, type: m[2] ?? null, text: m[3] ?? "" };
  return null;
}

/** NumPy's item head: `name : type`, `name`, `x1, x2 : array_like`. */
export function numpyParameterHead(head: string): { names: string; type: string | null; text: string } | null {
  const m = new RegExp(String.raw`^(${NAMES})\s*(?::\s*(.*))?$`).exec(head);
  if (m) return { names: m[1]!, type: m[2]?.trim() ? m[2].trim() : null, text: "" };
  return null;
}

const EXCEPTION = String.raw`(?::(?:py:)?[a-z]+:)?\x60*~?[A-Za-z_][\w.]*\x60*`;

/** Raises/Warns items: `ValueError: text` (Google) or `ValueError` with text under it (NumPy); `A, B` gives two items. */
export function raiseItems(list: readonly Entry[], resolve: DocResolver | undefined): DocRaise[] {
  const items: { exception: string; id: string | null; description: string }[] = [];
  for (const e of list) {
    const m = new RegExp(String.raw`^(${EXCEPTION}(?:\s*(?:,|\bor\b|\|)\s*${EXCEPTION})*)\s*(?::(?:\s+(.*)|$)|$)`).exec(e.head);
    if (!m) {
      const last = items[items.length - 1];
      const text = describe(e.head, e.rest);
      if (last) last.description = last.description ? `${last.description}\n${text}` : text;
      else items.push({ exception: e.head, id: null, description: describe("", e.rest) });
      continue;
    }
    const description = describe(m[2] ?? "", e.rest);
    for (const part of m[1]!.split(/\s*(?:,|\bor\b|\|)\s*/)) {
      const exception = stripRole(part);
      if (exception) items.push({ exception, id: resolve ? resolve(exception) : null, description });
    }
  }
  return items;
}

/** "See Also" items: `name : text`, `name: text`, `a, b` (NumPy), with text under an entry too. */
export function seeAlsoItems(list: readonly Entry[], resolve: DocResolver | undefined): DocSeeAlso[] {
  const items: { name: string; id: string | null; description: string }[] = [];
  for (const e of list) {
    const colon = /^(.*?[^:\s`])\s*:(?:\s+(.*)|$)/.exec(e.head.replace(/`[^`]*`/g, (x) => x.replace(/:/g, "\u0000")));
    const namesText = (colon ? colon[1]! : e.head).replace(/\u0000/g, ":");
    const first = colon ? (colon[2] ?? "").replace(/\u0000/g, ":") : "";
    const description = describe(first, e.rest);
    for (const part of namesText.split(/,\s*/)) {
      const name = stripRole(part);
      if (name) items.push({ name, id: resolve ? resolve(name) : null, description });
    }
  }
  return items;
}

/** Returns-like item from a Google body: `type: text` when the part before the colon reads as a type, else text only. */
export function googleReturn(lines: readonly string[], resolve: DocResolver | undefined) {
  const body = dedent(lines);
  const first = body[0] ?? "";
  const m = /^([^:]+?)\s*:(?:\s+(.*)|$)/.exec(first.replace(/`[^`]*`/g, (x) => x.replace(/:/g, "\u0000")));
  const typeText = m?.[1]?.replace(/\u0000/g, ":");
  if (m && typeText && looksLikeType(typeText)) {
    return { name: null, type: docType(typeText, resolve), description: [(m[2] ?? "").replace(/\u0000/g, ":"), ...dedent(body.slice(1))].join("\n").trim() };
  }
  return { name: null, type: null, description: dedentText(body) };
}

/** Whether a text reads as a type rather than prose: no sentence punctuation, at most a few words outside brackets. */
export function looksLikeType(text: string): boolean {
  const outside = text.replace(/\[[^\]]*\]|\([^)]*\)|`[^`]*`/g, "X");
  if (/[.;!?](\s|$)/.test(outside)) return false;
  return outside.trim().split(/\s+/).length <= 4;
}
