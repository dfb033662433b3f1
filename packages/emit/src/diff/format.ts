/**
 * The human and CI formats of a diff report: text (one line per breakage, `file:line: path: …`, as
 * `griffe check` prints), Markdown (a summary and a table) and GitHub Actions workflow commands
 * (`::error file=…,line=…,title=…::…`). JSON is the report itself.
 */
import type { Breakage, DiffReport } from "./schema.ts";

/** The formats `diff --format` accepts. */
export const DIFF_FORMATS = ["text", "markdown", "json", "github"] as const;
/** One of {@link DIFF_FORMATS}. */
export type DiffFormat = (typeof DIFF_FORMATS)[number];

const flat = (s: string) => s.replace(/\s*\n\s*/g, " ");
const change = (b: Breakage) => (b.old !== null && b.new !== null ? `${flat(b.old)} -> ${flat(b.new)}` : b.old !== null ? `was ${flat(b.old)}` : b.new !== null ? `now ${flat(b.new)}` : "");
const subject = (b: Breakage) => (b.parameter !== null && b.kind.startsWith("PARAMETER_") ? `${b.path}(${b.parameter})` : b.path);
const where = (b: Breakage) => (b.location ? `${b.location.file}:${b.location.line}: ` : "");

/**
 * Text: one line per breakage (`file:line: path(param): Message [KIND]: old -> new`), then a summary
 * line `N breakages (E errors, W warnings); A added, R removed`.
 */
export function formatText(report: DiffReport): string {
  const lines = report.breakages.map((b) => `${where(b)}${subject(b)}: ${b.message} [${b.kind}]${change(b) ? `: ${change(b)}` : ""}`);
  lines.push(summary(report));
  return lines.join("\n") + "\n";
}

function summary(report: DiffReport): string {
  const errors = report.breakages.filter((b) => b.severity === "error").length;
  const n = report.breakages.length;
  return `${n} breakage${n === 1 ? "" : "s"} (${errors} error${errors === 1 ? "" : "s"}, ${n - errors} warning${n - errors === 1 ? "" : "s"}); ${report.added.length} added, ${report.removed.length} removed`;
}

const cell = (s: string) => s.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\n/g, " ");
const code = (s: string | null) => (s === null ? "" : "`" + cell(s).replace(/`/g, "'") + "`");

/** Markdown: a heading, the summary, a table of breakages, then the added and removed paths. */
export function formatMarkdown(report: DiffReport): string {
  const out = [`# API changes: ${cell(report.old)} → ${cell(report.new)}`, "", summary(report) + ".", ""];
  if (report.breakages.length > 0) {
    out.push("## Breakages", "", "| object | kind | what | old | new | where |", "|---|---|---|---|---|---|");
    for (const b of report.breakages) {
      out.push(`| ${code(subject(b))} | ${b.kind} | ${cell(b.message)} | ${code(b.old)} | ${code(b.new)} | ${b.location ? cell(`${b.location.file}:${b.location.line}`) : ""} |`);
    }
    out.push("");
  }
  for (const [title, list] of [["Added", report.added], ["Removed", report.removed]] as const) {
    if (list.length === 0) continue;
    out.push(`## ${title}`, "", ...list.map((o) => `- ${code(o.path)}${o.kind ? ` (${o.kind})` : ""}`), "");
  }
  return out.join("\n");
}

// Workflow-command escaping: data escapes %, CR, LF; property values also : and ,.
const escData = (s: string) => s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
const escProp = (s: string) => escData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");

/**
 * GitHub Actions annotations: `::error` for error-severity breakages, `::warning` for the others,
 * each with `file` and `line` when known and `title` the kind; then a `::notice` summary.
 */
export function formatGithub(report: DiffReport): string {
  const lines = report.breakages.map((b) => {
    const props = [b.location ? `file=${escProp(b.location.file)},line=${b.location.line}` : "", `title=${escProp(b.kind)}`].filter(Boolean).join(",");
    return `::${b.severity} ${props}::${escData(`${subject(b)}: ${b.message}${change(b) ? `: ${change(b)}` : ""}`)}`;
  });
  lines.push(`::notice title=static-inspect diff::${escData(summary(report))}`);
  return lines.join("\n") + "\n";
}

/** The report in `format` (JSON: 2-space indented, newline-terminated). */
export function formatReport(report: DiffReport, format: DiffFormat): string {
  switch (format) {
    case "text":
      return formatText(report);
    case "markdown":
      return formatMarkdown(report);
    case "github":
      return formatGithub(report);
    case "json":
      return JSON.stringify(report, null, 2) + "\n";
  }
}
