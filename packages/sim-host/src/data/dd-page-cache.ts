import type { PathUse } from "./translate-args.js";

/**
 * Makes `dd` drop from this machine's page cache what it read from the
 * simulated dom0's storage (`iflag=nocache`, merged into an `iflag=` already
 * there). Simulated disks are sparse files: read through the page cache, every
 * hole becomes freshly allocated, zero-filled cache pages, which on a virtual
 * machine costs seconds of system time per GiB of new memory — the bulk of a
 * simulated backup. With `nocache` dd hands each block's pages back after
 * reading it, so the same few warm pages are used again. The bytes dd writes
 * are the same; the simulated host does not model a page cache. Reads from
 * real devices (`/dev/zero`) and `count=0` (which would make `nocache` drop
 * the whole file and report failures) are left alone.
 *
 * @example
 * ```ts
 * const args = ["if=/state/lvm/vg0/snap", "bs=4M"];
 * addDdNocache(args, uses); // args: ["if=/state/lvm/vg0/snap", "bs=4M", "iflag=nocache"]
 * ```
 */
export function addDdNocache(args: string[], uses: readonly PathUse[]): void {
  const readsSimStorage = uses.some(
    (use) => use.operand === "if" && (use.resolved.kind === "lv" || use.resolved.kind === "file"),
  );
  if (!readsSimStorage || args.includes("count=0")) return;
  const iflag = args.findIndex((arg) => arg.startsWith("iflag="));
  if (iflag < 0) args.push("iflag=nocache");
  else if (!(args[iflag] as string).slice("iflag=".length).split(",").includes("nocache"))
    args[iflag] = `${args[iflag] as string},nocache`;
}
