/**
 * The SHA-256 of a file's bytes as lowercase hex, the digest a module summary records (`sha256`).
 * Pure JavaScript (`@noble/hashes`), so it runs in a browser; Node's hosts pass their own faster
 * digest (`node:crypto`) where files are many (see `BindInput.sha256`).
 */
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex } from "@noble/hashes/utils.js";

/** SHA-256 of `bytes`, 64 lowercase hex digits. Never throws. */
export function sha256Hex(bytes: Uint8Array): string {
  return bytesToHex(sha256(bytes));
}
