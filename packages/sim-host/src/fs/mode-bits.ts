/** The umask of root on a Debian dom0 (`UMASK 022` in login.defs): symbolic modes without a "who" respect it. */
export const ROOT_UMASK = 0o022;

const ALL_BITS = 0o7777;
const S_ISUID = 0o4000;
const S_ISGID = 0o2000;
const S_ISVTX = 0o1000;
const RWX_USER = 0o700;
const RWX_GROUP = 0o070;
const RWX_OTHER = 0o007;
const READ = 0o444;
const WRITE = 0o222;
const EXECUTE = 0o111;

/** One `[ugoa]*[-+=]…` operation of a mode, compiled. */
interface ModeChange {
  readonly op: "=" | "+" | "-";
  readonly flag: "ordinary" | "copy" | "x-if-any-x";
  /** Bits the "who" part selects (0: none given, the umask applies). */
  readonly affected: number;
  readonly value: number;
  /** Bits the operation names (directories keep their set-ID bits unless named). */
  readonly mentioned: number;
}

/** A compiled mode argument of chmod or install. */
export interface CompiledMode {
  readonly changes: readonly ModeChange[];
  /** True when some operation gives no "who", so the umask limits it. */
  readonly usesUmask: boolean;
}

function parseOctal(text: string): number | undefined {
  if (!/^[0-7]+$/.test(text)) return undefined;
  let value = 0;
  for (const digit of text) {
    value = value * 8 + Number(digit);
    if (value > ALL_BITS) return undefined;
  }
  return value;
}

const WHO_BITS: Readonly<Record<string, number>> = {
  u: S_ISUID | RWX_USER,
  g: S_ISGID | RWX_GROUP,
  o: S_ISVTX | RWX_OTHER,
  a: ALL_BITS,
};

const PERM_BITS: Readonly<Record<string, number>> = {
  r: READ,
  w: WRITE,
  x: EXECUTE,
  s: S_ISUID | S_ISGID,
  t: S_ISVTX,
};

const COPY_BITS: Readonly<Record<string, number>> = { u: RWX_USER, g: RWX_GROUP, o: RWX_OTHER };

/**
 * Compiles a mode as GNU chmod reads it: octal (`0440`; fewer than five
 * digits leave a directory's set-ID bits alone unless they are set) or
 * symbolic clauses `[ugoa]*([-+=]([rwxXst]*|[ugo]))+` joined by commas, an
 * operation also taking octal digits (`=640`). Undefined when invalid.
 *
 * @example
 * ```ts
 * applyMode(compileMode("u+x,go-w")!, 0o666, false); // 0o744
 * ```
 */
export function compileMode(text: string): CompiledMode | undefined {
  if (text === "") return undefined;
  if (/^[0-7]/.test(text)) {
    const value = parseOctal(text);
    if (value === undefined) return undefined;
    const mentioned = text.length < 5 ? (value & (S_ISUID | S_ISGID)) | S_ISVTX | 0o777 : ALL_BITS;
    return {
      changes: [{ op: "=", flag: "ordinary", affected: ALL_BITS, value, mentioned }],
      usesUmask: false,
    };
  }
  const changes: ModeChange[] = [];
  let usesUmask = false;
  for (const clause of text.split(",")) {
    const who = /^[ugoa]*/.exec(clause)?.[0] ?? "";
    let affected = 0;
    for (const letter of who) affected |= WHO_BITS[letter] as number;
    let rest = clause.slice(who.length);
    if (rest === "") return undefined;
    while (rest !== "") {
      const op = rest[0];
      if (op !== "=" && op !== "+" && op !== "-") return undefined;
      rest = rest.slice(1);
      const octal = /^[0-7]+/.exec(rest)?.[0];
      if (octal !== undefined) {
        const value = parseOctal(octal);
        if (value === undefined || affected !== 0) return undefined;
        rest = rest.slice(octal.length);
        if (rest !== "") return undefined;
        changes.push({ op, flag: "ordinary", affected: ALL_BITS, value, mentioned: ALL_BITS });
        affected = ALL_BITS;
        continue;
      }
      const copy = rest[0];
      if (copy !== undefined && copy in COPY_BITS) {
        const value = COPY_BITS[copy] as number;
        rest = rest.slice(1);
        changes.push({
          op,
          flag: "copy",
          affected,
          value,
          mentioned: affected !== 0 ? affected & value : value,
        });
      } else {
        const perms = /^[rwxXst]*/.exec(rest)?.[0] ?? "";
        rest = rest.slice(perms.length);
        let value = 0;
        let flag: ModeChange["flag"] = "ordinary";
        for (const letter of perms) {
          if (letter === "X") flag = "x-if-any-x";
          else value |= PERM_BITS[letter] as number;
        }
        changes.push({ op, flag, affected, value, mentioned: affected !== 0 ? affected & value : value });
      }
      if (affected === 0) usesUmask = true;
    }
  }
  return { changes, usesUmask };
}

/**
 * Applies a compiled mode to a file's current permission bits, as GNU chmod's
 * `mode_adjust` does: "who"-less operations are limited by `umask`, `X` adds
 * execute only for directories and files executable by someone, and a
 * directory keeps set-user-ID and set-group-ID unless the mode names them.
 *
 * @example
 * ```ts
 * applyMode(compileMode("0440")!, 0o644, false); // 0o440
 * ```
 */
export function applyMode(
  mode: CompiledMode,
  current: number,
  directory: boolean,
  umask = ROOT_UMASK,
): number {
  let result = current & ALL_BITS;
  for (const change of mode.changes) {
    const omit = (directory ? S_ISUID | S_ISGID : 0) & ~change.mentioned;
    let value = change.value;
    if (change.flag === "copy") {
      value &= result;
      value |= (value & READ ? READ : 0) | (value & WRITE ? WRITE : 0) | (value & EXECUTE ? EXECUTE : 0);
    } else if (change.flag === "x-if-any-x" && ((result & EXECUTE) !== 0 || directory)) {
      value |= EXECUTE;
    }
    value &= (change.affected !== 0 ? change.affected : ~umask) & ~omit;
    if (change.op === "=") {
      const preserved = (change.affected !== 0 ? ~change.affected : 0) | omit;
      result = (result & preserved) | value;
    } else if (change.op === "+") {
      result |= value;
    } else {
      result &= ~value;
    }
  }
  return result & ALL_BITS;
}

const TYPE_LETTERS: Readonly<Record<number, string>> = {
  0o140000: "s",
  0o120000: "l",
  0o100000: "-",
  0o060000: "b",
  0o040000: "d",
  0o020000: "c",
  0o010000: "p",
};

/**
 * The ten-character form `ls -l` and `stat %A` print: the file type, then
 * `rwx` three times with `s`/`S` and `t`/`T` for the special bits.
 *
 * @example
 * ```ts
 * symbolicMode(0o100000, 0o4755); // "-rwsr-xr-x"
 * ```
 */
export function symbolicMode(typeBits: number, mode: number): string {
  const triple = (shift: number, special: number, letter: string): string => {
    const bits = (mode >> shift) & 7;
    const execute = (bits & 1) !== 0;
    const specialSet = (mode & special) !== 0;
    const x = specialSet ? (execute ? letter : letter.toUpperCase()) : execute ? "x" : "-";
    return `${bits & 4 ? "r" : "-"}${bits & 2 ? "w" : "-"}${x}`;
  };
  return `${TYPE_LETTERS[typeBits] ?? "?"}${triple(6, S_ISUID, "s")}${triple(3, S_ISGID, "s")}${triple(0, S_ISVTX, "t")}`;
}
