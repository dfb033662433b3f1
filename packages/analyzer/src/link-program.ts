/**
 * Module summaries and a host to a {@link Program}: the link pass and the inspect views, with the
 * modules the given ones import found and read through an {@link AnalyzerHost}. No file access of
 * its own (Node's `link` in `analyze.ts` passes a Node host).
 */
import type { Diagnostic } from "@static-inspect/parser";
import type { Target } from "./bind/conditions.ts";
import { loadBuiltins } from "./data/builtins.ts";
import { DEFAULTS } from "./defaults.ts";
import type { SourceFile } from "./discover.ts";
import { moduleExistence } from "./files/find.ts";
import { summarizeWithHost, useHostData, type AnalyzerHost } from "./host.ts";
import { LinkContext } from "./link/context.ts";
import { linkModules } from "./link/link.ts";
import type { ModuleSummary } from "./model/summary.ts";
import { Program } from "./program.ts";
import { inspectViews } from "./query/views.ts";

/** Options of {@link linkProgram}. */
export interface LinkProgramOptions {
  /** Finds and reads the modules the given ones import, and gives the data files. */
  readonly host: AnalyzerHost;
  /** The interpreter analysed for; default `DEFAULTS.target`. */
  readonly target?: Partial<Target>;
  /** Reads a module the host found into its summary; default {@link summarizeWithHost} with the host. */
  readonly summarize?: (file: SourceFile, target: Target) => ModuleSummary;
  /** Called after each given module is linked (`done` of `total` modules); it must not throw. */
  readonly onProgress?: (progress: { readonly phase: "link"; readonly done: number; readonly total: number }) => void;
  /** Problems found while finding the files, listed first among the program's diagnostics. */
  readonly discovery?: readonly Diagnostic[];
}

/**
 * Links module summaries into a {@link Program}: the link pass (imports, aliases, bases, MRO; import
 * guards decided for the target); the inspect views of the given modules' objects are computed as
 * they are asked for, each with the diagnostics it implies (see `query/views.ts`). Modules the given
 * ones import are found with `host.findModule` (memoised per name) and read as far as they are
 * reached. The host's data reader becomes the process's (see `setDataReader`).
 *
 * Never throws for problems in the Python (they are diagnostics); `RangeError` for a target version
 * without builtins data.
 */
export function linkProgram(summaries: readonly ModuleSummary[], options: LinkProgramOptions): Program {
  const { host } = options;
  useHostData(host);
  const target: Target = { ...DEFAULTS.target, ...options.target };
  const builtins = loadBuiltins(target.python);
  const summarize = options.summarize ?? ((file: SourceFile, t: Target) => summarizeWithHost(host, file, t));
  const given = new Set(summaries.map((s) => s.name));
  const lookups = new Map<string, SourceFile | null>();
  const find = (name: string): SourceFile | null => {
    let found = lookups.get(name);
    if (found === undefined) lookups.set(name, (found = host.findModule(name)));
    return found;
  };
  const exists = moduleExistence((name) => given.has(name) || name in builtins.modules || find(name) !== null, target);
  const loader = (name: string): ModuleSummary | null => {
    const found = find(name);
    return found ? summarize(found, target) : null;
  };
  const cx = new LinkContext(summaries, builtins, loader, target, exists, options.discovery ?? []);
  linkModules(cx, (done) => options.onProgress?.({ phase: "link", done, total: summaries.length }));
  cx.freeze();
  return new Program(cx, inspectViews(cx), lookups);
}
