/**
 * The scopes of CPython's symbol table (`Python/symtable.c`) as codenames.ts builds them: what a scope
 * binds, uses and declares, and how a name used in it resolves (local, free through enclosing function
 * scopes, or global), class scopes skipped as CPython skips them; and the names an import statement
 * binds and writes into `co_names`.
 */
import type { SyntaxNode } from "@lezer/common";

/** The kinds of scope CPython's symbol table distinguishes (a comprehension is a function scope). */
export type ScopeKind = "module" | "class" | "function";
/** How a name is used: loaded, stored (bound), or only named in an annotation of a local `x: T`. */
export type Mode = "load" | "store" | "ann";

/** One scope being built: its name operations in order and what it binds, uses and declares. */
export interface Scope {
  readonly kind: ScopeKind;
  /** A comprehension (its own function scope in 3.11); `:=` binds past it. */
  readonly comprehension: boolean;
  readonly parent: Scope | null;
  /** The class name private names of this scope's code are mangled with (`u_private`). */
  readonly privateName: string | null;
  /** Name operations and attribute/import names of the scope's own code, in order. */
  readonly ops: { name: string; attribute: boolean }[];
  readonly uses: Set<string>;
  readonly bound: Set<string>;
  readonly globals: Set<string>;
  readonly nonlocals: Set<string>;
  /** Names nested scopes need from outside themselves. */
  readonly childOuter: Set<string>;
  /**
   * The `finally` bodies a `return` (all of them) or a `break`/`continue` (those inside the
   * innermost loop, marked `"loop"`) runs on the way out: the compiler emits their code again there.
   */
  readonly unwind: (SyntaxNode | "loop")[];
  /** A syntax error inside: the names cannot be trusted. */
  broken: boolean;
}

/** How deep the walk follows nested syntax before it gives a function up (its names are then not reported). */
export const NESTING_LIMIT = 400;

/** `_Py_Mangle`: `__x` inside class `C` is `_C__x` (not dunders, not dotted names, not in an all-underscore class). */
export function mangle(privateName: string | null, name: string): string {
  if (!privateName || !name.startsWith("__") || name.endsWith("__") || name.includes(".")) return name;
  const stripped = privateName.replace(/^_+/, "");
  return stripped ? `_${stripped}${name}` : name;
}

/** A new, empty scope of `kind` inside `parent`. */
export function makeScope(kind: ScopeKind, parent: Scope | null, privateName: string | null, comprehension = false): Scope {
  return { kind, comprehension, parent, privateName, ops: [], uses: new Set(), bound: new Set(), globals: new Set(), nonlocals: new Set(), childOuter: new Set(), unwind: [], broken: false };
}

/** Whether a name is bound locally in `s` (not declared global or nonlocal). */
export function localBound(s: Scope): (name: string) => boolean {
  return (n) => s.bound.has(n) && !s.globals.has(n) && !s.nonlocals.has(n);
}

/** Names a scope needs from its enclosing scopes. */
export function outerNames(s: Scope): Set<string> {
  const local = localBound(s);
  const out = new Set<string>();
  const own = s.kind === "class" ? [...s.uses] : [...s.uses, ...s.childOuter, ...s.bound];
  for (const n of own) if (!local(n) && !s.globals.has(n)) out.add(n);
  for (const n of s.nonlocals) out.add(n);
  if (s.kind === "class") for (const n of s.childOuter) if (n !== "__class__") out.add(n);
  return out;
}

/** How the symbol table classifies `name` as used in function scope `s`. */
export function scopeOf(s: Scope, name: string): "local" | "free" | "global" {
  if (s.globals.has(name)) return "global";
  if (s.nonlocals.has(name)) return "free";
  if (localBound(s)(name)) return "local";
  for (let p = s.parent; p && p.kind !== "module"; p = p.parent) {
    if (p.kind === "class") {
      if (name === "__class__") return "free";
      continue;
    }
    if (p.globals.has(name)) return "global";
    if (localBound(p)(name) || p.nonlocals.has(name)) return "free";
  }
  return "global";
}

/** Whether `name` used in scope `s` is looked up in the module's globals (then builtins). */
export function isGlobal(s: Scope, name: string): boolean {
  if (s.kind === "function") return scopeOf(s, name) === "global";
  if (s.kind === "module") return true;
  // A class body looks in its own namespace first: a name it binds is not (only) a global.
  if (s.bound.has(name) && !s.globals.has(name)) return false;
  for (let p = s.parent; p && p.kind !== "module"; p = p.parent) {
    if (p.kind === "class") continue;
    if (p.globals.has(name)) return true;
    if (localBound(p)(name) || p.nonlocals.has(name)) return false;
  }
  return true;
}

/**
 * What an import statement does to the names of the scope it runs in, in the compiler's order:
 * `attr` — a name written into `co_names` (`import a.b` → `a.b`; with `as`, `b` too; `from m import x`
 * → `m`, `x`); `store` — a name bound (`a`, the `as` name, `x`); `broken` — a syntax error inside.
 */
export function importOps(node: SyntaxNode, text: string): ({ op: "attr" | "store"; name: string } | { op: "broken" })[] {
  const out: ({ op: "attr" | "store"; name: string } | { op: "broken" })[] = [];
  const src = (n: SyntaxNode) => text.slice(n.from, n.to);
  const k: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) k.push(c);
  if (k[0]?.name === "from") {
    const at = k.findIndex((c) => c.name === "import");
    out.push({ op: "attr", name: k.slice(1, at).filter((c) => c.name === "VariableName").map(src).join(".") });
    let pending: string | null = null;
    let asNext = false;
    const flush = () => {
      if (pending !== null) out.push({ op: "store", name: pending });
      pending = null;
    };
    for (const c of k.slice(at + 1)) {
      if (c.name === "VariableName") {
        if (asNext) {
          pending = src(c);
          asNext = false;
        } else {
          flush();
          out.push({ op: "attr", name: src(c) });
          pending = src(c);
        }
      } else if (c.name === "as") asNext = true;
      else if (c.type.isError) out.push({ op: "broken" });
    }
    flush();
    return out;
  }
  // import a.b.c [as d], e
  const groups: SyntaxNode[][] = [[]];
  for (const c of k.slice(1)) {
    if (c.name === ",") groups.push([]);
    else groups[groups.length - 1]!.push(c);
  }
  for (const g of groups) {
    const asAt = g.findIndex((c) => c.name === "as");
    const parts = (asAt < 0 ? g : g.slice(0, asAt)).filter((c) => c.name === "VariableName").map(src);
    if (!parts.length) continue;
    out.push({ op: "attr", name: parts.join(".") });
    if (asAt >= 0) {
      for (const p of parts.slice(1)) out.push({ op: "attr", name: p });
      const alias = g.slice(asAt + 1).find((c) => c.name === "VariableName");
      if (alias) out.push({ op: "store", name: src(alias) });
    } else out.push({ op: "store", name: parts[0]! });
  }
  return out;
}
