/**
 * Sphinx style: reStructuredText field lists as Sphinx's Python domain reads them ("info field
 * lists"): `:param [type] name:`, `:type name:`, `:raises Error:`, `:returns:`, `:rtype:`,
 * `:yields:`, `:ytype:`, `:keyword name:`, `:kwtype name:`, `:ivar/:cvar/:var name:`, `:vartype name:`.
 * A field's text continues on the lines indented under it.
 *
 * ```python
 * def send(message, *, priority=0):
 *     """Queue a message.
 *
 *     :param str message: What to send.
 *     :param priority: Lower goes first.
 *     :type priority: int
 *     :raises QueueFull: When no slot is left.
 *     :returns: The ticket number.
 *     :rtype: int
 *     """
 * ```
 */
import { describe } from "./entries.ts";
import type { DocParameter, DocRaise, DocResolver, DocReturn, DocSection } from "./model.ts";
import { dedentText, docType, indentOf, isBlank, splitNames, stripRole } from "./text.ts";

const FIELD = /^:([A-Za-z]+)(?:\s+([^:]*?(?::[a-z]+:`[^`]*`[^:]*?)*))?\s*:(?:\s+(.*)|$)/;

const PARAM = new Set(["param", "parameter", "arg", "argument"]);
const KEYWORD = new Set(["key", "keyword", "kwarg", "kwparam"]);
const VARIABLE = new Set(["var", "ivar", "cvar"]);
const RAISES = new Set(["raises", "raise", "except", "exception"]);
const KNOWN = new Set([
  ...PARAM,
  ...KEYWORD,
  ...VARIABLE,
  ...RAISES,
  "type",
  "kwtype",
  "vartype",
  "returns",
  "return",
  "rtype",
  "yields",
  "yield",
  "ytype",
  "meta",
]);

/** Whether line `i` starts one of the Python domain's info fields (at any indentation). */
export const isSphinxField = (line: string): boolean => {
  const m = FIELD.exec(line.trimStart());
  return m !== null && KNOWN.has(m[1]!);
};

/** Whether any line is a Python-domain info field. */
export const looksSphinx = (lines: readonly string[]): boolean => lines.some(isSphinxField);

interface Field {
  name: string;
  arg: string;
  text: string;
}

/**
 * Reads a Sphinx field-list docstring: the lines before the first field are the preamble; the
 * fields become parameters, other parameters (keywords), attributes (variables), raises, returns
 * and yields sections, in the order each first appears. Types given by `:type x:` join their
 * parameter; a `:type:` for a name never documented by `:param:` adds that parameter. Non-field lines after
 * the fields become a `text` section. Never throws.
 */
export function readSphinx(lines: readonly string[], resolve: DocResolver | undefined): { preamble: string[]; sections: DocSection[] } {
  let i = 0;
  const preamble: string[] = [];
  while (i < lines.length && !isSphinxField(lines[i]!)) preamble.push(lines[i++]!);
  const fields: Field[] = [];
  const loose: string[] = [];
  while (i < lines.length) {
    const line = lines[i]!;
    const m = FIELD.exec(line.trimStart());
    if (m && KNOWN.has(m[1]!)) {
      const indent = indentOf(line);
      const rest: string[] = [];
      i++;
      while (i < lines.length && (isBlank(lines[i]!) || indentOf(lines[i]!) > indent)) rest.push(lines[i++]!);
      fields.push({ name: m[1]!, arg: (m[2] ?? "").trim(), text: describe(m[3] ?? "", rest) });
    } else loose.push(lines[i++]!);
  }
  return { preamble, sections: [...fieldSections(fields, resolve), ...(dedentText(loose) ? [{ kind: "text" as const, title: null, text: dedentText(loose) }] : [])] };
}

function fieldSections(fields: readonly Field[], resolve: DocResolver | undefined): DocSection[] {
  type Item = { name: string; type: DocParameter["type"]; description: string };
  const groups = new Map<"parameters" | "other_parameters" | "attributes", Item[]>();
  const order: string[] = [];
  const touch = (k: string) => {
    if (!order.includes(k)) order.push(k);
  };
  const group = (k: "parameters" | "other_parameters" | "attributes") => {
    touch(k);
    if (!groups.has(k)) groups.set(k, []);
    return groups.get(k)!;
  };
  const raises: DocRaise[] = [];
  const returns: { type: DocReturn["type"]; description: string } = { type: null, description: "" };
  const yields: { type: DocReturn["type"]; description: string } = { type: null, description: "" };
  const named = (k: "parameters" | "other_parameters" | "attributes", name: string) => {
    const list = group(k);
    let item = list.find((x) => x.name === name);
    if (!item) list.push((item = { name, type: null, description: "" }));
    return item;
  };
  for (const f of fields) {
    const kind = PARAM.has(f.name) ? "parameters" : KEYWORD.has(f.name) ? "other_parameters" : VARIABLE.has(f.name) ? "attributes" : null;
    if (kind) {
      // `:param int x:` puts the type before the name; the name is the last word.
      const words = f.arg.split(/\s+/);
      const name = words.length > 1 ? words[words.length - 1]! : f.arg;
      for (const n of splitNames(name)) {
        const item = named(kind, n);
        item.description = f.text;
        if (words.length > 1) item.type = docType(words.slice(0, -1).join(" "), resolve);
      }
    } else if (f.name === "type" || f.name === "kwtype" || f.name === "vartype") {
      const k = f.name === "type" ? "parameters" : f.name === "kwtype" ? "other_parameters" : "attributes";
      for (const n of splitNames(f.arg)) named(k, n).type = docType(f.text.replace(/\n/g, " "), resolve);
    } else if (RAISES.has(f.name)) {
      touch("raises");
      for (const part of f.arg.split(/\s*(?:,|\bor\b)\s*/)) {
        const exception = stripRole(part);
        if (exception) raises.push({ exception, id: resolve ? resolve(exception) : null, description: f.text });
      }
    } else if (f.name === "returns" || f.name === "return") {
      touch("returns");
      returns.description = f.text;
    } else if (f.name === "rtype") {
      touch("returns");
      returns.type = docType(f.text.replace(/\n/g, " "), resolve);
    } else if (f.name === "yields" || f.name === "yield") {
      touch("yields");
      yields.description = f.text;
    } else if (f.name === "ytype") {
      touch("yields");
      yields.type = docType(f.text.replace(/\n/g, " "), resolve);
    }
  }
  return order.map((k): DocSection => {
    if (k === "raises") return { kind: "raises", title: null, items: raises };
    if (k === "returns") return { kind: "returns", title: null, items: [{ name: null, ...returns }] };
    if (k === "yields") return { kind: "yields", title: null, items: [{ name: null, ...yields }] };
    const kind = k as "parameters" | "other_parameters" | "attributes";
    return { kind, title: null, items: groups.get(kind)! };
  });
}
