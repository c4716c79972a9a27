/**
 * Linux keeps at most 15 bytes of a task name on kernels before 5.17.
 *
 * @example
 * ```ts
 * "blkback.12.xvdb".length === TASK_COMM_MAX; // true: the vdev may have been cut
 * ```
 */
export const TASK_COMM_MAX = 15;

/** The three names blkback has given its kernel threads over the years. */
export type BlkbackNameForm = "xvd" | "blkback" | "ring";

/** What a blkback thread name says. */
export interface BlkbackThreadName {
  readonly form: BlkbackNameForm;
  readonly domid: number;
  /** The guest's device (`xvda`); absent in the `xvd` form. */
  readonly vdev?: string;
  /** The ring index (`-0`) of the multi-queue form. */
  readonly ring?: number;
  /** The backing device's numbers, from the `xvd` form (`fd:02` → 253:2). */
  readonly device?: { readonly major: number; readonly minor: number };
  /** The name was cut at 15 bytes, so the vdev (or ring) may be incomplete. */
  readonly truncated: boolean;
}

const XVD_FORM = /^xvd ([0-9]+) ([0-9a-f]{2,3}):([0-9a-f]{2,5})$/;
const BLKBACK_FORM = /^blkback\.([0-9]+)\.([a-z][a-z0-9]*)$/;
const RING_FORM = /^([0-9]+)\.([a-z][a-z0-9]*)-([0-9]+)$/;
/** The ring form cut at 15 bytes: the `-N` suffix lost or shortened. */
const RING_FORM_CUT = /^([0-9]+)\.([a-z][a-z0-9]*)-?$/;

/**
 * Reads a blkback kernel thread's name in any of its three forms:
 * `xvd <domid> <maj:min>` (2.6.18-xen: the backing device in hex),
 * `blkback.<domid>.<vdev>` (older pvops) and `<domid>.<vdev>-<ring>` (today's
 * multi-queue blkback, e.g. `3.xvda-0`). Returns `undefined` for other names.
 *
 * @example
 * ```ts
 * parseBlkbackThreadName("3.xvda-0");        // { form: "ring", domid: 3, vdev: "xvda", ring: 0, truncated: false }
 * parseBlkbackThreadName("blkback.7.xvdb");  // { form: "blkback", domid: 7, vdev: "xvdb", truncated: false }
 * parseBlkbackThreadName("xvd 12 fd:02");    // { form: "xvd", domid: 12, device: { major: 253, minor: 2 }, truncated: false }
 * ```
 */
export function parseBlkbackThreadName(name: string): BlkbackThreadName | undefined {
  const atLimit = name.length === TASK_COMM_MAX;
  const xvd = XVD_FORM.exec(name);
  if (xvd !== null) {
    const [, domid = "", major = "", minor = ""] = xvd;
    return {
      form: "xvd",
      domid: Number(domid),
      device: { major: Number.parseInt(major, 16), minor: Number.parseInt(minor, 16) },
      truncated: false,
    };
  }
  const blkback = BLKBACK_FORM.exec(name);
  if (blkback !== null) {
    const [, domid = "", vdev = ""] = blkback;
    return { form: "blkback", domid: Number(domid), vdev, truncated: atLimit };
  }
  const ring = RING_FORM.exec(name);
  if (ring !== null) {
    const [, domid = "", vdev = "", index = ""] = ring;
    return { form: "ring", domid: Number(domid), vdev, ring: Number(index), truncated: atLimit };
  }
  const cut = atLimit ? RING_FORM_CUT.exec(name) : null;
  if (cut !== null) {
    const [, domid = "", vdev = ""] = cut;
    return { form: "ring", domid: Number(domid), vdev, truncated: true };
  }
  return undefined;
}

/** How a qemu process was recognised. */
export interface QemuDomain {
  /** `upstream`: qemu-system-* with `-xen-domid N` (qdisk and device model); `traditional`: qemu-dm `-d N`. */
  readonly flavour: "upstream" | "traditional";
  readonly domid: number;
}

const DOMID = /^[0-9]{1,5}$/;

/**
 * Finds the domain a qemu process serves from its argv: `-xen-domid N` (also
 * `--xen-domid N`) for upstream qemu — the "qdisk" backend of non-raw images and
 * the HVM device model — or `-d N` for the traditional `qemu-dm`.
 *
 * @example
 * ```ts
 * parseQemuDomid(["/usr/bin/qemu-system-i386", "-xen-domid", "5", "-M", "xenpv"]); // { flavour: "upstream", domid: 5 }
 * ```
 */
export function parseQemuDomid(argv: readonly string[]): QemuDomain | undefined {
  for (const [index, arg] of argv.entries()) {
    if (arg === "-xen-domid" || arg === "--xen-domid") {
      const value = argv[index + 1];
      if (value !== undefined && DOMID.test(value)) return { flavour: "upstream", domid: Number(value) };
    }
  }
  const program = argv[0]?.split("/").at(-1) ?? "";
  if (program === "qemu-dm") {
    const at = argv.indexOf("-d");
    const value = at < 0 ? undefined : argv[at + 1];
    if (value !== undefined && DOMID.test(value)) return { flavour: "traditional", domid: Number(value) };
  }
  return undefined;
}

/**
 * True for the legacy blktap user-space backends: `tapdisk` (blktap1) and
 * `tapdisk2` (blktap2).
 *
 * @example
 * ```ts
 * isTapdiskName("tapdisk"); // true
 * ```
 */
export function isTapdiskName(name: string): boolean {
  return name === "tapdisk" || name === "tapdisk2";
}
