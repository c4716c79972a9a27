/** How a simulated command may use logical volumes named in its arguments. */
export type LvAccess =
  /** Never: an LV argument is refused (the program would change or misreport the device). */
  | "none"
  /** Reads them. */
  | "read"
  /** `dd`: `if=` reads, `of=` writes. */
  | "dd"
  /** `cp`: sources may be LVs, the destination may not. */
  | "sources"
  /** Compressors: only when writing to stdout (`-c`, `--stdout`) or `-o FILE`. */
  | "compress";

/** A real program the simulator runs with simulated paths translated to real files. */
export interface DataProgram {
  readonly lvAccess: LvAccess;
  /** Its output names files: simulated paths are restored in what it prints. */
  readonly textOutput?: boolean;
  /** Options whose value is never a path, even if it starts with `/`. */
  readonly valueOptions?: readonly string[];
  /** Arguments refused outright (they would run other programs, or match against the real paths). */
  readonly refusedArgs?: readonly string[];
  /**
   * Arguments that would show or test the real owner or permission bits,
   * which are not the simulated ones (`chown`, `chmod` and `install` record
   * those in the state): refused; ask `stat` instead.
   */
  readonly readsOwners?: (args: readonly string[]) => boolean;
  /** It may delete files: the owner records of deleted files are dropped afterwards. */
  readonly deletes?: boolean;
}

const FIND_OWNER_TESTS = new Set([
  "-user",
  "-group",
  "-uid",
  "-gid",
  "-perm",
  "-nouser",
  "-nogroup",
  "-ls",
  "-readable",
  "-writable",
  "-executable",
]);

function findReadsOwners(args: readonly string[]): boolean {
  return args.some(
    (arg, index) =>
      FIND_OWNER_TESTS.has(arg) || (args[index - 1] === "-printf" && /%[-+ #0-9.]*[ugUGmM]/.test(arg)),
  );
}

function lsReadsOwners(args: readonly string[]): boolean {
  return args.some(
    (arg) => /^-[^-]*[lnog]/.test(arg) || /^--(format=(long|verbose)|numeric-uid-gid|author)/.test(arg),
  );
}

/**
 * The allow-list of real programs a simulated dom0 runs as real local
 * processes (so real bytes flow), with every simulated path in their
 * arguments translated into the state directory. Anything not here and not
 * simulated fails with exit 127.
 */
export const DATA_PROGRAMS: Readonly<Record<string, DataProgram>> = {
  cat: { lvAccess: "read" },
  dd: { lvAccess: "dd" },
  cp: { lvAccess: "sources", textOutput: true, valueOptions: ["-S", "--suffix"] },
  mv: { lvAccess: "none", textOutput: true, valueOptions: ["-S", "--suffix"], deletes: true },
  ln: {
    lvAccess: "none",
    textOutput: true,
    valueOptions: ["-S", "--suffix", "-t", "--target-directory"],
    deletes: true,
  },
  rm: { lvAccess: "none", textOutput: true, deletes: true },
  mkdir: { lvAccess: "none", textOutput: true, valueOptions: ["-m", "--mode"] },
  rmdir: { lvAccess: "none", textOutput: true, deletes: true },
  ls: {
    lvAccess: "none",
    textOutput: true,
    valueOptions: ["-I", "--ignore", "--hide", "-w", "--width"],
    readsOwners: lsReadsOwners,
  },
  touch: { lvAccess: "none", textOutput: true, valueOptions: ["-d", "--date", "-t"] },
  truncate: { lvAccess: "none", textOutput: true, valueOptions: ["-s", "--size"] },
  sync: { lvAccess: "read", textOutput: true },
  sha256sum: { lvAccess: "read", textOutput: true },
  sha512sum: { lvAccess: "read", textOutput: true },
  md5sum: { lvAccess: "read", textOutput: true },
  cmp: { lvAccess: "read", textOutput: true, valueOptions: ["-i", "--ignore-initial", "-n", "--bytes"] },
  head: { lvAccess: "read", valueOptions: ["-c", "--bytes", "-n", "--lines"] },
  tail: { lvAccess: "read", valueOptions: ["-c", "--bytes", "-n", "--lines"] },
  wc: { lvAccess: "read", textOutput: true },
  df: {
    lvAccess: "none",
    textOutput: true,
    valueOptions: ["-B", "--block-size", "-t", "--type", "-x", "--exclude-type", "--output"],
  },
  du: {
    lvAccess: "none",
    textOutput: true,
    valueOptions: ["-B", "--block-size", "--exclude", "-d", "--max-depth"],
  },
  tee: { lvAccess: "none" },
  find: {
    lvAccess: "none",
    textOutput: true,
    valueOptions: [
      "-name",
      "-iname",
      "-type",
      "-xtype",
      "-mindepth",
      "-maxdepth",
      "-printf",
      "-size",
      "-mtime",
      "-mmin",
      "-user",
      "-group",
      "-perm",
      "-links",
    ],
    refusedArgs: [
      "-exec",
      "-execdir",
      "-ok",
      "-okdir",
      "-delete",
      "-fprint",
      "-fprint0",
      "-fprintf",
      "-fls",
      "-path",
      "-ipath",
      "-wholename",
      "-iwholename",
      "-regex",
      "-iregex",
    ],
    readsOwners: findReadsOwners,
  },
  mktemp: { lvAccess: "none", textOutput: true },
  gzip: { lvAccess: "compress", deletes: true, valueOptions: ["-S", "--suffix"] },
  gunzip: { lvAccess: "compress", deletes: true, valueOptions: ["-S", "--suffix"] },
  pigz: {
    lvAccess: "compress",
    deletes: true,
    valueOptions: ["-p", "--processes", "-b", "--blocksize", "-S", "--suffix"],
  },
  zstd: { lvAccess: "compress", deletes: true, valueOptions: ["--format"] },
  unzstd: { lvAccess: "compress", deletes: true },
  zstdcat: { lvAccess: "read" },
  xz: { lvAccess: "compress", deletes: true, valueOptions: ["-T", "--threads", "-F", "--format"] },
  test: { lvAccess: "read" },
  "[": { lvAccess: "read" },
  sleep: { lvAccess: "none" },
  true: { lvAccess: "none" },
  false: { lvAccess: "none" },
};

/** Directories searched for the real programs (never PATH, which may hold the shims). */
export const SYSTEM_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
