/**
 * `static-inspect diff OLD NEW` (or `diff --git REF PATH`): the public API change set and its
 * breakages, as text, Markdown, JSON or GitHub Actions annotations; exit 1 when there are breakages.
 */
import path from "node:path";
import type { Command } from "commander";
import { Option } from "commander";
import { DIFF_FORMATS, diffBundles, formatReport, type DiffFormat } from "@static-inspect/emit";
import { writeChunksAtomically } from "../atomic.ts";
import { UsageError } from "../errors.ts";
import type { CliIO } from "../main.ts";
import { loadSource, parseSource } from "./diff-sources.ts";

/** The options of `diff` (commander's parse). */
export interface DiffFlags {
  git?: string;
  format: DiffFormat;
  output?: string;
}

/** Adds `diff`'s arguments and options to its command. */
export function configureDiff(cmd: Command): Command {
  return cmd
    .description("compare the public API of two versions and list what broke (exit 1 when something did)")
    .argument("<old>", "the old version: a bundle (.json), a file or folder to analyse, or REF:path (git); with --git, the path")
    .argument("[new]", "the new version, in the same forms")
    .option("--git <ref>", "compare PATH at git REF (old) with PATH in the working tree (new): diff --git v1.0 src/pkg")
    .addOption(new Option("-f, --format <format>", "output format").choices(DIFF_FORMATS).default("text"))
    .option("-o, --output <file>", "write the report to FILE (atomically) instead of stdout")
    .addHelpText(
      "after",
      `
Breakage kinds (griffe's names): PARAMETER_MOVED, PARAMETER_REMOVED, PARAMETER_CHANGED_KIND,
PARAMETER_CHANGED_DEFAULT, PARAMETER_CHANGED_REQUIRED, PARAMETER_ADDED_REQUIRED, RETURN_CHANGED_TYPE,
OBJECT_REMOVED, OBJECT_CHANGED_KIND, ATTRIBUTE_CHANGED_TYPE, ATTRIBUTE_CHANGED_VALUE, CLASS_REMOVED_BASE;
and MRO_CHANGED, INHERITED_MEMBER_LOST, CLASS_SIGNATURE_CHANGED.
Exit status: 0 no breakage, 1 breakages found, 2 usage or I/O error.`,
    );
}

/**
 * Runs `diff`: loads both sides (analysing paths and git refs on the fly with `searchPaths`),
 * compares them and writes the report. Returns 1 when the report has breakages, else 0.
 * @throws UsageError for bad arguments, unreadable inputs or an unwritable output.
 */
export async function runDiff(oldArg: string, newArg: string | undefined, flags: DiffFlags, io: CliIO, cwd: string, searchPaths: () => Promise<string[]>): Promise<number> {
  let oldSpec: string;
  let newSpec: string;
  if (flags.git !== undefined) {
    if (newArg !== undefined) throw new UsageError("diff --git REF takes one PATH (the working tree's), not two");
    oldSpec = `${flags.git}:${oldArg}`;
    newSpec = oldArg;
  } else {
    if (newArg === undefined) throw new UsageError("diff needs OLD and NEW (or --git REF PATH)");
    oldSpec = oldArg;
    newSpec = newArg;
  }
  const oldSource = parseSource(oldSpec, cwd);
  const newSource = parseSource(newSpec, cwd);
  const needsAnalysis = oldSource.kind !== "bundle" || newSource.kind !== "bundle";
  const roots = needsAnalysis ? await searchPaths() : [];
  const oldBundle = await loadSource(oldSource, cwd, roots);
  const newBundle = await loadSource(newSource, cwd, roots);
  const report = diffBundles(oldBundle, newBundle, { oldLabel: oldSource.shown, newLabel: newSource.shown });
  const text = formatReport(report, flags.format);
  if (flags.output === undefined) io.stdout.write(text);
  else await writeChunksAtomically(path.resolve(cwd, flags.output), [text]);
  return report.breakages.length > 0 ? 1 : 0;
}
