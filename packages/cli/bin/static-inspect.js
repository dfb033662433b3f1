#!/usr/bin/env node
// The installed command: runs the compiled CLI (dist/, built by `tsc -b`). In a checkout, use `pnpm static-inspect`.
import "../dist/bin.js";
