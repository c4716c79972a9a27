import type { SimState } from "../state/model.js";

/** A process of the simulated dom0. */
export interface SimProcess {
  readonly pid: number;
  readonly ppid: number;
  readonly comm: string;
  readonly args: string;
  readonly user: string;
  /** True for kernel threads (blkback): `ps` shows their args in brackets. */
  readonly kernelThread: boolean;
}

const DOM0_PROCESSES: readonly SimProcess[] = [
  { pid: 1, ppid: 0, comm: "systemd", args: "/sbin/init", user: "root", kernelThread: false },
  { pid: 2, ppid: 0, comm: "kthreadd", args: "[kthreadd]", user: "root", kernelThread: true },
  {
    pid: 411,
    ppid: 1,
    comm: "xenstored",
    args: "/usr/sbin/xenstored --pid-file /var/run/xen/xenstored.pid",
    user: "root",
    kernelThread: false,
  },
  {
    pid: 423,
    ppid: 1,
    comm: "xenconsoled",
    args: "/usr/sbin/xenconsoled --pid-file=/var/run/xen/xenconsoled.pid",
    user: "root",
    kernelThread: false,
  },
  {
    pid: 512,
    ppid: 1,
    comm: "sshd",
    args: "sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups",
    user: "root",
    kernelThread: false,
  },
  { pid: 530, ppid: 1, comm: "cron", args: "/usr/sbin/cron -f", user: "root", kernelThread: false },
];

/**
 * Every process of the simulated dom0: a few system daemons, and each
 * domain's backends — a blkback kernel thread `<domid>.<vdev>-0` per raw disk
 * and a qemu process for non-raw images. Their pids are what `ionice -p` takes.
 *
 * @example
 * ```ts
 * processTable(state).filter((process) => process.comm.startsWith("3.")); // domain 3's disk threads
 * ```
 */
export function processTable(state: SimState): SimProcess[] {
  const backends = state.domains.flatMap((domain) =>
    domain.backends.map((backend): SimProcess =>
      backend.comm.startsWith("qemu")
        ? {
            pid: backend.pid,
            ppid: 1,
            comm: backend.comm,
            args: `/usr/bin/qemu-system-i386 -xen-domid ${String(domain.domid)} -no-shutdown -nodefaults -no-user-config -xen-attach -name ${domain.name} -vnc none -display none -nographic -machine xenpv -m ${String(domain.maxMemoryMiB + 1)}`,
            user: "root",
            kernelThread: false,
          }
        : {
            pid: backend.pid,
            ppid: 2,
            comm: backend.comm,
            args: `[${backend.comm}]`,
            user: "root",
            kernelThread: true,
          },
    ),
  );
  return [...DOM0_PROCESSES, ...backends].sort((a, b) => a.pid - b.pid);
}
