import { createHash, randomBytes } from "node:crypto";
import { open } from "node:fs/promises";

/** Writes a sparse disk image of `bytes`: random data with holes and zero runs; returns its SHA-256. */
export async function writeSparseImage(path: string, bytes: number, seedChunks = 8): Promise<string> {
  const file = await open(path, "w");
  const hash = createHash("sha256");
  try {
    await file.truncate(bytes);
    const chunk = Math.floor(bytes / (seedChunks * 2));
    for (let index = 0; index < seedChunks; index += 1) {
      const data = randomBytes(chunk);
      await file.write(data, 0, data.length, index * chunk * 2); // a hole of one chunk after each
    }
  } finally {
    await file.close();
  }
  const check = await open(path, "r");
  try {
    for await (const part of check.createReadStream({ highWaterMark: 1 << 20 })) hash.update(part as Buffer);
  } finally {
    await check.close().catch(() => undefined);
  }
  return hash.digest("hex");
}

/** SHA-256 of the first `bytes` bytes of a file or device (all of it by default). */
export async function sha256Of(path: string, bytes?: number): Promise<string> {
  const hash = createHash("sha256");
  const handle = await open(path, "r");
  try {
    const stream = handle.createReadStream({
      highWaterMark: 1 << 20,
      ...(bytes === undefined ? {} : { end: bytes - 1 }),
    });
    for await (const part of stream) hash.update(part as Buffer);
  } finally {
    await handle.close().catch(() => undefined);
  }
  return hash.digest("hex");
}
