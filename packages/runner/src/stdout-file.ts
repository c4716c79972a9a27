import { randomBytes } from "node:crypto";
import { open, unlink, type FileHandle } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** What a program wrote into a {@link StdoutFile}. */
export interface StdoutFileContent {
  /** The bytes, decoded as UTF-8 (empty when `tooLarge`). */
  readonly text: string;
  /** More than the limit was written; nothing was read. */
  readonly tooLarge: boolean;
}

/**
 * An unlinked temporary file a program writes its stdout into, read once after
 * it exits. A program that flushes many small writes (tc flushes once per
 * qdisc or class) then costs no wakeup per write, as a pipe does. The file has
 * no name from the moment it is open: nothing is left behind, whatever happens.
 *
 * @example
 * ```ts
 * const file = await StdoutFile.open();
 * try {
 *   await execa("tc", ["qdisc", "show"], { stdout: file.fd });
 *   const { text } = await file.read(64 * 1024 * 1024);
 * } finally {
 *   await file.close();
 * }
 * ```
 */
export class StdoutFile {
  readonly #handle: FileHandle;

  private constructor(handle: FileHandle) {
    this.#handle = handle;
  }

  /** Creates the file in the temporary directory (exclusively, mode 0600) and unlinks it. */
  static async open(directory: string = tmpdir()): Promise<StdoutFile> {
    const path = join(directory, `dom0kit-stdout-${randomBytes(8).toString("hex")}`);
    const handle = await open(path, "wx+", 0o600);
    try {
      await unlink(path);
    } catch (error) {
      await handle.close();
      throw error;
    }
    return new StdoutFile(handle);
  }

  /** The descriptor to give the program as its stdout. */
  get fd(): number {
    return this.#handle.fd;
  }

  /** Reads everything written so far, from the start, unless it is over `maxBytes`. */
  async read(maxBytes: number): Promise<StdoutFileContent> {
    const { size } = await this.#handle.stat();
    if (size > maxBytes) return { text: "", tooLarge: true };
    const buffer = Buffer.allocUnsafe(size);
    let filled = 0;
    while (filled < size) {
      const { bytesRead } = await this.#handle.read(buffer, filled, size - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return { text: buffer.toString("utf8", 0, filled), tooLarge: false };
  }

  /** Closes the descriptor; the space is freed. */
  async close(): Promise<void> {
    await this.#handle.close();
  }
}
