/**
 * The Node host: modules found on search roots on disk (CPython's path-based finder, `findModule`),
 * read with `fs`, the data files read from this package's `data/`, and Node's native SHA-256. What
 * `analyze` and `link` use.
 */
import { readFileSync } from "node:fs";
import type { AnalyzerHost } from "../host.ts";
import { findModule, listedDisk, type FolderListings } from "../files/finder.ts";
import { nodeSha256 } from "../summarize.ts";
import { readDataFile } from "./data.ts";

/**
 * A host over the file system whose search roots are `roots`, in order (like `sys.path`), each folder
 * listed once (see `listedDisk`: files added under the roots while it is in use are not seen; with
 * `listings`, a folder unchanged since an earlier host listed it is not listed again). A file
 * whose name is not UTF-8 is read through its `bytesPath`. Reads throw the `fs` error.
 */
export function nodeHost(roots: readonly string[], listings?: FolderListings): AnalyzerHost {
  const tree = listedDisk(listings); // each folder listed once per host (one run, or one watch update)
  return {
    findModule: (name) => findModule(name, roots, tree),
    readFile: (file) => readFileSync(file.bytesPath ? Buffer.from(file.bytesPath) : file.path),
    readData: readDataFile,
    sha256: nodeSha256,
  };
}
