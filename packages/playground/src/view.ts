/**
 * The selected object's inspect view, rendered from a `Program` as the page shows it: what
 * `python -m inspect --details TARGET` prints, plus signature, getdoc, getcomments, getsourcelines,
 * MRO, bases and getmembers_static with each member's owner.
 */
import type { ModuleSummary, Program } from "@static-inspect/analyzer/core";
import type { ObjectView } from "./protocol.ts";

/** `importlib.util.cache_from_source(path)` for `python` (`pkg/__pycache__/mod.cpython-311.pyc`). */
export function cacheFromSource(path: string, python: string): string {
  const slash = path.lastIndexOf("/");
  const dir = path.slice(0, slash + 1);
  const stem = path.slice(slash + 1).replace(/\.pyi?$/, "");
  return `${dir}__pycache__/${stem}.cpython-${python.replace(".", "")}.pyc`;
}

/** The view of object `id` (or module `id`), or `null` when the program has no such object. */
export function objectView(program: Program, id: string, files: Readonly<Record<string, string>>): ObjectView | null {
  const python = program.target.python;
  const module = program.module(id);
  if (module) return moduleView(program, module, files, python);
  const o = program.object(id);
  const v = program.view(id);
  if (!o || !v) return null;
  const m = program.module(o.module)!;
  const target = `${o.module}:${o.qualname ?? o.name}`;
  const details = [`Target: ${target}`, `Origin: ${m.path}`, `Cached: ${cacheFromSource(m.path, python)}`];
  if (o.sourcelines) details.push(`Line: ${o.sourcelines.lineno === 0 ? 0 : o.sourcelines.lineno - 1}`);
  return {
    id,
    kind: o.kind,
    details: details.join("\n"),
    signature: v.signature?.text ?? null,
    doc: v.doc,
    comments: v.comments,
    sourcelines: o.sourcelines,
    source: sourceOf(files[m.path], o.sourcelines),
    mro: v.mro,
    bases: v.bases?.map((b) => b.id ?? b.text) ?? null,
    members: v.members,
    predicates: Object.entries(v.predicates).filter(([, yes]) => yes === true).map(([name]) => name),
  };
}

function moduleView(program: Program, m: ModuleSummary, files: Readonly<Record<string, string>>, python: string): ObjectView {
  const details = [`Target: ${m.name}`, `Origin: ${m.path}`, `Cached: ${cacheFromSource(m.path, python)}`];
  if (m.isPackage) details.push(`Submodule search path: ['${m.path.replace(/\/?[^/]*$/, "") || "."}']`);
  const text = files[m.path] ?? "";
  return {
    id: m.name,
    kind: "module",
    details: details.join("\n"),
    signature: null,
    doc: program.getdoc(m.name),
    comments: program.getcomments(m.name),
    sourcelines: null,
    source: text,
    mro: null,
    bases: null,
    members: program.moduleMembers(m.name)?.map((x) => ({ name: x.name, owner: x.id })) ?? null,
    predicates: ["ismodule"],
  };
}

/** The lines `getsourcelines` names, from the editor's text. */
function sourceOf(text: string | undefined, lines: { readonly lineno: number; readonly count: number } | null): string | null {
  if (text === undefined || !lines) return null;
  const all = text.split("\n");
  const start = Math.max(lines.lineno - 1, 0);
  return all.slice(start, start + lines.count).join("\n");
}
