/**
 * The parts of a dom0kit inventory (`@dom0kit/inventory`'s `Inventory`) a
 * simulated host is built from. Structural: pass a loaded inventory as is.
 */
export interface InventoryLike {
  readonly host: {
    readonly name: string;
    readonly cpus: number;
    readonly memory: number;
    readonly scheduler?: "credit" | "credit2" | undefined;
    readonly dom0?:
      { readonly weight?: number | undefined; readonly memory?: number | undefined } | undefined;
    readonly network: { readonly interface: string; readonly bridge?: string | undefined };
    readonly boot?:
      { readonly pvGrubDir?: string | undefined; readonly rescueDisk?: string | undefined } | undefined;
  };
  readonly domains: readonly {
    readonly name: string;
    readonly memory: number;
    readonly maxmem?: number | undefined;
    readonly type?: "pv" | "pvh" | "hvm" | undefined;
    readonly vcpus?: number | undefined;
    readonly maxvcpus?: number | undefined;
    readonly weight?: number | undefined;
    readonly cap?: number | undefined;
    readonly cpus?: readonly number[] | undefined;
    readonly disks: readonly {
      readonly source: string;
      readonly vdev: string;
      readonly access?: "rw" | "ro" | undefined;
      readonly format?: string | undefined;
      readonly size?: string | undefined;
    }[];
    readonly network?:
      | readonly {
          readonly vifname: string;
          readonly mac: string;
          readonly ips?: readonly string[] | undefined;
          readonly bridge?: string | undefined;
          readonly rate?: { readonly out?: string | undefined } | undefined;
        }[]
      | undefined;
    readonly boot: {
      readonly loader: "pygrub" | "pv-grub" | "kernel";
      readonly arch?: "x86_64" | "x86_32" | undefined;
      readonly rescue?: boolean | undefined;
      readonly kernel?: string | undefined;
      readonly ramdisk?: string | undefined;
      readonly extra?: string | undefined;
    };
  }[];
}
