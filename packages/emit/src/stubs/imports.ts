/**
 * The imports a stub needs for the names its annotations, bases and decorators use: each name as
 * written (`t.List`, `Optional`, `collections.abc.Sized`) is bound the way its resolved id says
 * (`import typing as t`, `from typing import Optional`, `import collections.abc`).
 */

/** The import statements of one stub, collected then printed sorted. */
export class StubImports {
  private readonly modules = new Map<string, string | null>(); // "import m" / "import m as a": key m+alias
  private readonly froms = new Map<string, Set<string>>(); // module -> "name" | "name as alias"
  /** Names written that could not be bound (their id is unknown or does not fit the spelling). */
  readonly unresolved = new Set<string>();

  /**
   * @param local Names the stub itself defines at module level (they need no import).
   */
  constructor(private readonly local: ReadonlySet<string>) {}

  /** `from module import name` (or `… as alias`). */
  from(module: string, name: string, alias: string = name): void {
    const set = this.froms.get(module) ?? new Set();
    set.add(alias === name ? name : `${name} as ${alias}`);
    this.froms.set(module, set);
  }

  /** `import module` (or `import module as alias`). */
  module(module: string, alias: string | null = null): void {
    this.modules.set(`${module}\u0000${alias ?? ""}`, alias);
  }

  /**
   * Binds `written` (a dotted name as the source spells it) to `id` (`module:qualname`, or a module
   * name): nothing for a local or builtin name; `import M` when written is `M.Q`; `import M as P` when
   * written is `P.Q`; `from M import Q as W` for a name written bare. Otherwise the name is recorded
   * in {@link unresolved}.
   */
  bind(written: string, id: string | null): void {
    const head = written.split(".")[0]!;
    if (this.local.has(head)) return;
    if (id === null) {
      if (!BUILTIN_NAMES.has(head)) this.unresolved.add(written);
      return;
    }
    const colon = id.indexOf(":");
    const mod = colon < 0 ? id : id.slice(0, colon);
    const qual = colon < 0 ? "" : id.slice(colon + 1);
    if (mod === "builtins" && (written === qual || head === qual.split(".")[0])) return;
    // Generated classes (namedtuple("N", …) is module:N@line) have no importable name.
    if (!/^[A-Za-z_][\w.]*$/.test(qual || mod)) {
      this.unresolved.add(written);
      return;
    }
    const full = qual ? `${mod}.${qual}` : mod;
    if (written === full || (qual && written.startsWith(`${full}.`))) return this.module(mod);
    if (colon < 0 && !written.includes(".")) return written === mod ? this.module(mod) : this.module(mod, written);
    if (qual && written.endsWith(`.${qual}`)) {
      const prefix = written.slice(0, -qual.length - 1);
      if (!prefix.includes(".")) return prefix === mod ? this.module(mod) : this.module(mod, prefix);
      if (prefix === mod) return this.module(mod);
    }
    const parts = written.split(".");
    const qparts = qual.split(".");
    // written H.R… where qualname ends with R…: H is the class (or object) qualname's first part.
    if (qual && qparts.length >= parts.length && qparts.slice(qparts.length - parts.length + 1).join(".") === parts.slice(1).join(".")) {
      const bound = qparts.slice(0, qparts.length - parts.length + 1);
      if (bound.length === 1) return this.from(mod, bound[0]!, head);
    }
    this.unresolved.add(written);
  }

  /** The import lines, `import …` first, each group sorted. */
  lines(): string[] {
    const out: string[] = [];
    for (const [key, alias] of [...this.modules].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const mod = key.split("\u0000")[0]!;
      out.push(alias && alias !== mod ? `import ${mod} as ${alias}` : `import ${mod}`);
    }
    for (const [mod, names] of [...this.froms].sort(([a], [b]) => (a < b ? -1 : 1))) out.push(`from ${mod} import ${[...names].sort().join(", ")}`);
    return out;
  }
}

/** Names bound in every module by builtins (a written name with an unknown id that is one of them needs no import). */
const BUILTIN_NAMES = new Set(["None", "True", "False", "object", "type", "int", "float", "complex", "str", "bytes", "bool", "list", "dict", "set", "frozenset", "tuple", "Ellipsis"]);
