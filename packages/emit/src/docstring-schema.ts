/**
 * The bundle's `docstring` field: a docstring parsed into typed sections (see
 * `parseDocstring` in `@static-inspect/analyzer`), as JSON Schema 2020-12 through TypeBox. Part of
 * {@link ObjectSchema}; the TypeScript types are derived from it.
 */
import { Type, type Static } from "@sinclair/typebox";
import { doc, Nullable, Strict } from "./schema-parts.ts";


const Ref = Type.Object(
  {
    name: doc("name", "A dotted name as written (Sphinx's ~ and leading . removed).", Type.String()),
    id: doc("id", "The id it resolves to (module:qualname, or a module's dotted name) from the object's module, class or as an absolute path; null when unresolved.", Nullable(Type.String())),
  },
  Strict,
);

const DocType = Type.Object(
  {
    text: doc("text", "The type as the docstring writes it (`int, optional`).", Type.String()),
    refs: doc("refs", "The dotted names in the type text (words such as optional, or, of left out), each resolved.", Type.Array(Ref)),
  },
  Strict,
);

const Description = doc("description", "The item's text, dedented, lines joined with \\n; empty when none.", Type.String());
const Title = doc("title", "The section header as written (Args, Parameters, …); null for Sphinx field lists and directives.", Nullable(Type.String()));
const Kind = <const K extends string>(kinds: readonly K[], what: string) =>
  doc("kind", `The section kind: ${what}.`, Type.Union(kinds.map((k) => Type.Literal(k))));

const DocParameter = Type.Object(
  {
    name: doc("name", "The documented name, without * or ** (inspect.Parameter.name's spelling).", Type.String()),
    id: doc(
      "id",
      "Parameters sections: the id of the signature parameter of the same name, written `<object id>(<parameter name>)` (e.g. `pkg.mod:Cls.method(x)`); null when the signature has no such parameter, for other sections, and for objects without a signature.",
      Nullable(Type.String()),
    ),
    type: doc("type", "The documented type, null when none.", Nullable(DocType)),
    description: Description,
  },
  Strict,
);

const DocReturn = Type.Object(
  {
    name: doc("name", "The value's name (NumPy's `name : type`), null when unnamed.", Nullable(Type.String())),
    type: doc("type", "The documented type (Sphinx :rtype:/:ytype:), null when none.", Nullable(DocType)),
    description: Description,
  },
  Strict,
);

const DocRaise = Type.Object(
  {
    exception: doc("exception", "The exception or warning class as written, roles and backquotes removed.", Type.String()),
    id: doc("id", "The id the name resolves to (builtins:ValueError, pkg.errors:Timeout), null when unresolved.", Nullable(Type.String())),
    description: Description,
  },
  Strict,
);

const DocSeeAlso = Type.Object(
  {
    name: doc("name", "The target as written, roles and backquotes removed.", Type.String()),
    id: doc("id", "The id it resolves to, null when unresolved.", Nullable(Type.String())),
    description: Description,
  },
  Strict,
);

const DocSection = Type.Union([
  Type.Object(
    { kind: Kind(["parameters", "other_parameters", "attributes"], "parameters (Args, Parameters, :param:), other parameters (Other Parameters, Keyword Args, :keyword:), attributes (Attributes, :ivar:)"), title: Title, items: doc("items", "The documented names in order; `x, y : int` gives two.", Type.Array(DocParameter)) },
    Strict,
  ),
  Type.Object(
    { kind: Kind(["returns", "yields", "receives"], "Returns, Yields or Receives"), title: Title, items: doc("items", "The documented values in order.", Type.Array(DocReturn)) },
    Strict,
  ),
  Type.Object(
    { kind: Kind(["raises", "warns"], "Raises (:raises:) or Warns"), title: Title, items: doc("items", "The exceptions or warnings in order; `A, B` gives two.", Type.Array(DocRaise)) },
    Strict,
  ),
  Type.Object(
    {
      kind: Kind(["examples"], "Examples"),
      title: Title,
      blocks: doc(
        "blocks",
        "Prose and doctest blocks in order; a doctest block runs from a >>> line to the next blank line and is kept verbatim.",
        Type.Array(
          Type.Object(
            {
              kind: doc("kind", "text (prose) or doctest.", Type.Union([Type.Literal("text"), Type.Literal("doctest")])),
              text: doc("text", "The block's text, dedented.", Type.String()),
            },
            Strict,
          ),
        ),
      ),
    },
    Strict,
  ),
  Type.Object({ kind: Kind(["see_also"], "See Also"), title: Title, items: doc("items", "The targets in order.", Type.Array(DocSeeAlso)) }, Strict),
  Type.Object(
    {
      kind: Kind(["notes", "warnings", "references", "text"], "Notes, Warnings, References, or text (another header such as Methods, or text after a section)"),
      title: Title,
      text: doc("text", "The section's text, dedented.", Type.String()),
    },
    Strict,
  ),
  Type.Object(
    {
      kind: Kind(["deprecated"], "a `.. deprecated:: VERSION` directive (or a Deprecated header)"),
      title: Title,
      version: doc("version", "The version the directive names, null when none.", Nullable(Type.String())),
      text: doc("text", "The directive's text, dedented.", Type.String()),
    },
    Strict,
  ),
]);

/** A parsed docstring in the bundle (`objects[].docstring`). */
export const DocstringSchema = doc(
  "Docstring",
  "The object's getdoc text parsed into sections, as doc generators (napoleon, griffe) read it.",
  Type.Object(
    {
      style: doc(
        "style",
        "The convention the text was read in: detected (a NumPy dashed header, else a Sphinx info field, else a Google `Args:` header, else plain) or forced by --docstring-style.",
        Type.Union(["google", "numpy", "sphinx", "plain"].map((s) => Type.Literal(s))),
      ),
      summary: doc("summary", "The first paragraph; null when the text starts with a section.", Nullable(Type.String())),
      description: doc("description", "The text between the summary and the first section; null when empty.", Nullable(Type.String())),
      sections: doc("sections", "The sections in source order (a deprecated directive from the description first).", Type.Array(DocSection)),
      xrefs: doc(
        "xrefs",
        "Sphinx-role cross-references (:class:`x`, :meth:`~a.B.c`) in the text, in order of first appearance, each once, resolved.",
        Type.Array(
          Type.Object(
            {
              role: doc("role", "The role without the py: domain: class, func, meth, exc, attr, mod, data, obj, const, type.", Type.String()),
              name: Ref.properties.name,
              id: Ref.properties.id,
            },
            Strict,
          ),
        ),
      ),
    },
    Strict,
  ),
);

/** A parsed docstring as the bundle stores it. */
export type BundleDocstring = Static<typeof DocstringSchema>;
/** One section of a {@link BundleDocstring}. */
export type BundleDocSection = Static<typeof DocSection>;
