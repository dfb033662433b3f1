/**
 * The bundle's JSON Schema (2020-12), defined once here with TypeBox; the TypeScript types below are
 * derived from it (`Static<…>`), and `schema/bundle.schema.json` is generated from it by
 * `pnpm gen:schema` (a test checks that the committed file is current).
 */
import { Type, type Static } from "@sinclair/typebox";
import { doc, Nullable, Strict } from "./schema-parts.ts";
import { DocstringSchema } from "./docstring-schema.ts";

/** Bundle format version, MAJOR.MINOR: MINOR adds optional fields, MAJOR changes or removes. */
export const SCHEMA_VERSION = "1.4";

/** The schema's `$id`, also written as the bundle's `$schema`. */
export const SCHEMA_ID = "urn:static-inspect:bundle:1";


const LineSpan = Type.Object(
  {
    line: doc("line", "First line, 1-based.", Type.Integer({ minimum: 1 })),
    endLine: doc("endLine", "Last line, 1-based, inclusive.", Type.Integer({ minimum: 1 })),
  },
  Strict,
);

const DiagnosticSpan = Type.Object(
  {
    line: doc("line", "Line, 1-based.", Type.Integer({ minimum: 1 })),
    column: doc("column", "Column, 0-based, in UTF-16 code units of the decoded line.", Type.Integer({ minimum: 0 })),
    endLine: doc("endLine", "End line, 1-based.", Type.Integer({ minimum: 1 })),
    endColumn: doc("endColumn", "End column, 0-based, exclusive, in UTF-16 code units.", Type.Integer({ minimum: 0 })),
  },
  Strict,
);

/** A problem found in the input, with its file and position. */
export const DiagnosticSchema = doc(
  "Diagnostic",
  "A problem found in the analysed Python (never an exception).",
  Type.Object(
    {
      code: doc("code", "Stable kebab-case identifier: syntax-error, decode-error, mro-conflict, unresolved-import, …", Type.String()),
      severity: doc("severity", "error: the input is not valid Python or could not be read; warning: analysis is incomplete here; info.", Type.Union([Type.Literal("error"), Type.Literal("warning"), Type.Literal("info")])),
      message: doc("message", "Human-readable text; not stable across versions.", Type.String()),
      path: doc("path", "The file or folder concerned, relative to the analysis root, `/`-separated (a module found on a search path: `<search-path>/` and its path under that entry); the same wherever the tree lies." , Type.String()),
      span: doc("span", "Where in the file, or null for the whole file.", Nullable(DiagnosticSpan)),
    },
    Strict,
  ),
);

const Expr = Type.Object(
  {
    text: doc("text", "The expression's source text.", Type.String()),
    rendered: doc(
      "rendered",
      "What inspect prints for it: repr() of a default, inspect.formatannotation() of an annotation; null when not statically knowable.",
      Nullable(Type.String()),
    ),
  },
  Strict,
);

const AnnotationExpr = Type.Object(
  {
    text: doc("text", "The annotation's source text.", Type.String()),
    rendered: doc("rendered", "inspect.formatannotation() of the annotation; null when not statically knowable.", Nullable(Type.String())),
    refs: doc(
      "refs",
      "Every name the annotation uses (dotted as written; inside string annotations too, not the values of Literal[...] or the metadata strings of Annotated[...]), with the id of what it names where the program defines it: a class or function id, a module name, typing's special forms as typing:Name, the attribute holding a type alias or TypeVar (mod:Alias); forward references (string annotations, every annotation under from __future__ import annotations) are looked up in the module's final namespace, and names imported only under if TYPE_CHECKING: through that import (since 1.4). null when the program defines the name nowhere.",
      Type.Array(
        Type.Object(
          {
            name: doc("name", "The name as written (a.b.C).", Type.String()),
            id: doc("id", "What it resolves to, or null.", Nullable(Type.String())),
          },
          Strict,
        ),
      ),
    ),
  },
  Strict,
);

const ParameterKind = Type.Union(
  ["POSITIONAL_ONLY", "POSITIONAL_OR_KEYWORD", "VAR_POSITIONAL", "KEYWORD_ONLY", "VAR_KEYWORD"].map((k) => Type.Literal(k)),
);

const ParameterSchema = Type.Object(
  {
    name: doc("name", "Parameter name, without stars.", Type.String()),
    kind: doc("kind", "inspect.Parameter.kind, as the member name.", ParameterKind),
    default: doc("default", "The default value; null when the parameter has none (Parameter.empty).", Nullable(Expr)),
    annotation: doc("annotation", "The annotation; null when there is none (Parameter.empty).", Nullable(AnnotationExpr)),
  },
  Strict,
);

const FullArgSpecSchema = Type.Object(
  {
    args: doc("args", "Positional-only then positional-or-keyword parameter names.", Type.Array(Type.String())),
    varargs: doc("varargs", "The *args parameter's name, or null.", Nullable(Type.String())),
    varkw: doc("varkw", "The **kwargs parameter's name, or null.", Nullable(Type.String())),
    defaults: doc("defaults", "Defaults of the last positional parameters, in order; null when none (as CPython's None).", Nullable(Type.Array(Expr))),
    kwonlyargs: doc("kwonlyargs", "Keyword-only parameter names.", Type.Array(Type.String())),
    kwonlydefaults: doc(
      "kwonlydefaults",
      "Keyword-only defaults in order; null when none.",
      Nullable(Type.Array(Type.Object({ name: doc("name", "Parameter name.", Type.String()), default: doc("default", "The default.", Expr) }, Strict))),
    ),
    annotations: doc(
      "annotations",
      "The annotations dict in order: return first when annotated, then the parameters.",
      Type.Array(Type.Object({ name: doc("name", "Parameter name, or return.", Type.String()), annotation: doc("annotation", "The annotation.", AnnotationExpr) }, Strict)),
    ),
  },
  Strict,
);

const ClosureVar = Type.Object(
  {
    name: doc("name", "The name.", Type.String()),
    id: doc("id", "The id of the object it holds when statically known (class or function id, module name, builtins:name), else null.", Nullable(Type.String())),
  },
  Strict,
);

const ClosureVarsSchema = Type.Object(
  {
    nonlocals: doc("nonlocals", "co_freevars with their cells' contents, in co_freevars order.", Type.Array(ClosureVar)),
    globals: doc("globals", "co_names found in the module's namespace, in co_names order (attribute names included, as in CPython).", Type.Array(ClosureVar)),
    builtins: doc("builtins", "Other co_names that builtins has, in co_names order.", Type.Array(ClosureVar)),
    unbound: doc("unbound", "The remaining co_names, sorted (a set in Python).", Type.Array(Type.String())),
  },
  Strict,
);

const SignatureSchema = Type.Object(
  {
    text: doc(
      "text",
      "str(inspect.signature(obj)). Where a default or annotation is not statically knowable, its source text stands in and that parameter's rendered is null.",
      Type.String(),
    ),
    parameters: doc("parameters", "Signature.parameters in order.", Type.Array(ParameterSchema)),
    return_annotation: doc("return_annotation", "Signature.return_annotation; null when empty.", Nullable(AnnotationExpr)),
  },
  Strict,
);

/** The `inspect.is*` predicates every bundle object carries, in schema order. */
export const PREDICATE_NAMES = [
  "ismodule",
  "isclass",
  "isfunction",
  "ismethod",
  "isroutine",
  "isbuiltin",
  "ismethoddescriptor",
  "isdatadescriptor",
  "isgeneratorfunction",
  "iscoroutinefunction",
  "isasyncgenfunction",
  "isabstract",
] as const;

const Predicates = Type.Object(
  Object.fromEntries(PREDICATE_NAMES.map((p) => [p, doc(p, `inspect.${p}() of the object as accessed from its owner.`, Type.Boolean())])),
  Strict,
);

const Base = Type.Object(
  {
    text: doc("text", "The base expression's source text.", Type.String()),
    id: doc("id", "The id of the class it resolves to, or null if unresolved.", Nullable(Type.String())),
  },
  Strict,
);

const Member = Type.Object(
  {
    name: doc("name", "Attribute name, as inspect.getmembers_static lists it.", Type.String()),
    owner: doc("owner", "Id of the class (in the MRO, then the metaclass MRO) whose namespace holds it; for a module's members the module; null if unknown.", Nullable(Type.String())),
    id: Type.Optional(
      doc(
        "id",
        "Modules' members (added in 1.2): what the name resolves to, aliases and imports followed (an object id, a module name, a builtin id); null for a plain value without an object, or when unresolved.",
        Nullable(Type.String()),
      ),
    ),
    how: Type.Optional(
      doc(
        "how",
        "Modules' members (added in 1.2): how the name was bound: defined (def, class, assignment), imported, star-imported (from m import *), or implicit (set by the import system: __name__, __file__, …).",
        Type.Union(["defined", "imported", "star-imported", "implicit"].map((k) => Type.Literal(k))),
      ),
    ),
  },
  Strict,
);

const AttributeDocSchema = Type.Object(
  {
    text: doc("text", "The text, cleaned as inspect.cleandoc cleans a docstring (for comments: the `#: ` markers removed first).", Type.String()),
    source: doc(
      "source",
      "docstring: the string statement right after the assignment; comment: a `#:` comment after it on its last line, or the `#:` lines right above it.",
      Type.Union([Type.Literal("docstring"), Type.Literal("comment")]),
    ),
  },
  Strict,
);

const ConditionFactSchema = Type.Object(
  {
    kind: doc(
      "kind",
      "What the test checks: version (sys.version_info compared with a tuple), platform (sys.platform or os.name compared with a string), type_checking (TYPE_CHECKING), import (an except ImportError handler of a try that only imports), other.",
      Type.Union(["version", "platform", "type_checking", "import", "other"].map((k) => Type.Literal(k))),
    ),
    negated: Type.Optional(doc("negated", "The branch runs when the test is false: an else branch, an except handler, `not …`.", Type.Literal(true))),
    op: Type.Optional(doc("op", "version and platform: the comparison as written (>=, ==, in, not in, startswith, …), sys.version_info or the platform name on the left.", Type.String())),
    version: Type.Optional(doc("version", "version: the tuple compared with sys.version_info.", Type.Array(Type.Integer({ minimum: 0 })))),
    platform: Type.Optional(doc("platform", "platform: the string compared with (win32, linux, nt, …).", Type.String())),
    name: Type.Optional(doc("name", "platform: sys.platform or os.name.", Type.String())),
    modules: Type.Optional(doc("modules", "import: the modules the guarded try body imports.", Type.Array(Type.String()))),
  },
  Strict,
);

const AlternativeSchema = Type.Object(
  {
    condition: doc("condition", "The branch's tests as written, joined by ` and ` (`not (…)` for an else branch, `except ImportError` for a handler); null for an unconditional definition or a try body (see guards).", Nullable(Type.String())),
    conditions: doc("conditions", "The branch's tests, outermost first, as source text (as the object's conditions).", Type.Array(Type.String())),
    facts: doc("facts", "What is static about each of conditions, in the same order.", Type.Array(ConditionFactSchema)),
    guards: doc(
      "guards",
      "The try/except ImportError guards the definition is under: the modules imported, and whether it is the branch where they import (try body, else) or fail (handler).",
      Type.Array(Type.Object({ modules: doc("modules", "Modules the try body imports.", Type.Array(Type.String())), succeeds: doc("succeeds", "The branch where the imports succeed.", Type.Boolean()) }, Strict)),
    ),
    file: doc("file", "Source file path, as given to the analyser.", Type.String()),
    lineno: doc("lineno", "Line of the definition (a def's first decorator), 1-based.", Type.Integer({ minimum: 1 })),
    kind: doc("kind", "The kind the definition would give the object (attribute for an assignment, alias for an import).", Type.Union(["module", "class", "function", "method", "staticmethod", "classmethod", "property", "cached_property", "attribute", "alias"].map((k) => Type.Literal(k)))),
    in_effect: doc("in_effect", "false: the target platform and version (or the import guards) rule the branch out, or a later definition replaces it; null: not statically known (a plain if test, an import of unknown outcome).", Nullable(Type.Boolean())),
  },
  Strict,
);

export const ObjectKind = Type.Union(
  ["module", "class", "function", "method", "staticmethod", "classmethod", "property", "cached_property", "attribute", "alias"].map((k) => Type.Literal(k)),
);

/** One object's inspect view. */
export const ObjectSchema = doc(
  "Object",
  "What inspect reports about one module, class, function, method, property or attribute.",
  Type.Object(
    {
      id: doc("id", "module:qualname, the syntax of `python -m inspect`; a module's id is its dotted name.", Type.String()),
      module: doc("module", "`__module__`: dotted name of the defining module as it runs (its `__name__`), or the string a class body assigns to `__module__`.", Type.String()),
      qualname: doc("qualname", "PEP 3155 qualified name (with <locals>), null for modules.", Nullable(Type.String())),
      name: doc("name", "__name__.", Type.String()),
      kind: doc(
        "kind",
        "How the object is accessed from its owner: a def in a class body is a method, @staticmethod a staticmethod, …; alias (added in 1.2) for a name bound to another object (`camelCase = snake_case`), which carries that object's inspect view and its id in target.",
        ObjectKind,
      ),
      target: Type.Optional(
        doc(
          "target",
          "Aliases (added in 1.2): the id of the object the name is bound to, chains of aliases followed; null when it does not resolve statically.",
          Nullable(Type.String()),
        ),
      ),
      is_public: Type.Optional(
        doc(
          "is_public",
          "Aliases (added in 1.2): part of the public API. At module level: listed in __all__ when the module defines it, else the name has no leading underscore; in a class: no leading underscore.",
          Type.Boolean(),
        ),
      ),
      is_exported: Type.Optional(
        doc(
          "is_exported",
          "Aliases (added in 1.2): `from module import *` binds the name (listed in __all__ when defined, else no leading underscore); false in a class.",
          Type.Boolean(),
        ),
      ),
      parent: doc("parent", "Id of the owner (module or class, or function for <locals>), null for modules.", Nullable(Type.String())),
      file: doc("file", "Source file, relative to the analysis root, `/`-separated (a module found on a search path: `<search-path>/` and its path under that entry); the same wherever the tree lies.", Type.String()),
      span: doc("span", "Lines of the whole definition, decorators included.", LineSpan),
      conditions: doc(
        "conditions",
        "The if/except branches the definition is under, outermost first, as source text (`not (…)` for an else branch); empty when unconditional. Branches the target platform and version rule out are not analysed.",
        Type.Array(Type.String()),
      ),
      predicates: doc("predicates", "inspect.is* predicates.", Predicates),
      signature: doc("signature", "inspect.signature(obj); null for non-callables.", Nullable(SignatureSchema)),
      overloads: doc(
        "overloads",
        "Functions: the @typing.overload variants written before the implementation, in source order (what typing.get_overloads returns); null when there are none.",
        Nullable(Type.Array(SignatureSchema)),
      ),
      wrapped: doc(
        "wrapped",
        "Id of what inspect.unwrap(obj) returns when the object has __wrapped__ (functools.wraps, lru_cache, …): the def underneath; null when nothing wraps it.",
        Nullable(Type.String()),
      ),
      codeFlags: doc(
        "codeFlags",
        "Routines: the co_flags of the object's code as CO_* names (dis.COMPILER_FLAG_NAMES), sorted; null for other kinds and for C wrappers that have no code object (lru_cache).",
        Nullable(Type.Array(Type.String())),
      ),
      doc: doc("doc", "inspect.getdoc(obj): cleaned, with inheritance; null when None.", Nullable(Type.String())),
      rawDoc: doc("rawDoc", "obj.__doc__ as written, null when None.", Nullable(Type.String())),
      docstring: Type.Optional(
        doc(
          "docstring",
          "doc (getdoc, so inherited docstrings as the user sees them) parsed into sections; null when doc is null. Added in 1.1: older bundles lack it.",
          Nullable(DocstringSchema),
        ),
      ),
      comments: doc("comments", "inspect.getcomments(obj).", Nullable(Type.String())),
      sourcelines: doc(
        "sourcelines",
        "inspect.getsourcelines(obj): lineno (1-based; 0 for modules) and the count of lines; null when inspect raises.",
        Nullable(
          Type.Object(
            {
              lineno: doc("lineno", "First line, 1-based (0 for a module, as inspect returns it).", Type.Integer({ minimum: 0 })),
              count: doc("count", "Number of lines (len of the list inspect returns).", Type.Integer({ minimum: 0 })),
            },
            Strict,
          ),
        ),
      ),
      decorators: doc("decorators", "Decorator expressions' source text, outermost first.", Type.Array(Type.String())),
      unknownDecorators: doc(
        "unknownDecorators",
        "Decorators (as dotted names) whose effect is not known statically: the object inspect sees may not be this def. Its own signature is kept.",
        Type.Array(Type.String()),
      ),
      bases: doc("bases", "Classes: the base expressions (keywords such as metaclass excluded).", Nullable(Type.Array(Base))),
      metaclass: doc("metaclass", "Classes: the metaclass id (builtins.type when none is given), null if unresolved.", Nullable(Type.String())),
      mro: doc("mro", "Classes: inspect.getmro() as ids, the class first; null when not computable.", Nullable(Type.Array(Type.String()))),
      members: doc(
        "members",
        "Classes: inspect.getmembers_static() names with owners; null when the MRO is unknown. Modules (added in 1.2): getmembers_static(module), each name with its id and how it was bound.",
        Nullable(Type.Array(Member)),
      ),
      annotations: doc(
        "annotations",
        "inspect.get_annotations(obj) for modules, classes and functions, each value as inspect.formatannotation renders it (null when not statically knowable); null for other kinds.",
        Nullable(Type.Record(Type.String(), Nullable(Type.String()))),
      ),
      annotation: doc("annotation", "Attributes: the annotation, if any.", Nullable(AnnotationExpr)),
      value: doc("value", "Attributes and aliases by assignment: the assigned value's source text, if any; null for imported names (aliases made by import statements).", Nullable(Type.String())),
      fullargspec: Type.Optional(
        doc(
          "fullargspec",
          "Functions, methods and classes: inspect.getfullargspec(obj) (the signature without following __wrapped__, the bound first parameter kept); null where CPython raises TypeError.",
          Nullable(FullArgSpecSchema),
        ),
      ),
      attribute_doc: Type.Optional(
        doc(
          "attribute_doc",
          "Attributes and aliases by assignment (added in 1.4): the attribute docstring or `#:` comment block that documents the name, as Sphinx autodoc reads it (ModuleAnalyzer.attr_docs); absent when none. Apart from doc (getdoc), which never has it.",
          AttributeDocSchema,
        ),
      ),
      instance: Type.Optional(
        doc(
          "instance",
          "Attributes (added in 1.4): set as `self.x = …` in the class's __init__ (recorded when documented): an attribute of instances, not a class member (not in the class's members or annotations).",
          Type.Literal(true),
        ),
      ),
      alternatives: Type.Optional(
        doc(
          "alternatives",
          "Added in 1.4: the definitions of this id in other branches of conditional code (if sys.version_info …, if TYPE_CHECKING, try/except ImportError, platform tests, plain if/else), in source order; the object is the branch in effect for the target. Absent when defined once.",
          Type.Array(AlternativeSchema),
        ),
      ),
      closurevars: Type.Optional(
        doc("closurevars", "Functions and methods: inspect.getclosurevars(obj); null where CPython raises TypeError or the function object is not statically known.", Nullable(ClosureVarsSchema)),
      ),
    },
    Strict,
  ),
);

const FileSchema = Type.Object(
  {
    path: doc("path", "The file, relative to the analysis root, `/`-separated (a module found on a search path: `<search-path>/` and its path under that entry); the same wherever the tree lies.", Type.String()),
    module: doc("module", "Dotted module name derived as the import system does.", Type.String()),
    sha256: doc("sha256", "SHA-256 of the file's bytes, hex.", Type.String({ pattern: "^[0-9a-f]{64}$" })),
    encoding: doc("encoding", "The source encoding CPython would use (PEP 263).", Type.String()),
  },
  Strict,
);

const ClassTreeEntry = Type.Object(
  {
    class: doc("class", "The class id.", Type.String()),
    bases: doc("bases", "Its __bases__ as ids.", Type.Array(Type.String())),
    depth: doc("depth", "How many nested lists deep the entry is in getclasstree's result (0: the outermost list).", Type.Integer({ minimum: 0 })),
  },
  Strict,
);

const ModuleSchema = Type.Object(
  {
    id: doc("id", "Dotted module name.", Type.String()),
    file: doc("file", "Source file, relative to the analysis root, `/`-separated (a module found on a search path: `<search-path>/` and its path under that entry); the same wherever the tree lies.", Type.String()),
    isPackage: doc("isPackage", "True for a package's __init__.py.", Type.Boolean()),
    all: doc("all", "__all__ as statically known, null when not defined.", Nullable(Type.Array(Type.String()))),
    classtree: Type.Optional(
      doc(
        "classtree",
        "inspect.getclasstree() of the module's classes (sorted by id, unique=False), flattened in order: each (class, bases) entry with its nesting depth, a nested list following the entry of the class its members derive from. null when a base is unresolved; absent when the module defines no class.",
        Nullable(Type.Array(ClassTreeEntry)),
      ),
    ),
    getmodulename: Type.Optional(
      doc("getmodulename", "inspect.getmodulename(file), present only where it differs from the module name's last part (a package's __init__.py gives __init__).", Nullable(Type.String())),
    ),
    getsourcefile: Type.Optional(
      doc("getsourcefile", "inspect.getsourcefile(module), written as file is, present only where it differs from file (a stub has none: null).", Nullable(Type.String())),
    ),
  },
  Strict,
);

/** The whole bundle. */
export const BundleSchema = Type.Object(
  {
    $schema: doc("$schema", "The schema's $id.", Type.Literal(SCHEMA_ID)),
    schemaVersion: doc("schemaVersion", "Bundle format version, MAJOR.MINOR.", Type.String({ pattern: "^\\d+\\.\\d+$" })),
    generator: doc(
      "generator",
      "The tool that wrote the bundle.",
      Type.Object(
        {
          name: doc("name", "The generator's name: static-inspect.", Type.String()),
          version: doc("version", "The generator's version (semver).", Type.String()),
          plugins: doc(
            "plugins",
            "The synthesized-class plugins the analyzer consulted, in the order their hooks run (dataclasses, attrs, typing, enum, pydantic): what it knows libraries build at run time.",
            Type.Array(Type.String()),
          ),
        },
        Strict,
      ),
    ),
    target: doc(
      "target",
      "The Python whose inspect is mirrored.",
      Type.Object(
        {
          python: doc("python", "MAJOR.MINOR of the CPython whose inspect and builtins are mirrored.", Type.String({ pattern: "^\\d+\\.\\d+$" })),
          platform: doc("platform", "sys.platform the conditional branches were decided for (linux, darwin, win32).", Type.String()),
        },
        Strict,
      ),
    ),
    files: doc("files", "Analysed files, sorted by path.", Type.Array(FileSchema)),
    modules: doc("modules", "Modules, sorted by id.", Type.Array(ModuleSchema)),
    objects: doc("objects", "Objects, sorted by id.", Type.Array(ObjectSchema)),
    diagnostics: doc("diagnostics", "Problems found, sorted by path and position.", Type.Array(DiagnosticSchema)),
  },
  { ...Strict, $id: SCHEMA_ID, title: "static-inspect bundle", description: "What CPython's inspect would report about a Python program, computed statically." },
);

/** A bundle: see {@link BundleSchema}. */
export type Bundle = Static<typeof BundleSchema>;
/** One object of a bundle. */
export type BundleObject = Static<typeof ObjectSchema>;
/** One diagnostic of a bundle. */
export type BundleDiagnostic = Static<typeof DiagnosticSchema>;
/** A signature as the bundle stores it. */
export type BundleSignature = Static<typeof SignatureSchema>;
/** A parameter as the bundle stores it. */
export type BundleParameter = Static<typeof ParameterSchema>;
/** Object kinds. */
export type BundleObjectKind = Static<typeof ObjectKind>;

/** The JSON Schema document as committed in `schema/bundle.schema.json` (with `$schema` 2020-12). */
export function bundleJsonSchema(): Record<string, unknown> {
  return { $schema: "https://json-schema.org/draft/2020-12/schema", ...JSON.parse(JSON.stringify(BundleSchema)) };
}
