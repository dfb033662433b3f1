/**
 * The analyzer's defaults, written once: every option's default is read from here.
 */

/** What the analyzer assumes when an option is not given. */
export const DEFAULTS = {
  /** The interpreter whose `inspect` is mirrored: CPython 3.11 on Linux (`sys.platform` `"linux"`). */
  target: { python: "3.11", platform: "linux" },
  /** Roots searched for imported modules besides the analysed files' own (like `sys.path`): none. */
  searchPaths: [] as readonly string[],
} as const;
