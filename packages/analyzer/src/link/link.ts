/**
 * The link pass over the given modules: every module-level import and alias resolved, every class's
 * bases and MRO computed, each problem a diagnostic. What the inspect views need beyond that is linked
 * as each view is computed (`query/views.ts`), its diagnostics kept with it.
 */
import type { NameBinding } from "../model/summary.ts";
import { CYCLE, hasName, isChainFailure, MAX_CHAIN, moduleExists, resolveName, starImports } from "./resolve.ts";
import type { LinkContext } from "./context.ts";
import { getmro } from "./mro.ts";
import { internalError } from "../diagnostics.ts";
import { checkpoint } from "../faults.ts";

/**
 * Links the given modules, reporting `unresolved-import` (severity `info` when the import is guarded
 * by `try/except ImportError`), `alias-cycle`, `unresolved-base`, `inheritance-cycle` and
 * `mro-conflict`. A crash while linking one name or class becomes an `internal-error` diagnostic on
 * it and the rest is still linked. `onModule` is called with the count of modules linked after each.
 * Never throws.
 */
export function linkModules(cx: LinkContext, onModule?: (done: number) => void): void {
  let done = 0;
  for (const s of cx.emitted) {
    const bindings: [string, NameBinding][] = [...Object.entries(s.scope), ...starImports(s.starImports).map((b): [string, NameBinding] => [`*${b.target}`, b])];
    for (const [name, b] of bindings) {
      try {
        checkpoint("link", `name ${s.name}:${name}`);
        if (b.kind === "alias" || b.kind === "importFrom") {
          const r = resolveName(cx, s.name, name);
          if (r.kind === "unresolved" && isChainFailure(r.reason)) {
            const cycle = r.reason.startsWith(CYCLE);
            cx.report(`cycle:${s.path}:${name}`, {
              code: cycle ? "alias-cycle" : "alias-chain-too-long",
              severity: cycle ? "error" : "warning",
              message: cycle
                ? `cannot resolve '${name}': its chain of aliases and imports runs in a cycle`
                : `cannot resolve '${name}': its chain of aliases and imports is longer than ${MAX_CHAIN} steps`,
              path: s.path,
              span: b.span ?? cx.object(`${s.name}:${name}`)?.position ?? null,
            });
            continue;
          }
        }
        if (b.kind !== "import" && b.kind !== "importFrom" && b.kind !== "starImport") continue;
        let problem: string | null = null;
        const target = b.imported ?? b.target;
        if (b.kind === "importFrom") {
          if (!moduleExists(cx, b.target)) problem = `cannot find module '${b.target}'`;
          else if (!hasName(cx, b.target, b.name!)) problem = `cannot import name '${b.name}' from '${b.target}'`;
        } else if (!moduleExists(cx, target)) problem = `cannot find module '${target}'`;
        if (problem) {
          cx.report(`import:${s.path}:${b.line}:${name}`, {
            code: "unresolved-import",
            severity: b.guarded ? "info" : "warning",
            message: problem + (b.guarded ? " (guarded by try/except ImportError)" : ""),
            path: s.path,
            span: b.span ?? null,
          });
        }
      } catch (error) {
        cx.report(`crash:${s.path}:${name}`, internalError(`linking name '${name}' of ${s.name}`, error, s.path, b.span ?? cx.object(`${s.name}:${name}`)?.position ?? null));
      }
    }
    for (const o of s.objects) {
      if (o.kind !== "class" || o.synthesized) continue;
      try {
        checkpoint("link", `mro ${o.id}`);
        getmro(cx, o.id);
      } catch (error) {
        cx.report(`crash:${o.id}:mro`, internalError(`computing the MRO of ${o.id}`, error, o.path, o.position));
      }
    }
    onModule?.(++done);
  }
}
