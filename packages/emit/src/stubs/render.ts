/**
 * One `.pyi` stub per analysed module, from the bundle: signatures as inspect reports them, with
 * annotations as written (and the imports they need), defaults as `...` unless a simple literal,
 * `@overload` variants, properties, class variables and attributes with their annotations,
 * `__all__`, re-exports as `from m import x as x`, dataclass/NamedTuple/Enum classes as
 * declarations.
 */
import { childrenByParent } from "../bundle-children.ts";
import type { Bundle, BundleObject, BundleSignature } from "../schema.ts";
import { StubImports } from "./imports.ts";

/** One stub file: `path` is relative (`pkg/__init__.pyi`, `pkg/mod.pyi`), `/`-separated. */
export interface StubFile {
  readonly module: string;
  readonly path: string;
  readonly text: string;
  /** Names the stub uses but could not import (their resolution is unknown). */
  readonly unresolved: readonly string[];
}

const NUMBER = /^-?(?:\d[\d_]*(?:\.[\d_]*)?(?:[eE][-+]?\d+)?|\.\d[\d_]*(?:[eE][-+]?\d+)?|0[xX][\da-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+)[jJ]?$/;
const STRING = /^[rRbBuU]{0,2}(?:'[^'\\\n]*'|"[^"\\\n]*")$/;

/**
 * Whether a default or value's source text is a simple literal kept in a stub: a number, a short
 * single-line string or bytes literal without escapes, `None`, `True`, `False` or `...`.
 */
export function isSimpleLiteral(text: string): boolean {
  const t = text.trim();
  return ["None", "True", "False", "..."].includes(t) || NUMBER.test(t) || (STRING.test(t) && t.length <= 60);
}

const oneLine = (s: string) => s.replace(/\s*\n\s*/g, " ");

/** Decorators kept as written (by their last dotted name), with the module that defines them. */
const KEPT_DECORATORS: Record<string, string> = {
  abstractmethod: "abc",
  dataclass: "dataclasses",
  final: "typing",
  runtime_checkable: "typing",
  total_ordering: "functools",
  override: "typing",
};
/** Module-level factories kept as written in a value (`T = TypeVar("T")`), with their module. */
const KEPT_FACTORIES: Record<string, string> = { TypeVar: "typing", ParamSpec: "typing", TypeVarTuple: "typing", NewType: "typing" };

/** Renders every module of `bundle` as a stub, sorted by module. Never throws. */
export function renderStubs(bundle: Bundle): StubFile[] {
  const children = childrenByParent(bundle);
  for (const list of children.values()) list.sort((a, b) => a.span.line - b.span.line || (a.name < b.name ? -1 : 1));
  return bundle.modules.map((m) => {
    const own = (children.get(m.id) ?? []).filter((o) => !droppedImport(o, m.all));
    const imports = new StubImports(new Set(own.map((o) => o.name)));
    const body = new StubWriter(imports, children).module(m.id, own, m.all);
    const head = imports.lines();
    const text = [...(head.length ? [...head, ""] : []), ...body].join("\n").replace(/\n{3,}/g, "\n\n").trim() + "\n";
    const path = m.id.split(".").join("/") + (m.isPackage ? "/__init__.pyi" : ".pyi");
    return { module: m.id, path, text, unresolved: [...imports.unresolved].sort() };
  });
}

/** An alias object made by an import (its `value` is null). */
function isImportAlias(o: BundleObject): boolean {
  const a = o as unknown as { kind: string; value?: string | null };
  return a.kind === "alias" && (a.value === null || a.value === undefined);
}

/**
 * An import the stub leaves out: made for the module's own use, not re-exported (not in `__all__`:
 * `is_exported` when the bundle says, else `all`), or a `__future__` import. The stub imports what its
 * annotations need itself; only exported names are written, as `from m import x as x`.
 */
function droppedImport(o: BundleObject, all: readonly string[] | null): boolean {
  if (!isImportAlias(o)) return false;
  const a = o as unknown as { target?: string | null; is_exported?: boolean };
  const target = a.target ?? "";
  if (target === "__future__" || target.startsWith("__future__:")) return true;
  return !(a.is_exported ?? (all?.includes(o.name) ?? false));
}

class StubWriter {
  constructor(
    private readonly imports: StubImports,
    private readonly children: ReadonlyMap<string, BundleObject[]>,
  ) {}

  module(_id: string, own: readonly BundleObject[], all: readonly string[] | null): string[] {
    const out: string[] = [];
    const names = new Set(own.map((o) => o.name));
    if (all !== null) out.push(`__all__ = [${all.map((n) => JSON.stringify(n)).join(", ")}]`, "");
    for (const name of all ?? []) {
      if (!names.has(name)) out.push(`# ${name}: re-exported, but the bundle does not say from where`);
    }
    for (const o of own) {
      if (o.name === "__all__") continue;
      out.push(...this.object(o, "", "module"));
    }
    return out;
  }

  private object(o: BundleObject, indent: string, where: "module" | "class" | "enum" | "fields"): string[] {
    const alias = o as unknown as { kind: string; target?: string | null };
    if (alias.kind === "alias") {
      const target = alias.target ?? null;
      if (!isImportAlias(o) && target !== null) {
        // `camelCase = snake_case`, `__radd__ = __add__`: the same binding, written as in the source.
        const local = this.localName(o, target);
        if (local !== null) return [`${indent}${o.name} = ${local}`];
      }
      return this.reexport(o.name, target, indent);
    }
    switch (o.kind) {
      case "class":
        return this.klass(o, indent);
      case "function":
      case "method":
      case "staticmethod":
      case "classmethod":
        return this.routine(o, indent);
      case "property":
      case "cached_property":
        return this.property(o, indent);
      case "attribute":
        return this.attribute(o, indent, where);
      default:
        return [];
    }
  }

  /** The name `target` has in the scope that holds `o` (same module, same class), or `null`. */
  private localName(o: BundleObject, target: string): string | null {
    const colon = target.indexOf(":");
    if (colon < 0 || target.slice(0, colon) !== o.module) return null;
    const qual = target.slice(colon + 1);
    const scope = o.qualname?.includes(".") ? o.qualname.slice(0, o.qualname.lastIndexOf(".") + 1) : "";
    if (!qual.startsWith(scope)) return null;
    const rest = qual.slice(scope.length);
    return rest.includes(".") ? null : rest;
  }

  private reexport(name: string, target: string | null, indent: string): string[] {
    if (!target) return [];
    const colon = target.indexOf(":");
    if (colon < 0) {
      const dot = target.lastIndexOf(".");
      return [dot < 0 ? `${indent}import ${target} as ${name}` : `${indent}from ${target.slice(0, dot)} import ${target.slice(dot + 1)} as ${name}`];
    }
    const qual = target.slice(colon + 1);
    if (qual.includes(".")) return [`${indent}# ${name}: re-export of ${target}`];
    return [`${indent}from ${target.slice(0, colon)} import ${qual} as ${name}`];
  }

  private annotation(a: NonNullable<BundleObject["annotation"]>): string {
    for (const r of a.refs) this.imports.bind(r.name, r.id);
    return oneLine(a.text);
  }

  private params(sig: BundleSignature, leading: string[]): string {
    const parts = [...leading];
    const hasVarPositional = sig.parameters.some((p) => p.kind === "VAR_POSITIONAL");
    let starred = false;
    sig.parameters.forEach((p, i) => {
      if (p.kind === "KEYWORD_ONLY" && !hasVarPositional && !starred) {
        parts.push("*");
        starred = true;
      }
      const stars = p.kind === "VAR_POSITIONAL" ? "*" : p.kind === "VAR_KEYWORD" ? "**" : "";
      const ann = p.annotation ? `: ${this.annotation(p.annotation)}` : "";
      const def = p.default ? `${ann ? " = " : "="}${isSimpleLiteral(p.default.text) ? oneLine(p.default.text) : "..."}` : "";
      parts.push(`${stars}${p.name}${ann}${def}`);
      if (p.kind === "POSITIONAL_ONLY" && sig.parameters[i + 1]?.kind !== "POSITIONAL_ONLY") parts.push("/");
    });
    return parts.join(", ");
  }

  private def(o: BundleObject, sig: BundleSignature, indent: string, decorators: string[]): string[] {
    // inspect.signature of a classmethod drops cls; the def takes it.
    const leading = o.kind === "classmethod" ? ["cls"] : [];
    const ret = sig.return_annotation ? ` -> ${this.annotation(sig.return_annotation)}` : "";
    const async = o.predicates.iscoroutinefunction || o.predicates.isasyncgenfunction ? "async " : "";
    return [...decorators.map((d) => `${indent}@${d}`), `${indent}${async}def ${o.name}(${this.params(sig, leading)})${ret}: ...`];
  }

  private keptDecorators(o: BundleObject): string[] {
    const kept: string[] = [];
    for (const text of o.decorators) {
      const dotted = /^[A-Za-z_][\w.]*/.exec(text)?.[0] ?? "";
      const last = dotted.split(".").pop()!;
      const mod = KEPT_DECORATORS[last];
      if (!mod) continue;
      this.imports.bind(dotted, `${mod}:${last}`);
      kept.push(oneLine(text));
    }
    return kept;
  }

  private routine(o: BundleObject, indent: string): string[] {
    const kind: string[] = [];
    if (o.kind === "staticmethod" && o.decorators.includes("staticmethod")) kind.push("staticmethod");
    if (o.kind === "classmethod" && o.decorators.includes("classmethod")) kind.push("classmethod");
    const decorators = [...kind, ...this.keptDecorators(o)];
    if (o.overloads && o.overloads.length > 0) {
      this.imports.from("typing", "overload");
      return o.overloads.flatMap((s) => this.def(o, s, indent, [...decorators, "overload"]));
    }
    if (!o.signature) return [`${indent}${o.name}: ${this.incomplete()}`];
    return this.def(o, o.signature, indent, decorators);
  }

  private property(o: BundleObject, indent: string): string[] {
    let decorator = "property";
    if (o.kind === "cached_property") {
      this.imports.from("functools", "cached_property");
      decorator = "cached_property";
    }
    return [`${indent}@${decorator}`, ...this.keptDecorators(o).map((d) => `${indent}@${d}`), `${indent}def ${o.name}(self): ...`];
  }

  private incomplete(): string {
    this.imports.from("_typeshed", "Incomplete");
    return "Incomplete";
  }

  private attribute(o: BundleObject, indent: string, where: "module" | "class" | "enum" | "fields"): string[] {
    if (where !== "module" && isDunderName(o.name)) return [];
    // `self.x = …` in `__init__`: declared on the class with its type only (the value is the instance's).
    if (o.instance) return [`${indent}${o.name}: ${o.annotation ? this.annotation(o.annotation) : this.incomplete()}`];
    const value = o.value === null ? null : o.value.trim();
    if (o.annotation) {
      const ann = this.annotation(o.annotation);
      if (value === null) return [`${indent}${o.name}: ${ann}`];
      if (isSimpleLiteral(value)) return [`${indent}${o.name}: ${ann} = ${oneLine(value)}`];
      return [where === "module" ? `${indent}${o.name}: ${ann}` : `${indent}${o.name}: ${ann} = ...`];
    }
    if (value !== null && isSimpleLiteral(value)) return [`${indent}${o.name} = ${oneLine(value)}`];
    if (where === "enum") return [`${indent}${o.name} = ...`];
    const factory = value === null ? null : /^([A-Za-z_][\w.]*)\(/.exec(value);
    const fname = factory?.[1]?.split(".").pop();
    if (factory && fname && KEPT_FACTORIES[fname] && where === "module") {
      this.imports.bind(factory[1]!, `${KEPT_FACTORIES[fname]}:${fname}`);
      return [`${indent}${o.name} = ${oneLine(value!)}`];
    }
    return [`${indent}${o.name}: ${this.incomplete()}`];
  }

  private klass(o: BundleObject, indent: string): string[] {
    const members = this.children.get(o.id) ?? [];
    const owns = (name: string) => (o.members ?? []).some((m) => m.name === name && m.owner === o.id);
    const bases: string[] = [];
    let where: "class" | "enum" | "fields" = "class";
    const baseList = o.bases ?? [];
    if (baseList.length === 1 && baseList[0]!.id === "builtins:tuple" && owns("_fields") && o.signature) {
      // class P(NamedTuple): the NamedTuple base becomes tuple at run time (__mro_entries__).
      this.imports.from("typing", "NamedTuple");
      bases.push("NamedTuple");
      where = "fields";
    } else {
      for (const b of baseList) {
        const asId = /^([\w.]+):([A-Za-z_]\w*)$/.exec(b.text);
        if (asId) {
          // A class replaced by its C implementation lists its bases by id (builtins:object).
          if (asId[1] !== "builtins") this.imports.from(asId[1]!, asId[2]!);
          bases.push(asId[2]!);
          continue;
        }
        if (b.id) this.imports.bind(/^[A-Za-z_][\w.]*/.exec(b.text)?.[0] ?? b.text, b.id);
        bases.push(oneLine(b.text));
      }
      const mro = o.mro ?? [];
      if (mro.includes("enum:Enum")) where = "enum";
    }
    const decorators = this.keptDecorators(o);
    if (decorators.some((d) => /dataclass/.test(d))) where = "fields";
    const head = [...decorators.map((d) => `${indent}@${d}`), `${indent}class ${o.name}${bases.length ? `(${bases.join(", ")})` : ""}:`];
    const body = members.flatMap((m) => this.object(m, indent + "    ", where));
    return ["", ...head, ...(body.length ? body : [`${indent}    ...`]), ""];
  }
}

const isDunderName = (name: string) => name.length > 4 && name.startsWith("__") && name.endsWith("__");
