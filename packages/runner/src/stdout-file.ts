import { randomBytes } from "node:crypto";
import { closeSync, fstatSync, openSync, readSync, unlinkSync } from "node:fs";
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
 * Its calls are synchronous: each is one system call on a file in the page
 * cache, and a caller that opens the file and then spawns keeps its spawns in
 * the order it made them (an await between would let a later spawn go first).
 *
 * @example
 * ```ts
 * const file = StdoutFile.open();
 * try {
 *   await execa("tc", ["qdisc", "show"], { stdout: file.fd });
 *   const { text } = file.read(64 * 1024 * 1024);
 * } finally {
 *   file.close();
 * }
 * ```
 */
export class StdoutFile {
  readonly #fd: number;

  private constructor(fd: number) {
    this.#fd = fd;
  }

  /** Creates the file in the temporary directory (exclusively, mode 0600) and unlinks it. */
  static open(directory: string = tmpdir()): StdoutFile {
    const path = join(directory, `dom0kit-stdout-${randomBytes(8).toString("hex")}`);
    const fd = openSync(path, "wx+", 0o600);
    try {
      unlinkSync(path);
    } catch (error) {
      closeSync(fd);
      throw error;
    }
    return new StdoutFile(fd);
  }

  /** The descriptor to give the program as its stdout. */
  get fd(): number {
    return this.#fd;
  }

  /** Reads everything written so far, from the start, unless it is over `maxBytes`. */
  read(maxBytes: number): StdoutFileContent {
    const { size } = fstatSync(this.#fd);
    if (size > maxBytes) return { text: "", tooLarge: true };
    const buffer = Buffer.allocUnsafe(size);
    let filled = 0;
    while (filled < size) {
      const bytesRead = readSync(this.#fd, buffer, filled, size - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return { text: buffer.toString("utf8", 0, filled), tooLarge: false };
  }

  /** Closes the descriptor; the space is freed. */
  close(): void {
    closeSync(this.#fd);
  }
}
