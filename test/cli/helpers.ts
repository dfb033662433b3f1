// What the CLI tests share: running `main` in-process with captured streams, and writing a tree of files.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { main, type CliIO } from "@static-inspect/cli";

/** Runs `main(argv)` in-process; returns its exit code and what it wrote to stdout and stderr. */
export async function runCli(argv: string[], options: { cwd?: string; isTTY?: boolean } = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const io: CliIO = {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    isTTY: options.isTTY ?? false,
    ...(options.cwd ? { cwd: options.cwd } : {}),
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

/** Writes `files` (relative path → text) under `root/name`, creating folders; returns that folder. */
export function writeTree(root: string, name: string, files: Record<string, string>): string {
  const dir = path.join(root, name);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}
