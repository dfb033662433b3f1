/**
 * Whether the CLI runs from a checkout of the static-inspect repository or from an installed
 * package, and what follows from it: where the sample package lives.
 */
import { existsSync } from "node:fs";
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
