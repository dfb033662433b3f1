/**
 * `diffBundles(old, new)`: the public API change set between two bundles (added, removed, and the
 * breakages of every object whose public path survives), as one report that the diff schema
 * validates.
 */
import type { Bundle, BundleObject } from "../schema.ts";
import { matchApis } from "./match.ts";
import { publicApi, type ApiEntry, type PublicApi } from "./public-api.ts";
import { pairFindings, SEVERITY, type Finding } from "./rules.ts";
import { DIFF_SCHEMA_ID, DIFF_SCHEMA_VERSION, type Breakage, type DiffObject, type DiffReport } from "./schema.ts";

/** How the report names the two sides (`old`/`new` fields); default `"old"` and `"new"`. */
export interface DiffOptions {
  readonly oldLabel?: string;
  readonly newLabel?: string;
}

const location = (o: BundleObject | undefined) => (o ? { file: o.file, line: o.span.line } : null);

/**
 * Compares two bundles of the same code at two versions. Public paths come from
 * {@link publicApi} (aliases followed); each path in both versions is compared once per distinct
 * pair of objects (see `matchApis`); a path only in the old version is OBJECT_REMOVED, or
 * INHERITED_MEMBER_LOST when the old class only inherited it (an object exported under several removed
 * paths is reported once, at its shortest). Sorted and deterministic.
 * Never throws for valid bundles.
 */
export function diffBundles(oldBundle: Bundle, newBundle: Bundle, options: DiffOptions = {}): DiffReport {
  const oldApi = publicApi(oldBundle);
  const newApi = publicApi(newBundle);
  const ctx = { old: oldApi, new: newApi };
  const matching = matchApis(oldApi, newApi);
  const breakages: Breakage[] = [];
  const push = (f: Finding, path: string, o: ApiEntry, n: ApiEntry | null) => {
    const oo = o.id ? oldApi.objects.get(o.id) : undefined;
    const no = n?.id ? newApi.objects.get(n.id) : undefined;
    breakages.push({ kind: f.kind, severity: SEVERITY[f.kind], path, parameter: f.parameter, message: f.message, old: f.old, new: f.new, oldId: o.id, newId: n?.id ?? null, location: location(no) ?? location(oo) });
  };
  // A removed object exported under several paths is reported once, at the first (shortest) path.
  const reported = new Set<string>();
  const removed = [...matching.removed].sort((a, b) => a.path.split(".").length - b.path.split(".").length || cmp(a.path, b.path));
  for (const e of removed) {
    if (e.id !== null && !e.inherited) {
      if (reported.has(e.id)) continue;
      reported.add(e.id);
    }
    if (e.inherited) {
      const cls = e.path.slice(0, e.path.lastIndexOf("."));
      const name = e.path.slice(e.path.lastIndexOf(".") + 1);
      const stillClass = newApi.entries.get(cls);
      const clsObject = stillClass?.id ? newApi.objects.get(stillClass.id) : undefined;
      // The new class's __mro__ unknown: whether it still inherits the name is unknown too.
      if (clsObject && clsObject.kind === "class" && clsObject.mro === null) continue;
      push({ kind: "INHERITED_MEMBER_LOST", parameter: name, message: `Inherited member ${name} is gone`, old: `inherited from ${e.owner}`, new: null }, e.path, e, null);
      if (clsObject) breakages[breakages.length - 1] = { ...breakages[breakages.length - 1]!, location: location(clsObject) };
    } else {
      push({ kind: "OBJECT_REMOVED", parameter: null, message: "Public object was removed", old: e.kind, new: null }, e.path, e, null);
    }
  }
  for (const pair of matching.pairs) {
    if (pair.old.id === null || pair.new.id === null) continue;
    const o = oldApi.objects.get(pair.old.id);
    const n = newApi.objects.get(pair.new.id);
    if (!o || !n) continue;
    for (const f of pairFindings(o, n, ctx)) push(f, pair.path, pair.old, pair.new);
  }
  breakages.sort((a, b) => cmp(a.path, b.path) || cmp(a.kind, b.kind) || cmp(a.parameter ?? "", b.parameter ?? ""));
  return {
    $schema: DIFF_SCHEMA_ID,
    schemaVersion: DIFF_SCHEMA_VERSION,
    old: options.oldLabel ?? "old",
    new: options.newLabel ?? "new",
    added: matching.added.map((e) => apiObject(e, newApi)),
    removed: matching.removed.map((e) => apiObject(e, oldApi)),
    breakages,
  };
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function apiObject(e: ApiEntry, api: PublicApi): DiffObject {
  return { path: e.path, id: e.id, kind: e.kind, location: location(e.id ? api.objects.get(e.id) : undefined) };
}
