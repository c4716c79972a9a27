/**
 * Xen's virtual device number for a vdev name, as libxl computes it
 * (`libxl__device_disk_dev_number`, see xen-vbd-interface(7)): `xvdN[P]`,
 * `hdN[P]`, `sdN[P]`, `dNpP` or a plain number. `undefined` for a name xl
 * would reject.
 *
 * @example
 * ```ts
 * xenVdevNumber("xvda"); // 51712  (202 << 8)
 * xenVdevNumber("xvde"); // 51776
 * xenVdevNumber("sdb"); // 2064   (8 << 8 | 1 << 4)
 * xenVdevNumber("xvdq"); // 268439552 (1 << 28 | 16 << 8): the extended form
 * ```
 */
export function xenVdevNumber(vdev: string): number | undefined {
  const dp = /^d([0-9]+)p([0-9]+)$/.exec(vdev);
  if (dp !== null) {
    const disk = Number(dp[1]);
    const partition = Number(dp[2]);
    if (disk < 1 << 20 && partition < 256) return xvdNumber(disk, partition);
  }
  const xvd = decodeVirtualDisk(vdev, "xvd", (1 << 20) - 1, 255);
  if (xvd !== undefined) return xvdNumber(xvd.disk, xvd.partition);
  if (/^(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.test(vdev)) {
    const value = Number.parseInt(
      vdev,
      vdev.startsWith("0x") || vdev.startsWith("0X") ? 16 : vdev.startsWith("0") ? 8 : 10,
    );
    return value <= 0x7fffffff ? value : undefined;
  }
  const hd = decodeVirtualDisk(vdev, "hd", 3, 63);
  if (hd !== undefined) return ((hd.disk < 2 ? 3 : 22) << 8) | ((hd.disk & 1) << 6) | hd.partition;
  const sd = decodeVirtualDisk(vdev, "sd", 15, 15);
  if (sd !== undefined) return (8 << 8) | (sd.disk << 4) | sd.partition;
  return undefined;
}

function xvdNumber(disk: number, partition: number): number {
  return disk <= 15 && partition <= 15
    ? (202 << 8) | (disk << 4) | partition
    : (1 << 28) + disk * 256 + partition;
}

/** libxl's `device_virtdisk_matches`: letters as bijective base 26, then an optional partition. */
function decodeVirtualDisk(
  vdev: string,
  prefix: string,
  maxDisk: number,
  maxPartition: number,
): { disk: number; partition: number } | undefined {
  if (!vdev.startsWith(prefix)) return undefined;
  const match = /^([a-z]+)(.*)$/.exec(vdev.slice(prefix.length));
  if (match === null) return undefined;
  let disk = -1;
  for (const letter of match[1] ?? "") {
    disk = (disk + 1) * 26 + (letter.charCodeAt(0) - 0x61);
    if (disk > maxDisk) return undefined;
  }
  const rest = match[2] ?? "";
  if (rest === "") return { disk, partition: 0 };
  if (!/^[1-9][0-9]*$/.test(rest)) return undefined;
  const partition = Number(rest);
  return partition <= maxPartition ? { disk, partition } : undefined;
}

function diskLetters(index: number): string {
  let letters = "";
  let n = index + 1;
  while (n > 0) {
    n--;
    letters = String.fromCharCode(0x61 + (n % 26)) + letters;
    n = Math.floor(n / 26);
  }
  return letters;
}

/**
 * A vdev for one more whole disk: the family of the domain's first disk
 * (`xvd`, `sd`, `hd`) and the letter after the highest one in use — e.g. where
 * to attach the rescue disk. Falls back to `xvd` when the family is full.
 *
 * @example
 * ```ts
 * nextFreeVdev(["xvda"]); // "xvdb"
 * nextFreeVdev(["sda", "sdb", "sdc"]); // "sdd"
 * nextFreeVdev(["hda", "hdb", "hdc", "hdd"]); // "xvda"
 * ```
 */
export function nextFreeVdev(vdevs: readonly string[]): string {
  const used = new Set(vdevs.map(xenVdevNumber));
  const family = /^(xvd|sd|hd)/.exec(vdevs[0] ?? "")?.[1] ?? "xvd";
  const limits: Record<string, [number, number]> = { xvd: [(1 << 20) - 1, 255], sd: [15, 15], hd: [3, 63] };
  for (const prefix of [family, "xvd"]) {
    const [maxDisk, maxPartition] = limits[prefix] ?? [0, 0];
    const highest = vdevs.reduce((max, vdev) => {
      const decoded = decodeVirtualDisk(vdev, prefix, maxDisk, maxPartition);
      return decoded === undefined ? max : Math.max(max, decoded.disk);
    }, -1);
    for (let disk = highest + 1; disk <= maxDisk; disk++) {
      const candidate = `${prefix}${diskLetters(disk)}`;
      if (!used.has(xenVdevNumber(candidate))) return candidate;
    }
  }
  throw new RangeError("no free vdev left");
}
