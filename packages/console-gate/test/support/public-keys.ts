import { generateKeyPairSync } from "node:crypto";

function sshString(data: Buffer | string): Buffer {
  const bytes = typeof data === "string" ? Buffer.from(data, "latin1") : data;
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

/** An mpint: big-endian, with a leading zero byte when the top bit is set. */
function sshMpint(unsigned: Buffer): Buffer {
  const top = unsigned[0] ?? 0;
  return sshString((top & 0x80) !== 0 ? Buffer.concat([Buffer.from([0]), unsigned]) : unsigned);
}

function jwkBytes(value: string | undefined): Buffer {
  return Buffer.from(value ?? "", "base64url");
}

/** A fresh Ed25519 public key in OpenSSH format. */
export function ed25519Key(comment = "test@example"): string {
  const { publicKey } = generateKeyPairSync("ed25519");
  const raw = jwkBytes(publicKey.export({ format: "jwk" }).x);
  const blob = Buffer.concat([sshString("ssh-ed25519"), sshString(raw)]);
  return `ssh-ed25519 ${blob.toString("base64")}${comment === "" ? "" : ` ${comment}`}`;
}

/** A fresh RSA public key of `bits` bits in OpenSSH format. */
export function rsaKey(bits: number, comment = "rsa@example"): string {
  const { publicKey } = generateKeyPairSync("rsa", { modulusLength: bits });
  const jwk = publicKey.export({ format: "jwk" });
  const blob = Buffer.concat([sshString("ssh-rsa"), sshMpint(jwkBytes(jwk.e)), sshMpint(jwkBytes(jwk.n))]);
  return `ssh-rsa ${blob.toString("base64")} ${comment}`;
}

/** A fresh ECDSA P-256 public key; `claimedCurve` lets a test lie about the curve inside the blob. */
export function ecdsaP256Key(claimedCurve = "nistp256"): string {
  const { publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const jwk = publicKey.export({ format: "jwk" });
  const point = Buffer.concat([Buffer.from([4]), jwkBytes(jwk.x), jwkBytes(jwk.y)]);
  const blob = Buffer.concat([sshString("ecdsa-sha2-nistp256"), sshString(claimedCurve), sshString(point)]);
  return `ecdsa-sha2-nistp256 ${blob.toString("base64")} ec@example`;
}

/** The base64 blob of a key line. */
export function blobOf(line: string): string {
  return line.split(" ")[1] ?? "";
}
