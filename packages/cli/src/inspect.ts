/**
 * `static-inspect inspect TARGET`: what `python -m inspect TARGET` prints, from the static view.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { analyze, ANALYZE_DEFAULTS, type Program } from "@static-inspect/analyzer";
import { strRepr } from "@static-inspect/analyzer/unstable";
import { decodeSource } from "@static-inspect/parser";
import { UsageError } from "./errors.ts";

/** What {@link inspectTarget} needs. */
export interface InspectRequest {
  /** `module` or `module:qualname`, as `python -m inspect` takes it. */
  readonly target: string;
  /** `--details`: print `Target:`/`Origin:`/`Cached:`/`Line:` instead of the source. */
  readonly details: boolean;
  /** Where modules are looked up, in order, like `sys.path`. */
  readonly roots: readonly string[];
  /** The Python version mirrored (for the `__pycache__` tag); defaults to the analyzer's. */
  readonly python?: string;
}

/** What the target resolved to: a module, or an object defined in some module's source. */
type Resolved =
  | { readonly kind: "module"; readonly name: string }
  | { readonly kind: "object"; readonly id: string };

/**
 * The text `python -m inspect` would print for the request (including the final newline of its
 * `print`), computed without importing anything.
 *
 * `--details` prints `Target:`, `Origin:`, `Cached:` (the path `importlib.util.cache_from_source`
 * gives, which is what `__cached__` holds whether or not the file exists), for a package
 * `Submodule search path:`, and for an object `Line:` (0-based, as `inspect.findsource` counts).
 * The `Loader:` line is left out: it prints a memory address no static tool can know.
 *
 * @throws UsageError when the module or an attribute cannot be found, or (without `details`) when
 * the object has no source lines (where `python -m inspect` fails with a `TypeError`).
 */
export async function inspectTarget(request: InspectRequest): Promise<string> {
  const { target } = request;
  const colon = target.indexOf(":");
  const moduleName = colon < 0 ? target : target.slice(0, colon);
  const attrs = colon < 0 ? null : target.slice(colon + 1);
  if (!/^[\p{L}_][\p{L}\p{N}_]*(\.[\p{L}_][\p{L}\p{N}_]*)*$/u.test(moduleName)) {
    throw new UsageError(`invalid target '${target}': expected module or module:qualname`);
  }
  if (attrs !== null && attrs === "") throw new UsageError(`invalid target '${target}': empty qualname after ':'`);

  const python = request.python ?? ANALYZE_DEFAULTS.target.python;
  const program = await analyze({ paths: [], searchPaths: request.roots, target: { python } });
  const module = program.module(moduleName);
  if (!module) {
    throw new UsageError(`cannot find module '${moduleName}' (searched ${describeRoots(request.roots)})`);
  }
  const obj: Resolved = attrs === null ? { kind: "module", name: moduleName } : resolveAttributes(program, moduleName, attrs);

  if (request.details) {
    const origin = path.resolve(module.path);
    const lines = [`Target: ${target}`, `Origin: ${origin}`, `Cached: ${cacheFromSource(origin, python)}`];
    if (attrs === null) {
      if (module.isPackage) lines.push(`Submodule search path: [${strRepr(path.dirname(origin))}]`);
    } else {
      const line = findsourceLine(program, obj);
      if (line !== null) lines.push(`Line: ${line}`);
    }
    return lines.join("\n") + "\n\n\n";
  }
  return getsource(program, obj, target) + "\n";
}

function describeRoots(roots: readonly string[]): string {
  if (roots.length === 0) return "no search roots";
  const shown = roots.slice(0, 3).join(", ");
  return roots.length > 3 ? `${shown} and ${roots.length - 3} more` : shown;
}

/**
 * `getattr(module, a)`, then `getattr(…, b)`, … for `a.b…`, statically: module namespaces (with
 * re-exports and submodules), then class MROs. Falls back to the object id `module:qualname`, so
 * ids with `<locals>` (which `getattr` cannot reach) work too.
 */
function resolveAttributes(program: Program, moduleName: string, attrs: string): Resolved {
  let current: Resolved = { kind: "module", name: moduleName };
  let failure: string | null = null;
  for (const part of attrs.split(".")) {
    const next = getattr(program, current, part);
    if (typeof next === "string") {
      failure = next;
      break;
    }
    current = next;
  }
  if (failure === null) return current;
  const direct = `${moduleName}:${attrs}`;
  if (program.object(direct)) return { kind: "object", id: direct };
  throw new UsageError(failure);
}

/** One `getattr` step; a string is the reason it fails. */
function getattr(program: Program, owner: Resolved, name: string): Resolved | string {
  if (owner.kind === "module") return moduleAttribute(program, owner.name, name);
  const o = program.object(owner.id);
  if (!o) return `cannot find '${owner.id}'`;
  if (o.kind !== "class") return `cannot look up '${name}' on ${o.kind} '${owner.id}' statically`;
  const hit = program.getattr_static(owner.id, name);
  if (!hit) {
    // With the MRO unknown (a base that cannot be resolved), the class's own namespace still
    // comes first in any MRO; inherited names are left unknown rather than guessed.
    const own = `${owner.id}.${name}`;
    if (program.getmro(owner.id) === null) {
      if (program.object(own)) return { kind: "object", id: own };
      return `cannot look up '${name}' on '${owner.id}': its MRO is unknown (see the diagnostics of analyze; try --python-search-path)`;
    }
    return `type object '${o.qualname ?? o.name}' has no attribute '${name}'`;
  }
  if (hit.id === null) return `'${owner.id}.${name}' (found on ${hit.owner}) is not a definition with source`;
  if (!program.object(hit.id)) return `'${hit.id}' is a builtin, which has no Python source`;
  return { kind: "object", id: hit.id };
}

/** `getattr(module, name)`: the module namespace (re-exports included), else a submodule. */
function moduleAttribute(program: Program, moduleName: string, name: string): Resolved | string {
  const ref = program.resolveFrom(moduleName, name);
  switch (ref.kind) {
    case "module":
      return program.module(ref.name) ? { kind: "module", name: ref.name } : `cannot find module '${ref.name}'`;
    case "object":
      return program.object(ref.id) ? { kind: "object", id: ref.id } : `cannot find '${ref.id}'`;
    case "builtin":
      return `'${moduleName}.${name}' is the builtin ${ref.id}, which has no Python source`;
    case "unresolved":
      return ref.reason.startsWith("cannot import name")
        ? `module '${moduleName}' has no attribute '${name}'`
        : `module '${moduleName}' has no attribute '${name}' (${ref.reason})`;
    default: // values and constants
      return `'${moduleName}.${name}' is a value, not a definition with source`;
  }
}

/** `importlib.util.cache_from_source(path)` for CPython `python` (no optimization level). */
function cacheFromSource(file: string, python: string): string {
  const tag = `cpython-${python.replace(".", "")}`;
  const stem = path.basename(file).replace(/\.py$/, "");
  return path.join(path.dirname(file), "__pycache__", `${stem}.${tag}.pyc`);
}

/** The source lines of a file as `linecache` holds them (universal newlines, each ending in `\n`). */
function sourceLines(file: string): string[] {
  const text = decodeSource(readFileSync(file), file).text;
  if (text === "") return [];
  const lines = text.split("\n").map((l) => l + "\n");
  if (text.endsWith("\n")) lines.pop();
  return lines;
}

/** The 0-based line `inspect.findsource` gives, or `null` where it raises (no `Line:` is printed). */
function findsourceLine(program: Program, obj: Resolved): number | null {
  if (obj.kind === "module") {
    const m = program.module(obj.name);
    return m && sourceLines(m.path).length > 0 ? 0 : null;
  }
  const sl = program.object(obj.id)?.sourcelines;
  if (!sl) return null;
  return sl.lineno === 0 ? 0 : sl.lineno - 1;
}

/** `inspect.getsource(obj)`: the whole file for a module, else the object's `getsourcelines` block. */
function getsource(program: Program, obj: Resolved, target: string): string {
  if (obj.kind === "module") {
    const m = program.module(obj.name)!;
    const lines = sourceLines(m.path);
    if (lines.length === 0) throw new UsageError(`${target}: could not get source code (empty file ${m.path})`);
    return lines.join("");
  }
  const o = program.object(obj.id)!;
  const sl = o.sourcelines;
  if (!sl) throw new UsageError(`${target}: ${o.id} is a ${o.kind}, which has no source lines of its own`);
  const lines = sourceLines(o.path);
  const start = sl.lineno === 0 ? 0 : sl.lineno - 1;
  return lines.slice(start, start + sl.count).join("");
}
