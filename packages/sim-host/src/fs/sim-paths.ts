import { posix, join, sep } from "node:path";
import { parseLvPath, type LvRef } from "./lv-path.js";

/** Device files every simulated command may use as they are on the real machine. */
const REAL_DEVICES = new Set([
  "/dev/null",
  "/dev/zero",
  "/dev/full",
  "/dev/random",
  "/dev/urandom",
  "/dev/stdin",
  "/dev/stdout",
  "/dev/stderr",
]);

/** Where a simulated path lives on the real machine. */
export type ResolvedPath =
  | { readonly kind: "lv"; readonly lv: LvRef; readonly hostPath: string }
  | { readonly kind: "file"; readonly hostPath: string }
  | { readonly kind: "real-device"; readonly hostPath: string };

/**
 * The layout of a state directory and the mapping between the simulated dom0's
 * file system and real files: `/dev/VG/LV` is `<dir>/lvm/VG/LV` (a sparse file),
 * every other absolute path is under `<dir>/root`, except paths already inside
 * the state directory and real character devices like `/dev/null`.
 *
 * @example
 * ```ts
 * const paths = new SimPaths("/tmp/sim");
 * paths.resolve("/etc/xen/vm1.cfg", "/", ["vg0"]).hostPath; // "/tmp/sim/root/etc/xen/vm1.cfg"
 * ```
 */
export class SimPaths {
  readonly stateDir: string;
  readonly root: string;
  readonly lvmDir: string;
  readonly stateFile: string;
  readonly lockDir: string;
  readonly journalFile: string;

  constructor(stateDir: string) {
    this.stateDir = posix.resolve(stateDir);
    this.root = join(this.stateDir, "root");
    this.lvmDir = join(this.stateDir, "lvm");
    this.stateFile = join(this.stateDir, "state.json");
    this.lockDir = join(this.stateDir, "state.lock");
    this.journalFile = join(this.stateDir, "journal.jsonl");
  }

  /** The backing file of logical volume `vg/name`. */
  lvFile(vg: string, name: string): string {
    return join(this.lvmDir, vg, name);
  }

  /** True when `hostPath` is inside the state directory. */
  isInside(hostPath: string): boolean {
    return hostPath === this.stateDir || hostPath.startsWith(this.stateDir + sep);
  }

  /** Resolves a simulated path (absolute, or relative to `cwd`) to where it lives. */
  resolve(simPath: string, cwd: string, vgs: readonly string[]): ResolvedPath {
    const absolute = posix.resolve(cwd, simPath);
    if (
      REAL_DEVICES.has(absolute) ||
      absolute.startsWith("/dev/fd/") ||
      absolute.startsWith("/proc/self/fd/")
    ) {
      return { kind: "real-device", hostPath: absolute };
    }
    if (this.isInside(absolute)) return { kind: "file", hostPath: absolute };
    const lv = parseLvPath(absolute, vgs);
    if (lv !== undefined) return { kind: "lv", lv, hostPath: this.lvFile(lv.vg, lv.name) };
    return { kind: "file", hostPath: absolute === "/" ? this.root : join(this.root, absolute) };
  }

  /** Rewrites real paths in a program's message back into simulated ones. */
  reverseText(text: string): string {
    if (!text.includes(this.stateDir)) return text;
    const lvPattern = new RegExp(`${escapeRegExp(this.lvmDir)}/([^/\\s'"]+)/([^/\\s'"]+)`, "g");
    const root = escapeRegExp(this.root);
    return text
      .replace(lvPattern, (_all, vg: string, lv: string) => `/dev/${vg}/${lv}`)
      .replace(new RegExp(`${root}/`, "g"), "/")
      .replace(new RegExp(`${root}(?![^\\s'"\`:,)])`, "g"), "/");
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
