/**
 * The analysis worker: keeps one module summary per file (re-binding only files whose text, target
 * version or platform changed), links them, and answers with the object tree, the diagnostics, the
 * selected object's view and the bundle JSON. The data files of a version are fetched on first use.
 */
import { linkProgram, memoryHost, summarizeWithHost, type DataKind, type ModuleSummary, type Program } from "@static-inspect/analyzer/core";
import { buildBundle, encodeBundle } from "@static-inspect/emit/core";
import type { AnalyzeRequest, AnalyzeResult, PlaygroundDiagnostic, TreeEntry } from "./protocol.ts";
import { objectView } from "./view.ts";

interface WorkerScope {
  onmessage: ((event: { data: AnalyzeRequest }) => void) | null;
  postMessage(message: AnalyzeResult): void;
}
const scope = self as unknown as WorkerScope;

/** Data file texts by `kind/version`, fetched once each. */
const data = new Map<string, string>();

async function fetchData(python: string): Promise<void> {
  await Promise.all(
    (["builtins", "stdlib"] as DataKind[]).map(async (kind) => {
      const key = `${kind}/${python}`;
      if (data.has(key)) return;
      const response = await fetch(new URL(`data/${key}.json`, self.location.href));
      if (!response.ok) throw new Error(`cannot fetch data/${key}.json: ${response.status}`);
      data.set(key, await response.text());
    }),
  );
}

/** Summaries by file path, with what they were made from. */
const summaries = new Map<string, { text: string; target: string; summary: ModuleSummary }>();

function analyze(request: AnalyzeRequest): { program: Program; tree: TreeEntry[] } {
  const host = memoryHost(request.files, { readData: (kind, python) => data.get(`${kind}/${python}`) ?? null });
  const target = { python: request.python, platform: request.platform };
  const key = `${target.python} ${target.platform}`;
  const given: ModuleSummary[] = [];
  for (const file of host.sourceFiles) {
    const text = request.files[file.path]!;
    let known = summaries.get(file.path);
    if (!known || known.text !== text || known.target !== key || known.summary.name !== file.module) {
      known = { text, target: key, summary: summarizeWithHost(host, file, target) };
      summaries.set(file.path, known);
    }
    given.push(known.summary);
  }
  for (const path of summaries.keys()) if (!(path in request.files)) summaries.delete(path);
  const program = linkProgram(given, { host, target });
  const tree: TreeEntry[] = [];
  for (const m of program.emitted) {
    tree.push({ id: m.name, label: m.name, kind: m.isPackage ? "package" : "module", depth: 0, file: m.path });
    for (const o of m.objects) {
      if (o.synthesized || o.kind === "module") continue;
      const qualname = o.qualname ?? o.name;
      if (qualname.includes("<locals>")) continue;
      tree.push({ id: o.id, label: o.name, kind: o.kind, depth: qualname.split(".").length, file: m.path });
    }
  }
  return { program, tree };
}

function diagnosticsOf(program: Program, files: Readonly<Record<string, string>>): PlaygroundDiagnostic[] {
  return program.diagnostics.map((d) => ({
    code: d.code,
    severity: d.severity === "error" || d.severity === "warning" ? d.severity : "info",
    message: d.message,
    file: d.path !== null && d.path in files ? d.path : null,
    from: d.span?.from ?? 0,
    to: d.span?.to ?? 0,
    line: d.span?.line ?? null,
    column: d.span?.column ?? null,
  }));
}

/** The object shown when the selection is unknown: the first class of the active file's module, else its first object, else the module. */
function fallback(tree: readonly TreeEntry[], activeFile: string): string | null {
  const own = tree.filter((e) => e.file === activeFile);
  return (own.find((e) => e.kind === "class") ?? own.find((e) => e.depth > 0) ?? own[0] ?? tree[0])?.id ?? null;
}

let latest = 0;

scope.onmessage = async ({ data: request }) => {
  latest = request.id;
  try {
    await fetchData(request.python);
    if (request.id !== latest) return; // a newer request came while fetching: answer that one
    const started = performance.now();
    const { program, tree } = analyze(request);
    const selected = request.selected !== null && tree.some((e) => e.id === request.selected) ? request.selected : fallback(tree, request.activeFile);
    const view = selected === null ? null : objectView(program, selected, request.files);
    const diagnostics = diagnosticsOf(program, request.files);
    const bundle = encodeBundle(buildBundle(program), 2);
    scope.postMessage({ id: request.id, analysisMs: performance.now() - started, tree, diagnostics, view, bundle, error: null });
  } catch (error) {
    scope.postMessage({ id: request.id, analysisMs: 0, tree: [], diagnostics: [], view: null, bundle: "", error: error instanceof Error ? error.stack ?? error.message : String(error) });
  }
};
