/**
 * `static-inspect emit markdown BUNDLE -o DIR`: Markdown API pages (one per module, or per class
 * with `--split classes`), `index.md` and `nav.json`; or with `--single-file`, one document.
 */
import path from "node:path";
import type { Command } from "commander";
import { Option } from "commander";
import { renderMarkdown } from "@static-inspect/emit";
import type { CliIO } from "../main.ts";
import { UsageError } from "../errors.ts";
import { outputDirectory, readBundle, writeAtomically } from "./bundle-file.ts";
import type { Emitter } from "./index.ts";

interface MarkdownFlags {
  output?: string;
  split?: "modules" | "classes";
  singleFile?: boolean;
  sourceUrl?: string;
  sourceRoot?: string;
}

/** The `markdown` format of `emit`. */
export const markdownEmitter: Emitter = {
  name: "markdown",
  description: "write Markdown API pages (one per module or class), index.md and nav.json into DIR",
  configure: (cmd: Command) =>
    cmd
      .argument("<bundle>", "the bundle (JSON) that `analyze` wrote")
      .requiredOption("-o, --output <dir>", "the directory to write the pages into (made if missing); with --single-file, the file")
      .addOption(new Option("--split <unit>", "one page per module, or also one per top-level class").choices(["modules", "classes"]).default("modules"))
      .option("--single-file", "write everything into one Markdown document (the -o path)")
      .option("--source-url <template>", "link source locations: {path} (relative to --source-root), {line}, {endLine}, {module}")
      .option("--source-root <dir>", "show source paths relative to DIR (default: the deepest directory holding every file)")
      .addHelpText(
        "after",
        `
Every page is written atomically. nav.json is a tree of {text, link, id, items}: VitePress's sidebar
shape; MkDocs and Docusaurus sidebars are one map over it. Anchors are object ids with characters
outside [A-Za-z0-9_.-] replaced by '-' (shapes.geometry:Circle.area -> shapes.geometry-Circle.area).`,
      ),
  async run(args: readonly unknown[], io: CliIO, cwd: string): Promise<number> {
    const [file, flags] = args as [string, MarkdownFlags];
    const bundle = readBundle(file, cwd);
    if (flags.singleFile && flags.split === "classes") throw new UsageError("--single-file and --split classes exclude each other");
    const sourceRoot = flags.sourceRoot === undefined ? undefined : path.resolve(cwd, flags.sourceRoot);
    if (flags.singleFile) {
      const target = path.resolve(cwd, flags.output!);
      const out = renderMarkdown(bundle, { singleFile: true, singleFileName: path.basename(target), sourceUrl: flags.sourceUrl, sourceRoot });
      await writeAtomically(target, [...out.files.values()][0]!, flags.output!);
      io.stderr.write(`wrote 1 page → ${flags.output}\n`);
      return 0;
    }
    const dir = outputDirectory(flags.output!, cwd);
    const out = renderMarkdown(bundle, { split: flags.split, sourceUrl: flags.sourceUrl, sourceRoot });
    for (const [name, text] of out.files) await writeAtomically(path.join(dir, name), text, path.join(flags.output!, name));
    await writeAtomically(path.join(dir, "nav.json"), JSON.stringify(out.nav, null, 2) + "\n", path.join(flags.output!, "nav.json"));
    io.stderr.write(`wrote ${out.files.size} pages and nav.json → ${flags.output}\n`);
    return 0;
  },
};
