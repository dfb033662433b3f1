/**
 * The playground page: a CodeMirror 6 editor over several Python files, the target selectors, and
 * the panes the analysis worker fills (object tree, inspect view, diagnostics marked in the editor,
 * bundle JSON). The state lives in the URL fragment (see `state.ts`).
 */
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { python } from "@codemirror/lang-python";
import { defaultHighlightStyle, syntaxHighlighting } from "@codemirror/language";
import { lintGutter, setDiagnostics, type Diagnostic as CmDiagnostic } from "@codemirror/lint";
import { EditorState, type Extension } from "@codemirror/state";
import { drawSelection, EditorView, highlightActiveLine, highlightActiveLineGutter, keymap, lineNumbers } from "@codemirror/view";
import type { AnalyzeRequest, AnalyzeResult, ObjectView, PlaygroundDiagnostic, TreeEntry } from "./protocol.ts";
import { SAMPLE } from "./sample.ts";
import { decodeState, encodeState, type PlaygroundState } from "./state.ts";

/** Milliseconds of quiet after a keystroke before the files are analysed. */
const DEBOUNCE_MS = 50;
const VERSIONS = ["3.8", "3.9", "3.10", "3.11", "3.12", "3.13"];
const PLATFORMS = ["aix", "android", "cygwin", "darwin", "emscripten", "freebsd", "ios", "linux", "wasi", "win32"];

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

// The files in tab order, each with its own editor state (undo history, selection).
const order: string[] = [];
const states = new Map<string, EditorState>();
let active = "";
let selected: string | null = null;
let diagnostics: readonly PlaygroundDiagnostic[] = [];

const worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
let sent = 0;
let timer: ReturnType<typeof setTimeout> | null = null;
/** When the last edit not yet shown in the panes was made (`performance.now()`), or `null`. */
let lastKeystroke: number | null = null;
const keystrokeOf = new Map<number, number>();

const extensions: Extension[] = [
  lineNumbers(),
  highlightActiveLineGutter(),
  history(),
  drawSelection(),
  highlightActiveLine(),
  python(),
  syntaxHighlighting(defaultHighlightStyle),
  lintGutter(),
  keymap.of([...defaultKeymap, ...historyKeymap, indentWithTab]),
  EditorView.updateListener.of((u) => {
    if (!u.docChanged) return;
    states.set(active, u.state);
    lastKeystroke = performance.now();
    schedule(DEBOUNCE_MS);
  }),
];

const view = new EditorView({ parent: $("editor") });

function texts(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const path of order) out[path] = states.get(path)!.doc.toString();
  return out;
}

function state(): PlaygroundState {
  return { files: order.map((p) => [p, states.get(p)!.doc.toString()] as const), active, python: $<HTMLSelectElement>("python").value, platform: $<HTMLSelectElement>("platform").value, selected };
}

function schedule(ms: number): void {
  if (timer !== null) clearTimeout(timer);
  timer = setTimeout(send, ms);
}

function send(): void {
  timer = null;
  const request: AnalyzeRequest = { id: ++sent, files: texts(), python: $<HTMLSelectElement>("python").value, platform: $<HTMLSelectElement>("platform").value, selected, activeFile: active };
  if (lastKeystroke !== null) keystrokeOf.set(request.id, lastKeystroke);
  lastKeystroke = null;
  worker.postMessage(request);
}

worker.onmessage = ({ data: result }: MessageEvent<AnalyzeResult>) => {
  if (result.id !== sent) return; // a newer request is on its way: show only its answer
  if (result.error !== null) {
    $("status").textContent = `analysis failed: ${result.error}`;
    return;
  }
  diagnostics = result.diagnostics;
  renderTree(result.tree, result.view?.id ?? null);
  renderView(result.view);
  renderDiagnostics();
  $("bundle").textContent = result.bundle;
  if (result.view) selected = result.view.id;
  const typed = keystrokeOf.get(result.id);
  keystrokeOf.clear();
  const status = $("status");
  status.dataset["analysisMs"] = result.analysisMs.toFixed(1);
  status.dataset["requestId"] = String(result.id);
  // The panes are painted in the next frame: that is when a keystroke's effect is seen.
  requestAnimationFrame(() => {
    const paint = typed === undefined ? null : performance.now() - typed;
    if (paint !== null) status.dataset["keystrokeMs"] = paint.toFixed(1);
    status.dataset["paintedId"] = String(result.id);
    status.textContent = `analysed in ${result.analysisMs.toFixed(0)} ms` + (paint === null ? "" : ` · keystroke → inspect pane ${paint.toFixed(0)} ms`);
  });
  void encodeState(state()).then((hash) => {
    window.history.replaceState(null, "", hash);
    status.dataset["savedId"] = String(result.id); // the URL now holds this answer's state
  });
};

// ---------------------------------------------------------------- files and tabs

function open(path: string): void {
  if (active && states.has(active)) states.set(active, view.state);
  active = path;
  view.setState(states.get(path)!);
  markDiagnostics();
  renderTabs();
}

function addFile(path: string, text: string): void {
  order.push(path);
  states.set(path, EditorState.create({ doc: text, extensions }));
}

function validPath(path: string | null): string | null {
  if (path === null) return null;
  const p = path.trim().replace(/^\/+/, "");
  if (!/^([\w.-]+\/)*[\w.-]+\.pyi?$/.test(p) || p.split("/").some((s) => s === "." || s === "..")) {
    alert(`'${path}' is not a file name ending in .py or .pyi`);
    return null;
  }
  if (order.includes(p)) {
    alert(`there is already a file '${p}'`);
    return null;
  }
  return p;
}

function renderTabs(): void {
  const tabs = $("tabs");
  tabs.replaceChildren();
  for (const path of order) {
    const b = document.createElement("button");
    b.className = path === active ? "tab active" : "tab";
    b.textContent = path;
    b.dataset["path"] = path;
    b.onclick = () => open(path);
    tabs.append(b);
  }
}

$("add-file").onclick = () => {
  const path = validPath(prompt("New file (a path ending in .py):", "zoo/new.py"));
  if (!path) return;
  addFile(path, "");
  open(path);
  schedule(0);
};
$("rename-file").onclick = () => {
  const path = validPath(prompt(`Rename ${active} to:`, active));
  if (!path) return;
  const i = order.indexOf(active);
  order[i] = path;
  states.set(path, view.state);
  states.delete(active);
  active = path;
  renderTabs();
  schedule(0);
};
$("remove-file").onclick = () => {
  if (order.length === 1 || !confirm(`Remove ${active}?`)) return;
  const i = order.indexOf(active);
  order.splice(i, 1);
  states.delete(active);
  active = "";
  open(order[Math.max(0, i - 1)]!);
  schedule(0);
};

// ---------------------------------------------------------------- panes

function renderTree(tree: readonly TreeEntry[], current: string | null): void {
  const nav = $("tree");
  nav.replaceChildren();
  for (const e of tree) {
    const b = document.createElement("button");
    b.className = `entry kind-${e.kind}` + (e.id === current ? " selected" : "");
    b.style.paddingLeft = `${0.5 + e.depth * 1}em`;
    b.dataset["id"] = e.id;
    b.title = e.id;
    const kind = document.createElement("span");
    kind.className = "kind";
    kind.textContent = e.kind;
    b.append(e.label, " ", kind);
    b.onclick = () => {
      selected = e.id;
      if (e.file !== active && states.has(e.file)) open(e.file);
      schedule(0);
    };
    nav.append(b);
  }
}

function field(id: string, text: string | null, empty = "None"): void {
  const el = $(id);
  el.textContent = text ?? empty;
  el.classList.toggle("none", text === null);
}

function renderView(v: ObjectView | null): void {
  $("inspect-title").textContent = v ? `${v.id} (${v.kind})` : "nothing selected";
  field("inspect-details", v?.details ?? null, "");
  field("inspect-signature", v?.signature ?? null, v && v.kind !== "module" ? "no signature (ValueError)" : "—");
  field("inspect-doc", v?.doc ?? null);
  field("inspect-comments", v?.comments ?? null);
  field("inspect-sourcelines", v?.sourcelines ? `lines ${v.sourcelines.lineno}–${v.sourcelines.lineno + v.sourcelines.count - 1} (lineno ${v.sourcelines.lineno}, ${v.sourcelines.count} lines)` : null, "—");
  field("inspect-mro", v?.mro ? `(${v.mro.join(", ")})` : null, v?.kind === "class" ? "unknown" : "—");
  field("inspect-bases", v?.bases ? `(${v.bases.join(", ")})` : null, "—");
  field("inspect-predicates", v ? v.predicates.join(" ") : null, "");
  field("inspect-source", v?.source ?? null, "");
  const body = $("inspect-members");
  body.replaceChildren();
  for (const m of v?.members ?? []) {
    const tr = document.createElement("tr");
    const name = document.createElement("td");
    name.textContent = m.name;
    const owner = document.createElement("td");
    owner.textContent = m.owner ?? "—";
    tr.append(name, owner);
    body.append(tr);
  }
  $("members-count").textContent = v?.members ? String(v.members.length) : "—";
}

function renderDiagnostics(): void {
  const list = $("diagnostics");
  list.replaceChildren();
  for (const d of diagnostics) {
    const li = document.createElement("li");
    li.className = `diagnostic ${d.severity}`;
    li.dataset["code"] = d.code;
    li.textContent = `${d.file ?? "?"}:${d.line ?? "?"}:${d.column === null ? "?" : d.column + 1}: ${d.severity} ${d.code}: ${d.message}`;
    if (d.file !== null) {
      li.onclick = () => {
        if (d.file !== active) open(d.file!);
        view.dispatch({ selection: { anchor: Math.min(d.from, view.state.doc.length) }, scrollIntoView: true });
        view.focus();
      };
    }
    list.append(li);
  }
  $("diagnostics-count").textContent = String(diagnostics.length);
  markDiagnostics();
}

/** Marks the active file's diagnostics in the editor (underlines and gutter markers). */
function markDiagnostics(): void {
  const length = view.state.doc.length;
  const marks: CmDiagnostic[] = diagnostics
    .filter((d) => d.file === active)
    .map((d) => {
      const from = Math.min(d.from, length);
      // An empty span (an error at the end of a line) still gets one character marked where there is one.
      const to = Math.min(Math.max(d.to, d.from === d.to ? d.from + 1 : d.to), length);
      return { from, to, severity: d.severity, message: `${d.code}: ${d.message}`, source: "static-inspect" };
    });
  view.dispatch(setDiagnostics(view.state, marks));
}

for (const b of document.querySelectorAll<HTMLButtonElement>(".pane-tab")) {
  b.onclick = () => {
    for (const other of document.querySelectorAll<HTMLButtonElement>(".pane-tab")) other.classList.toggle("active", other === b);
    for (const pane of document.querySelectorAll<HTMLElement>(".pane")) pane.hidden = pane.id !== b.dataset["pane"];
  };
}

// ---------------------------------------------------------------- start

function options(select: HTMLSelectElement, values: readonly string[], value: string): void {
  for (const v of values) select.append(new Option(v, v, false, v === value));
  select.onchange = () => schedule(0);
}

async function start(): Promise<void> {
  const restored = await decodeState(location.hash);
  const initial: PlaygroundState = restored ?? { files: SAMPLE, active: "zoo/animals.py", python: "3.11", platform: "linux", selected: "zoo.animals:Dog" };
  options($("python"), VERSIONS, VERSIONS.includes(initial.python) ? initial.python : "3.11");
  options($("platform"), PLATFORMS, PLATFORMS.includes(initial.platform) ? initial.platform : "linux");
  for (const [path, text] of initial.files) addFile(path, text);
  selected = initial.selected;
  open(initial.active);
  $("reset").onclick = () => {
    location.hash = "";
    location.reload();
  };
  send();
}

void start();
