/**
 * One section of a Google or NumPy docstring, by its kind: the two styles lay sections out the same
 * way (an indented body of entries) and differ only in how a parameter's head reads, how returns are
 * written and how a free-text body is trimmed — the {@link SectionStyle}.
 */
import { entries, parameterItems, raiseItems, seeAlsoItems } from "./entries.ts";
import type { DocResolver, DocReturn, DocSection, DocSectionKind } from "./model.ts";
import { dedentText, exampleBlocks } from "./text.ts";

/** What a style decides inside a section. */
export interface SectionStyle {
  /** A parameter entry's head: names, type text and the first line of the description, or `null`. */
  parameterHead(head: string): { names: string; type: string | null; text: string } | null;
  /** The items of a Returns/Yields/Receives body. */
  returns(body: readonly string[], resolve: DocResolver | undefined): DocReturn[];
  /** The text of a free-text section body. */
  text(body: readonly string[]): string;
}

/** The section `title` of kind `kind` with `body` (its lines, indentation kept), read in `style`. */
export function styledSection(kind: DocSectionKind, title: string, body: readonly string[], resolve: DocResolver | undefined, style: SectionStyle): DocSection[] {
  switch (kind) {
    case "parameters":
    case "other_parameters":
    case "attributes": {
      const { items, stray } = parameterItems(entries(body), (h) => style.parameterHead(h), resolve);
      const out: DocSection[] = [{ kind, title, items }];
      if (stray.length > 0) out.push({ kind: "text", title: null, text: stray.join("\n") });
      return out;
    }
    case "returns":
    case "yields":
    case "receives":
      return [{ kind, title, items: style.returns(body, resolve) }];
    case "raises":
    case "warns":
      return [{ kind, title, items: raiseItems(entries(body), resolve) }];
    case "examples":
      return [{ kind, title, blocks: exampleBlocks(body) }];
    case "see_also":
      return [{ kind, title, items: seeAlsoItems(entries(body), resolve) }];
    case "deprecated":
      return [{ kind, title, version: null, text: dedentText(body) }];
    default:
      return [{ kind, title, text: style.text(body) }];
  }
}
