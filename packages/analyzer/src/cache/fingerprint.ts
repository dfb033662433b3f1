/**
 * What a cache entry's key must include besides its inputs: the code that made it. A summary made by
 * another build of the parser or analyzer is never reused, even under the same version number (a
 * checkout changes its code without bumping it).
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const fingerprints = new Map<string, string>();

/** Set by the CLI's bundle (scripts/bundle.mjs): each list's fingerprint as computed from dist when it was bundled. */
declare const __STATIC_INSPECT_CODE_FINGERPRINTS__: Record<string, string> | undefined;

/**
 * A SHA-256 (hex) of every `.js`/`.ts`/`.mjs` file, in path order, under the code folder (`dist`, or
 * `src` when running from TypeScript source) of each named package (`@static-inspect/parser`, …) as
 * Node resolves it from here. Computed once per process per list; in the CLI's bundle, the value
 * computed from the same files when it was bundled. Never throws: an unreadable folder contributes its
 * name only.
 */
export function codeFingerprint(packages: readonly string[]): string {
  const key = packages.join("\0");
  let known = fingerprints.get(key) ?? (typeof __STATIC_INSPECT_CODE_FINGERPRINTS__ === "undefined" ? undefined : __STATIC_INSPECT_CODE_FINGERPRINTS__[key]);
  if (known === undefined) {
    const hash = createHash("sha256");
    const folder = import.meta.url.endsWith(".ts") ? "src" : "dist";
    const require = createRequire(import.meta.url);
    for (const name of packages) {
      hash.update(`${name}\0`);
      let root: string;
      try {
        root = path.join(path.dirname(require.resolve(`${name}/package.json`)), folder);
      } catch {
        continue;
      }
      for (const file of codeFiles(root)) hash.update(file.slice(root.length)).update("\0").update(readFileSync(file));
    }
    known = hash.digest("hex");
    fingerprints.set(key, known);
  }
  return known;
}

function codeFiles(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const files: string[] = [];
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) files.push(...codeFiles(full));
    else if (/\.(?:m?js|ts)$/.test(e.name) && !e.name.endsWith(".d.ts")) files.push(full);
  }
  return files;
}

/** The fingerprint of the code that makes a module summary: the parser and the analyzer. */
export function summaryCodeFingerprint(): string {
  return codeFingerprint(["@static-inspect/parser", "@static-inspect/analyzer"]);
}
