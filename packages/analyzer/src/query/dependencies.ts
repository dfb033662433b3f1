/**
 * What an answer depends on, besides the options: the modules its computation read (a summary, an
 * object, or a lookup on the search roots; see `LinkContext.read` and `Program.dependencies`), each
 * with what the program had of it. When each has the same state in another program of the same
 * options, the answer is the same there: what a bundle part written again rests on.
 */

/** What a program had of one module an answer read. */
export interface DependencyState {
  /** The SHA-256 of the module's bytes when it was read, else `null`. */
  readonly sha256: string | null;
  /**
   * For a module not read: whether looking it up on the search roots found it, `null` when it was
   * never looked up (see `Program.lookedUp`); `null` for a module read.
   */
  readonly found: boolean | null;
}

/** {@link DependencyState}s by module name. */
export type DependencyStates = ReadonlyMap<string, DependencyState>;
