/**
 * The Python version whose grammar a module is checked against.
 */

/** A CPython `major.minor` version such as 3.11, as {@link parseTargetVersion} reads it from `"3.11"`. */
export interface PythonVersion {
  readonly major: number;
  readonly minor: number;
}

/**
 * Reads a target version written `"3.N"` (the form of `sys.version_info[:2]` joined by a dot, as
 * `--target-version`-style options take it).
 *
 * @throws RangeError when `text` is not `3.N` with N a whole number from 0 to 99.
 */
export function parseTargetVersion(text: string): PythonVersion {
  const m = /^3\.(\d{1,2})$/.exec(text);
  if (!m) throw new RangeError(`unsupported Python target version ${JSON.stringify(text)} (expected 3.N, for example "3.11")`);
  return { major: 3, minor: Number(m[1]) };
}

/** Whether `target` is at least `3.minor`. */
export function atLeast(target: PythonVersion, minor: number): boolean {
  return target.major > 3 || (target.major === 3 && target.minor >= minor);
}
