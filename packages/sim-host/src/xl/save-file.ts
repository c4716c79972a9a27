/** xl's save-file magic: the first 32 bytes of every `xl save` file (xl.h, savefileheader_magic). */
export const XL_SAVE_MAGIC = Buffer.from("Xen saved domain, xl format\n \0 \r", "latin1");
/** SAVEFILE_BYTEORDER_VALUE, written in the domain's (little-endian) byte order. */
const BYTEORDER = 0x01020304;
const FLAG_JSON = 1;
const FLAG_STREAM_V2 = 2;
/** Marks where the simulator's own record of the domain starts (after libxc's image header). */
const SIM_MARKER = Buffer.from("DOM0KIT-SIM-DOMAIN\n", "latin1");

/** The parts of a save file xl reads back. */
export interface SaveFileContents {
  readonly mandatoryFlags: number;
  readonly optionalFlags: number;
  readonly optionalDataLength: number;
  /** The libxl JSON config stored in the header, if any. */
  readonly configJson?: string;
  /** The simulator's record of the domain, if the file has one. */
  readonly payload?: unknown;
}

/** Result of {@link readSaveFile}: contents, or xl's message for a file it rejects. */
export type SaveFileResult =
  | { readonly ok: true; readonly contents: SaveFileContents }
  | { readonly ok: false; readonly stderr: string };

/** libxc migration stream v2 image header: marker, "XENF", version 2, options (big-endian). */
function imageHeader(): Buffer {
  const header = Buffer.alloc(24);
  header.writeBigUInt64BE(0xffffffffffffffffn, 0);
  header.writeUInt32BE(0x58454e46, 8);
  header.writeUInt32BE(2, 12);
  return header;
}

/**
 * Encodes a save file as xl writes it: the 32-byte magic, byte order, flags
 * (JSON config, stream v2), the libxl JSON config as optional data, then the
 * domain image — here libxc's image header followed by the simulator's record.
 *
 * @example
 * ```ts
 * encodeSaveFile('{"c_info":{}}', { name: "vm1" }).subarray(0, 32).equals(XL_SAVE_MAGIC); // true
 * ```
 */
export function encodeSaveFile(configJson: string, payload: unknown): Buffer {
  const config = Buffer.from(`${configJson}\0`, "utf8");
  const header = Buffer.alloc(48);
  XL_SAVE_MAGIC.copy(header, 0);
  header.writeUInt32LE(BYTEORDER, 32);
  header.writeUInt32LE(FLAG_JSON | FLAG_STREAM_V2, 36);
  header.writeUInt32LE(0, 40);
  header.writeUInt32LE(4 + config.length, 44);
  const length = Buffer.alloc(4);
  length.writeUInt32LE(config.length, 0);
  return Buffer.concat([
    header,
    length,
    config,
    imageHeader(),
    SIM_MARKER,
    Buffer.from(`${JSON.stringify(payload)}\n`, "utf8"),
  ]);
}

/** The info triple xl prints: `0x3/0x0/1234`. */
export function saveInfo(
  contents: Pick<SaveFileContents, "mandatoryFlags" | "optionalFlags" | "optionalDataLength">,
): string {
  return `0x${contents.mandatoryFlags.toString(16)}/0x${contents.optionalFlags.toString(16)}/${String(contents.optionalDataLength)}`;
}

/**
 * Reads a save file's header as `xl restore` does, with its messages for a
 * wrong magic, byte order or unknown mandatory flags, and a truncated file.
 */
export function readSaveFile(data: Buffer): SaveFileResult {
  if (data.length < 48) return { ok: false, stderr: "xl: error reading header: short read\n" };
  if (!data.subarray(0, 32).equals(XL_SAVE_MAGIC)) {
    return { ok: false, stderr: "File has wrong magic number - corrupt or for a different tool?\n" };
  }
  if (data.readUInt32LE(32) !== BYTEORDER) return { ok: false, stderr: "File has wrong byte order\n" };
  const mandatoryFlags = data.readUInt32LE(36);
  const optionalFlags = data.readUInt32LE(40);
  const optionalDataLength = data.readUInt32LE(44);
  const bad = mandatoryFlags & ~(FLAG_JSON | FLAG_STREAM_V2);
  if (bad !== 0) {
    return {
      ok: false,
      stderr: `Savefile has mandatory flag(s) 0x${bad.toString(16)} which are not supported; need newer xl\n`,
    };
  }
  if (data.length < 48 + optionalDataLength) return { ok: false, stderr: "Savefile truncated.\n" };
  let configJson: string | undefined;
  if (optionalDataLength >= 4) {
    const configLength = data.readUInt32LE(48);
    if (4 + configLength > optionalDataLength) return { ok: false, stderr: "Savefile truncated.\n" };
    configJson = data
      .subarray(52, 52 + configLength)
      .toString("utf8")
      .replace(/\0$/, "");
  }
  const rest = data.subarray(48 + optionalDataLength);
  const marker = rest.indexOf(SIM_MARKER);
  let payload: unknown;
  if (marker >= 0) {
    try {
      payload = JSON.parse(rest.subarray(marker + SIM_MARKER.length).toString("utf8"));
    } catch {
      payload = undefined;
    }
  }
  return {
    ok: true,
    contents: {
      mandatoryFlags,
      optionalFlags,
      optionalDataLength,
      ...(configJson === undefined ? {} : { configJson }),
      ...(payload === undefined ? {} : { payload }),
    },
  };
}
