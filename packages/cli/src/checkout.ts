/**
 * Whether the CLI runs from a checkout of the static-inspect repository or from an installed
 * package, and what follows from it: where the sample package lives.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

// This file is packages/cli/{src,dist}/checkout.{ts,js}: "../" is the CLI package, "../../../" a checkout.
const CLI_PACKAGE = new URL("../", import.meta.url);
const CHECKOUT = new URL("../../../", import.meta.url);

/**
 * The absolute path of the repository root when this CLI runs from a checkout (the folder two levels
 * above the CLI package that holds `pnpm-workspace.yaml` and `samples/shapes`), or `null` when it runs
 * from an installed package. Never throws.
 */
export function checkoutRoot(): string | null {
  if (existsSync(new URL("pnpm-workspace.yaml", CHECKOUT)) && existsSync(new URL("samples/shapes/", CHECKOUT))) {
    return fileURLToPath(CHECKOUT).replace(/[\\/]$/, "");
  }
  return null;
}

/**
 * The absolute path of the sample package `shapes` that `analyze` reads when given no path:
 * `samples/shapes` at the repository root in a checkout, else `samples/shapes` inside the installed
 * CLI package (where `prepack` copies it for the tarball). Never throws.
 */
export function samplePackagePath(): string {
  const root = checkoutRoot();
  return root !== null ? fileURLToPath(new URL("samples/shapes", CHECKOUT)) : fileURLToPath(new URL("samples/shapes", CLI_PACKAGE));
}

/** The packages of a checkout whose `dist/` the CLI runs, in build order. */
const PACKAGES = ["parser", "analyzer", "emit", "cli"] as const;

/**
 * In a checkout, the packages whose `src/` holds a file changed after their last build (newer than
 * `dist/.tsbuildinfo`, which `tsc -b` writes or touches on every build), so that `pnpm static-inspect`
 * — which runs the compiled `dist/` — can warn that it runs older code. Empty when installed, or when
 * every build is current. Never throws.
 */
export function staleBuilds(root: string | null = checkoutRoot()): string[] {
  if (root === null) return [];
  const stale: string[] = [];
  for (const name of PACKAGES) {
    const dir = path.join(root, "packages", name);
    const built = statSync(path.join(dir, "dist", ".tsbuildinfo"), { throwIfNoEntry: false })?.mtimeMs;
    if (built === undefined) continue; // not built at all: importing dist fails with its own message
    try {
      const files = readdirSync(path.join(dir, "src"), { recursive: true, encoding: "utf8" });
      const changed = (f: string) => {
        const st = statSync(path.join(dir, "src", f), { throwIfNoEntry: false });
        return st !== undefined && st.isFile() && st.mtimeMs > built;
      };
      if (files.some(changed)) stale.push(name);
    } catch {
      // no src/ to compare with
    }
  }
  return stale;
}

/**
 * Whether this process is the checkout's own `pnpm static-inspect` script (pnpm sets
 * `npm_package_json` to the package.json whose script runs: here the repository root's), the command
 * a developer runs in a checkout and the one {@link staleBuilds} warns under. Never throws.
 */
export function runByCheckoutScript(root: string | null = checkoutRoot(), env: NodeJS.ProcessEnv = process.env): boolean {
  const script = env["npm_package_json"];
  return root !== null && script !== undefined && path.resolve(path.dirname(script)) === path.resolve(root);
}
