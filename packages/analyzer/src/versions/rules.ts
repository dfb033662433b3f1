/**
 * What changes with the target Python version, one concern per field: the passes ask
 * {@link versionRules} and never compare version numbers themselves. Facts that a script can record
 * from a real interpreter live in the data files instead (`data/builtins`, `data/stdlib`); these are
 * the rules of CPython's compiler and standard library that shape what `inspect` reports, each read off
 * the source of the versions named.
 */
import { BUILTINS_VERSIONS } from "../data/builtins.ts";

/** The target versions the analyzer supports, oldest first: those with a builtins data file. */
export const SUPPORTED_VERSIONS: readonly string[] = BUILTINS_VERSIONS;

/** The rules of one target version (see each field). */
export interface VersionRules {
  /** The target, `"3.12"`. */
  readonly python: string;
  /**
   * The compiler's class-body prologue and epilogue (`compiler_class_body` in `Python/compile.c`): the
   * keys the body stores besides its own statements, `before` right after `__module__` (and the
   * `__qualname__` that `type.__new__` consumes) and `after` once the body has run.
   *
   * ```python
   * class A:
   *     def f(self): self.y = 1
   * list(A.__dict__)  # 3.13: ['__module__', '__firstlineno__', 'f', '__static_attributes__', …]
   * ```
   * 3.13 added `__firstlineno__` and `__static_attributes__`; before it, neither.
   */
  readonly classBody: { readonly before: readonly string[]; readonly after: readonly string[] };
  /**
   * Whether the compiler cleans docstrings before storing them as `__doc__` (3.13+,
   * `_PyCompile_CleanDoc`): see {@link compiledDocstring}.
   */
  readonly docstringsCleanedAtCompileTime: boolean;
  /**
   * The enum metaclass's id (`EnumMeta` up to 3.10; 3.11 renamed it `EnumType` and kept `EnumMeta` as an
   * alias) and how its `__dir__` lists a class: `"members"` (3.8–3.10: `__class__`, `__doc__`,
   * `__members__`, `__module__` and the member names only) or `"data-type"` (3.11+: more fixed names,
   * `__new__`/`__init_subclass__` when overridden, and everything `dir()` of the mixed-in data type lists).
   */
  readonly enum: {
    readonly metaclass: string;
    readonly dir: "members" | "data-type";
    /**
     * What `Enum.__signature__` (a classmethod from 3.12, read by `inspect.signature` as text) gives
     * a class with members and one without; `null` before 3.12, where the metaclass's `__call__` is
     * the class's signature.
     */
    readonly signature: { readonly withMembers: string; readonly withoutMembers: string } | null;
  };
  /**
   * Whether the compiler sets `CO_NOFREE` (0x40) on code without free or cell variables (3.8–3.10;
   * 3.11 dropped the flag).
   */
  readonly coNoFree: boolean;
  /**
   * What typing's protocol machinery writes into a protocol class (one with `_is_protocol` true:
   * `Protocol` itself and classes listing it as a base) besides what `Protocol.__init_subclass__` does
   * in every version: `_ProtocolMeta.__init__` sets `meta` (3.12: `__protocol_attrs__` and
   * `__callable_proto_members_only__`; 3.13: `__protocol_attrs__`; none before 3.12), and its
   * `_get_protocol_attrs` reads `base.__annotations__` of the class (not of `Protocol`/`Generic`), which
   * from 3.10 stores an empty `__annotations__` dict in a class that had none (`annotations`);
   * `@runtime_checkable` sets `runtimeCheckable` (3.13: `__non_callable_proto_members__`).
   */
  readonly protocol: { readonly meta: readonly string[]; readonly annotations: boolean; readonly runtimeCheckable: readonly string[] };
}

function minorOf(python: string): number {
  const m = /^3\.(\d{1,2})$/.exec(python);
  if (!m) throw new RangeError(`unsupported Python target version ${JSON.stringify(python)}; supported: ${SUPPORTED_VERSIONS.join(", ")}`);
  return Number(m[1]);
}

const memo = new Map<string, VersionRules>();

/**
 * The rules of target `python` (`"3.8"` … `"3.13"`), memoised.
 *
 * @throws RangeError when `python` is not one of {@link SUPPORTED_VERSIONS}.
 */
export function versionRules(python: string): VersionRules {
  let rules = memo.get(python);
  if (rules) return rules;
  const minor = minorOf(python);
  if (!SUPPORTED_VERSIONS.includes(python)) throw new RangeError(`unsupported Python target version ${python}; supported: ${SUPPORTED_VERSIONS.join(", ")}`);
  rules = {
    python,
    classBody: minor >= 13 ? { before: ["__firstlineno__"], after: ["__static_attributes__"] } : { before: [], after: [] },
    docstringsCleanedAtCompileTime: minor >= 13,
    enum: {
      ...(minor >= 11 ? { metaclass: "enum:EnumType", dir: "data-type" as const } : { metaclass: "enum:EnumMeta", dir: "members" as const }),
      signature:
        minor >= 12
          ? { withMembers: "(*values)", withoutMembers: "(new_class_name, /, names, *, module=None, qualname=None, type=None, start=1, boundary=None)" }
          : null,
    },
    coNoFree: minor <= 10,
    protocol:
      minor >= 13
        ? { meta: ["__protocol_attrs__"], annotations: true, runtimeCheckable: ["__non_callable_proto_members__"] }
        : minor === 12
          ? { meta: ["__protocol_attrs__", "__callable_proto_members_only__"], annotations: true, runtimeCheckable: [] }
          : { meta: [], annotations: false, runtimeCheckable: [] },
  };
  memo.set(python, rules);
  return rules;
}

/**
 * The `__doc__` the compiler stores for docstring `text` under `rules`: the text itself, or from 3.13
 * what `_PyCompile_CleanDoc` makes of it — tabs expanded to 8 columns, the first line's leading spaces
 * removed, and from every later line as many leading spaces as the least indented non-blank later line
 * has (blank lines lose up to that many). Unlike `inspect.cleandoc` it keeps blank lines at either end
 * and strips only spaces.
 *
 * ```python
 * def f():
 *     """Summary.
 *
 *     Body.
 *         Indented.
 *     """
 * f.__doc__  # 3.12: 'Summary.\n\n    Body.\n        Indented.\n    '   3.13: 'Summary.\n\nBody.\n    Indented.\n'
 * ```
 */
export function compiledDocstring(text: string, rules: VersionRules): string {
  if (!rules.docstringsCleanedAtCompileTime) return text;
  const lines = expandTabs(text).split("\n");
  let margin = Infinity;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    const indent = line.length - line.replace(/^ +/, "").length;
    // A line of spaces only is blank (so is a last line of spaces without its newline).
    if (indent < line.length) margin = Math.min(margin, indent);
  }
  if (margin === Infinity) margin = 0;
  const out = [lines[0]!.replace(/^ +/, "")];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    let cut = 0;
    while (cut < margin && line[cut] === " ") cut++;
    out.push(line.slice(cut));
  }
  return out.join("\n");
}

/** `str.expandtabs()` (tab size 8; columns restart after `\n` and `\r`). */
function expandTabs(text: string): string {
  if (!text.includes("\t")) return text;
  let out = "";
  let column = 0;
  for (const ch of text) {
    if (ch === "\t") {
      const n = 8 - (column % 8);
      out += " ".repeat(n);
      column += n;
    } else {
      out += ch;
      column = ch === "\n" || ch === "\r" ? 0 : column + 1;
    }
  }
  return out;
}
