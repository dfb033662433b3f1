/**
 * Fills the bundle's `docstring` field: the object's `getdoc` text parsed (analyzer's
 * `parseDocstring`), names resolved through the program's public queries, and each documented
 * parameter linked to the signature parameter of the same name.
 */
import { parseDocstring, type DefinedObject, type DocResolver, type DocstringStyle, type InspectSignature, type Program } from "@static-inspect/analyzer/core"; // the core: this module is in the browser-safe `./core`
import type { Expression } from "@static-inspect/parser";
import type { BundleDocstring } from "./docstring-schema.ts";

const NOWHERE = { from: 0, to: 0, line: 1, column: 0, endLine: 1, endColumn: 0 };

/** `a.b.c` as a Name/Attribute expression for the annotation resolver. */
function dotted(name: string): Expression {
  const parts = name.split(".");
  let e: Expression = { kind: "Name", id: parts[0]!, text: parts[0]!, span: NOWHERE };
  for (const p of parts.slice(1)) e = { kind: "Attribute", value: e, attr: p, text: `${e.text}.${p}`, span: NOWHERE };
  return e;
}

/**
 * The id of a signature parameter: `<object id>(<parameter name>)`, e.g. `shapes.geometry:Circle.scale(factor)`.
 * Unique within a bundle because a signature's names are unique.
 */
export const parameterId = (objectId: string, name: string): string => `${objectId}(${name})`;

/**
 * A resolver for the names in `o`'s docstring, mirroring how Sphinx's Python domain looks a target
 * up from the current class and module: a bare name among the class's members
 * (`Program.getattr_static`), then the module's globals and builtins (the annotation resolver),
 * then the whole dotted name as an absolute path (longest importable module prefix, then attributes
 * by `getattr_static`), then relative to the module's package. Results are memoised in `cache` by module, class and name,
 * with the modules each resolution read, which count for the computation under way at every use
 * (`Program.dependOn`) as if it resolved the name itself; every name asked for is added to
 * `queried` (as `module\0name`) before the memo is read.
 */
export function docResolver(program: Program, o: DefinedObject, cache: ResolvedNames, queried?: Set<string>): DocResolver {
  const classId = o.kind === "class" ? o.id : o.parent && program.object(o.parent)?.kind === "class" ? o.parent : null;
  return (name) => {
    queried?.add(`${o.scope}\0${name}`);
    const key = `${o.scope}\0${classId ?? ""}\0${name}`;
    const known = cache.get(key);
    if (known) {
      program.dependOn(known.reads);
      return known.id;
    }
    const { value: id, reads } = program.dependencies(() => {
      try {
        return resolveName(program, o.scope, classId, name);
      } catch {
        return null;
      }
    });
    cache.set(key, { id, reads });
    return id;
  };
}

/** The memo of {@link docResolver}: by module, class and name, the id a docstring name resolved to and the modules resolving it read. */
export type ResolvedNames = Map<string, { readonly id: string | null; readonly reads: readonly string[] }>;

function resolveName(program: Program, module: string, classId: string | null, name: string): string | null {
  if (!/^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$/.test(name)) return null;
  const parts = name.split(".");
  if (classId) {
    const hit = walk(program, classId, parts);
    if (hit) return hit;
  }
  const [ref] = program.annotationRefs(module, dotted(name));
  if (ref?.id) return ref.id;
  // As an absolute path, then relative to the module's package (`errors.QuotaError` in `pkg`).
  const pkg = program.module(module)?.isPackage ? module : module.split(".").slice(0, -1).join(".");
  for (const path of pkg ? [parts, [...pkg.split("."), ...parts]] : [parts]) {
    for (let n = path.length; n >= 1; n--) {
      const prefix = path.slice(0, n).join(".");
      if (!program.module(prefix)) continue;
      const hit = n === path.length ? prefix : walk(program, prefix, path.slice(n));
      if (hit) return hit;
      break;
    }
  }
  return null;
}

/** Follows attribute names from a module or class id by `getattr_static` (a module's submodules too). */
function walk(program: Program, start: string, names: readonly string[]): string | null {
  let at: string | null = start;
  for (const n of names) {
    if (at === null) return null;
    const attr = program.getattr_static(at, n);
    const submodule: string | null = !at.includes(":") && program.module(`${at}.${n}`) ? `${at}.${n}` : null;
    at = attr?.id ?? submodule;
  }
  return at;
}

/**
 * The `docstring` view of an object whose `getdoc` text is `doc`: parsed in `style` (detected when
 * undefined), with every parameters-section item given the id of the same-named parameter of
 * `signature` (see {@link parameterId}), `null` when there is none. Never throws for any text.
 */
export function docstringView(
  doc: string,
  objectId: string,
  signature: InspectSignature | null,
  resolve: DocResolver,
  style?: DocstringStyle,
): BundleDocstring {
  const parsed = parseDocstring(doc, { style, resolve });
  const names = new Set(signature?.parameters.map((p) => p.name) ?? []);
  return {
    style: parsed.style,
    summary: parsed.summary,
    description: parsed.description,
    sections: parsed.sections.map((s) => {
      switch (s.kind) {
        case "parameters":
        case "other_parameters":
        case "attributes":
          return {
            kind: s.kind,
            title: s.title,
            items: s.items.map((p) => ({
              name: p.name,
              id: s.kind !== "attributes" && names.has(p.name) ? parameterId(objectId, p.name) : null,
              type: p.type ? { text: p.type.text, refs: p.type.refs.map((r) => ({ ...r })) } : null,
              description: p.description,
            })),
          };
        case "returns":
        case "yields":
        case "receives":
          return { kind: s.kind, title: s.title, items: s.items.map((r) => ({ name: r.name, type: r.type ? { text: r.type.text, refs: r.type.refs.map((x) => ({ ...x })) } : null, description: r.description })) };
        case "raises":
        case "warns":
          return { kind: s.kind, title: s.title, items: s.items.map((r) => ({ ...r })) };
        case "see_also":
          return { kind: s.kind, title: s.title, items: s.items.map((r) => ({ ...r })) };
        case "examples":
          return { kind: s.kind, title: s.title, blocks: s.blocks.map((b) => ({ ...b })) };
        case "deprecated":
          return { kind: s.kind, title: s.title, version: s.version, text: s.text };
        default:
          return { kind: s.kind, title: s.title, text: s.text };
      }
    }),
    xrefs: parsed.xrefs.map((x) => ({ role: x.role, name: x.name, id: x.id })),
  };
}
