import {
  isTapdiskName,
  parseBlkbackThreadName,
  parseQemuDomid,
  type BlkbackNameForm,
} from "./backend-names.js";
import { procfsSource, type ProcessSource } from "./process-source.js";
import type { ProcessInfo, ProcOptions } from "./read-processes.js";

/** What kind of dom0 process does a domain's disk I/O. */
export type BackendKind = "blkback" | "qemu" | "tapdisk";

/** A dom0 process (or kernel thread) that serves guests' disks, or does housekeeping I/O. */
export interface IoProcess {
  readonly pid: number;
  readonly name: string;
  readonly kernelThread: boolean;
  readonly nice: number;
  /**
   * The tasks whose priority is set: every thread of a user process (priorities
   * are per thread; new threads inherit their creator's), the thread itself for
   * a kernel thread.
   */
  readonly tids: readonly number[];
}

/** A backend process and what it says about the domain it serves. */
export interface BackendProcess extends IoProcess {
  readonly kind: BackendKind;
  /** The domain id, when the name or argv says it (blkback, qemu). */
  readonly domid?: number;
  /** The blkback name form. */
  readonly form?: BlkbackNameForm | "upstream" | "traditional";
  /** The guest device it serves (blkback `blkback.` and ring forms). */
  readonly vdev?: string;
  readonly ring?: number;
  /** The backing device's numbers (blkback `xvd` form). */
  readonly device?: { readonly major: number; readonly minor: number };
  /** The name was cut at 15 bytes (kernels before 5.17): the vdev may be incomplete. */
  readonly truncated?: boolean;
  /** Paths it holds open (tapdisk only: tells which image it serves); absent when the source cannot tell. */
  readonly openFiles?: readonly string[];
}

/** Everything on the host that does disk I/O for guests, and housekeeping processes. */
export interface IoProcessScan {
  readonly backends: readonly BackendProcess[];
  /** Processes whose name is one of the housekeeping names asked for. */
  readonly housekeeping: readonly IoProcess[];
  /** How many processes were looked at. */
  readonly scanned: number;
}

/** Options of {@link scanIoProcesses}. */
export interface ScanOptions extends ProcOptions {
  /** Names (`comm`) of dom0 housekeeping processes to report. @default [] */
  readonly housekeepingNames?: readonly string[];
  /** Where to read processes. @default the /proc tree at `procRoot` */
  readonly source?: ProcessSource;
}

function classify(process: ProcessInfo): Omit<BackendProcess, "tids" | "openFiles"> | undefined {
  const base = {
    pid: process.pid,
    name: process.name,
    kernelThread: process.kernelThread,
    nice: process.nice,
  };
  if (process.kernelThread) {
    const parsed = parseBlkbackThreadName(process.name);
    if (parsed === undefined) return undefined;
    return {
      ...base,
      kind: "blkback",
      domid: parsed.domid,
      form: parsed.form,
      ...(parsed.vdev === undefined ? {} : { vdev: parsed.vdev }),
      ...(parsed.ring === undefined ? {} : { ring: parsed.ring }),
      ...(parsed.device === undefined ? {} : { device: parsed.device }),
      ...(parsed.truncated ? { truncated: true } : {}),
    };
  }
  const qemu = parseQemuDomid(process.cmdline);
  if (qemu !== undefined) return { ...base, kind: "qemu", domid: qemu.domid, form: qemu.flavour };
  if (isTapdiskName(process.name)) return { ...base, kind: "tapdisk" };
  return undefined;
}

async function withTasks(process: IoProcess, source: ProcessSource): Promise<IoProcess> {
  return { ...process, tids: process.kernelThread ? [process.pid] : await source.threadIds(process.pid) };
}

/**
 * Finds, from a /proc tree (or another {@link ProcessSource}), every process that does disk I/O for guests:
 * blkback kernel threads in all three naming forms, qemu (`-xen-domid N`, or
 * `qemu-dm -d N`) and legacy `tapdisk`/`tapdisk2` (with the files it holds
 * open, to tell which image it serves) — plus housekeeping processes by name.
 *
 * @example
 * ```ts
 * const scan = await scanIoProcesses({ procRoot: "/proc", housekeepingNames: ["rsync"] });
 * for (const backend of scan.backends) console.log(backend.pid, backend.kind, backend.domid);
 * ```
 */
export async function scanIoProcesses(options: ScanOptions = {}): Promise<IoProcessScan> {
  const source = options.source ?? procfsSource(options);
  const processes = await source.list();
  const housekeepingNames = new Set(options.housekeepingNames ?? []);
  const backends = await Promise.all(
    processes.flatMap((process) => {
      const found = classify(process);
      if (found === undefined) return [];
      return [
        (async (): Promise<BackendProcess> => {
          const tids = found.kernelThread ? [found.pid] : await source.threadIds(found.pid);
          if (found.kind !== "tapdisk") return { ...found, tids };
          const openFiles = await source.openFiles(found.pid);
          return openFiles === undefined ? { ...found, tids } : { ...found, tids, openFiles };
        })(),
      ];
    }),
  );
  const housekeeping = await Promise.all(
    processes
      .filter((process) => !process.kernelThread && housekeepingNames.has(process.name))
      .map((process) =>
        withTasks(
          { pid: process.pid, name: process.name, kernelThread: false, nice: process.nice, tids: [] },
          source,
        ),
      ),
  );
  return { backends, housekeeping, scanned: processes.length };
}
