/**
 * The parsed form of a docstring: what doc generators (Sphinx's napoleon, griffe) read out of the
 * text `inspect.getdoc` returns, in typed sections. Plain JSON data: every field is a string,
 * number, array, object or `null`.
 */

/**
 * The docstring conventions recognised.
 * - `google`: the Google Python Style Guide's `Args:` / `Returns:` sections (what napoleon reads);
 * - `numpy`: numpydoc's `Parameters` headers underlined with dashes;
 * - `sphinx`: reStructuredText field lists (`:param x:`, `:type x:`, `:raises E:`, `:returns:`);
 * - `plain`: none of these; only the summary and the description are read.
 */
export type DocstringStyle = "google" | "numpy" | "sphinx" | "plain";

/** Every {@link DocstringStyle}, in the order detection prefers them. */
export const DOCSTRING_STYLES: readonly DocstringStyle[] = ["numpy", "sphinx", "google", "plain"];

/** A dotted name found in the docstring and what the resolver made of it (`null`: unresolved). */
export interface DocRef {
  /** The name as written, without Sphinx's `~` and leading `.` (`os.path.join`). */
  readonly name: string;
  /** The id it resolves to (`module:qualname`, or a module's dotted name), or `null`. */
  readonly id: string | null;
}

/** A type as a docstring writes it (`int, optional`, ``list of `Foo` ``) with the names in it resolved. */
export interface DocType {
  /** The type text as written. */
  readonly text: string;
  /** The dotted names in the text (words such as `optional`, `or`, `of` left out), each resolved. */
  readonly refs: readonly DocRef[];
}

/** One documented parameter or attribute. */
export interface DocParameter {
  /** The name, without `*`/`**` (as `inspect.Parameter.name` spells it). */
  readonly name: string;
  /** The type text, or `null` when the docstring gives none. */
  readonly type: DocType | null;
  /** The description, dedented, lines joined with `\n`; empty when none. */
  readonly description: string;
}

/** One documented return value, yielded value or value received by `send()`. */
export interface DocReturn {
  /** The value's name (NumPy's `name : type`), or `null`. */
  readonly name: string | null;
  readonly type: DocType | null;
  readonly description: string;
}

/** One documented exception (Raises) or warning category (Warns). */
export interface DocRaise {
  /** The exception as written (`ValueError`, `os.error`), roles and backquotes removed. */
  readonly exception: string;
  /** What the name resolves to, or `null`. */
  readonly id: string | null;
  readonly description: string;
}

/** One "See Also" entry. */
export interface DocSeeAlso {
  /** The target as written, roles and backquotes removed. */
  readonly name: string;
  readonly id: string | null;
  readonly description: string;
}

/** A piece of an Examples section: prose, or a doctest block (`>>>` lines and their output) kept verbatim. */
export interface DocExampleBlock {
  readonly kind: "text" | "doctest";
  readonly text: string;
}

/** A section of a docstring. `title` is the header as written (`Args`, `Parameters`), `null` for field lists and directives. */
export type DocSection =
  | { readonly kind: "parameters" | "other_parameters" | "attributes"; readonly title: string | null; readonly items: readonly DocParameter[] }
  | { readonly kind: "returns" | "yields" | "receives"; readonly title: string | null; readonly items: readonly DocReturn[] }
  | { readonly kind: "raises" | "warns"; readonly title: string | null; readonly items: readonly DocRaise[] }
  | { readonly kind: "examples"; readonly title: string | null; readonly blocks: readonly DocExampleBlock[] }
  | { readonly kind: "see_also"; readonly title: string | null; readonly items: readonly DocSeeAlso[] }
  | { readonly kind: "notes" | "warnings" | "references" | "text"; readonly title: string | null; readonly text: string }
  | { readonly kind: "deprecated"; readonly title: string | null; readonly version: string | null; readonly text: string };

/** The kinds of {@link DocSection}. */
export type DocSectionKind = DocSection["kind"];

/** A cross-reference written with a Sphinx role (`` :class:`Foo` ``, `` :meth:`~a.B.c` ``). */
export interface DocXref extends DocRef {
  /** The role without the `py:` domain (`class`, `func`, `meth`, `exc`, `attr`, `mod`, `data`, `obj`, `const`). */
  readonly role: string;
}

/** A docstring parsed into sections. */
export interface ParsedDocstring {
  /** The style the sections were read with (detected or forced). */
  readonly style: DocstringStyle;
  /** The first paragraph, `null` when the docstring starts with a section. */
  readonly summary: string | null;
  /** The text between the summary and the first section, `null` when empty. */
  readonly description: string | null;
  /** The sections in source order. */
  readonly sections: readonly DocSection[];
  /** Sphinx-role cross-references anywhere in the text, in order of first appearance, each once. */
  readonly xrefs: readonly DocXref[];
}

/**
 * Resolves a dotted name as the docstring's object sees it (its module's globals, then the class's
 * members, then as an absolute path): the id, or `null`.
 */
export type DocResolver = (name: string) => string | null;
