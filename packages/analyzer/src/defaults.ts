/**
 * The analyzer's defaults, written once: every option's default is read from here.
 */

/** What the analyzer assumes when an option is not given. */
export const DEFAULTS = {
  /** The interpreter whose `inspect` is mirrored: CPython 3.11 on Linux (`sys.platform` `"linux"`). */
  target: { python: "3.11", platform: "linux" },
  /** Roots searched for imported modules besides the analysed files' own (like `sys.path`): none. */
  searchPaths: [] as readonly string[],
  /**
   * Files larger than this (bytes) are reported as `too-large` and not analysed: 32 MiB, three times the
   * largest generated module we measured (10 MB, about 40 s on one core). Every pass is linear, so a
   * file under it is analysed whole.
   */
  maxFileBytes: 32 * 1024 * 1024,
} as const;
