/** A validated OpenSSH public key, ready to follow the options on an authorized_keys line. */
export interface ConsolePublicKey {
  /** The key type, e.g. `ssh-ed25519`. */
  readonly type: string;
  /** The key blob in canonical base64. */
  readonly base64: string;
  /** The comment, if the key had one (printable text, no control characters). */
  readonly comment?: string;
}

/** Key types accepted, and the curve each ECDSA type must name inside its blob. */
const ACCEPTED_TYPES: ReadonlyMap<string, string | undefined> = new Map([
  ["ssh-ed25519", undefined],
  ["sk-ssh-ed25519@openssh.com", undefined],
  ["ecdsa-sha2-nistp256", "nistp256"],
  ["ecdsa-sha2-nistp384", "nistp384"],
  ["ecdsa-sha2-nistp521", "nistp521"],
  ["sk-ecdsa-sha2-nistp256@openssh.com", "nistp256"],
  ["ssh-rsa", undefined],
]);

/** The smallest RSA modulus accepted, in bits. */
export const MIN_RSA_BITS = 2048;

const MAX_COMMENT_LENGTH = 256;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

const ACCEPTED_LIST = [...ACCEPTED_TYPES.keys()].join(", ");

/** The outcome of {@link parseConsolePublicKey}: the key, or why it is refused. */
export type ParsedPublicKey =
  { readonly ok: true; readonly key: ConsolePublicKey } | { readonly ok: false; readonly problem: string };

function fail(problem: string): ParsedPublicKey {
  return { ok: false, problem };
}

/** Reads the SSH wire-format strings (uint32 length + bytes) at the start of a key blob. */
function readStrings(blob: Buffer, count: number): Buffer[] | undefined {
  const out: Buffer[] = [];
  let offset = 0;
  for (let index = 0; index < count; index += 1) {
    if (offset + 4 > blob.length) return undefined;
    const length = blob.readUInt32BE(offset);
    offset += 4;
    if (offset + length > blob.length) return undefined;
    out.push(blob.subarray(offset, offset + length));
    offset += length;
  }
  return out;
}

function rsaBits(modulus: Buffer): number {
  let start = 0;
  while (start < modulus.length && modulus[start] === 0) start += 1;
  if (start === modulus.length) return 0;
  return (modulus.length - start - 1) * 8 + (modulus[start] ?? 0).toString(2).length;
}

function blobProblem(type: string, blob: Buffer): string | undefined {
  const [embedded] = readStrings(blob, 1) ?? [];
  if (embedded === undefined) return "the key data is truncated";
  if (embedded.toString("latin1") !== type) {
    return `the key data is a ${JSON.stringify(embedded.toString("latin1"))} key, not ${type}`;
  }
  if (type === "ssh-rsa") {
    const parts = readStrings(blob, 3);
    const modulus = parts?.[2];
    if (modulus === undefined) return "the RSA key data is truncated";
    const bits = rsaBits(modulus);
    if (bits < MIN_RSA_BITS)
      return `the RSA key has ${String(bits)} bits; at least ${String(MIN_RSA_BITS)} are required`;
  }
  const curve = ACCEPTED_TYPES.get(type);
  if (curve !== undefined) {
    const named = readStrings(blob, 2)?.[1]?.toString("latin1");
    if (named !== curve) return `the key data names curve ${JSON.stringify(named)}, not ${curve}`;
  }
  if (type === "ssh-ed25519" && readStrings(blob, 2)?.[1]?.length !== 32) {
    return "the Ed25519 key data is not 32 bytes";
  }
  return undefined;
}

function looksLikeOptions(word: string): boolean {
  return (
    /[=,"]/.test(word) ||
    /^(restrict|no-[a-z0-9-]+|pty|cert-authority|command|from|permit[a-z-]*)$/i.test(word)
  );
}

/**
 * Parses one public key as a customer hands it over (`type base64 [comment]`, the
 * contents of `id_ed25519.pub`). A key that already carries authorized_keys
 * options (`command="…"`, `restrict`, `from=…`) is refused: the console gate sets
 * the options itself. So are certificates, DSA keys, RSA keys under 2048 bits,
 * base64 that is not canonical, and key data whose embedded type or curve does
 * not match the declared type.
 *
 * @example
 * ```ts
 * const parsed = parseConsolePublicKey("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI… alice@laptop");
 * if (parsed.ok) console.log(parsed.key.type); // ssh-ed25519
 * else console.error(parsed.problem);
 * ```
 */
export function parseConsolePublicKey(line: string): ParsedPublicKey {
  if (/[\u0000-\u0008\u000a-\u001f\u007f]/.test(line)) {
    return fail(
      "a public key is one line of printable text; this one contains a line break or control character",
    );
  }
  const trimmed = line.trim();
  if (trimmed === "") return fail("the key is empty");
  const [type = "", data = "", ...rest] = trimmed.split(/[ \t]+/);
  if (!ACCEPTED_TYPES.has(type)) {
    if (looksLikeOptions(type)) {
      return fail(
        `the key starts with authorized_keys options (${JSON.stringify(type.slice(0, 40))}); give the bare key (type, base64, comment) — the console gate sets the options`,
      );
    }
    if (type.includes("-cert-v01@openssh.com"))
      return fail(`${type} is a certificate; give the plain public key`);
    if (type === "ssh-dss") return fail("DSA keys are refused (OpenSSH no longer accepts them)");
    return fail(
      `${JSON.stringify(type.slice(0, 60))} is not an accepted key type; accepted: ${ACCEPTED_LIST}`,
    );
  }
  if (data === "") return fail(`the ${type} key has no key data`);
  if (!BASE64.test(data) || data.length % 4 !== 0) return fail("the key data is not valid base64");
  const blob = Buffer.from(data, "base64");
  if (blob.toString("base64") !== data) return fail("the key data is not canonical base64");
  const problem = blobProblem(type, blob);
  if (problem !== undefined) return fail(problem);
  const comment = rest.join(" ");
  if (comment.length > MAX_COMMENT_LENGTH) {
    return fail(
      `the key comment is ${String(comment.length)} characters; at most ${String(MAX_COMMENT_LENGTH)} are accepted`,
    );
  }
  if (/[\u0080-\u009f\u2028\u2029]/.test(comment)) return fail("the key comment contains control characters");
  return { ok: true, key: comment === "" ? { type, base64: data } : { type, base64: data, comment } };
}

/**
 * The key as it appears after the options on an authorized_keys line.
 *
 * @example
 * ```ts
 * formatPublicKey({ type: "ssh-ed25519", base64: "AAAA…", comment: "alice" }); // "ssh-ed25519 AAAA… alice"
 * ```
 */
export function formatPublicKey(key: ConsolePublicKey): string {
  return key.comment === undefined ? `${key.type} ${key.base64}` : `${key.type} ${key.base64} ${key.comment}`;
}
