import type { HostSettings } from "./input-schema.js";

/** The toolstack and scheduler that decide which program and subcommand to run. */
export type CommandHost = Pick<HostSettings, "toolstack" | "scheduler">;

/** An argv: program first. */
export type Argv = readonly [string, ...string[]];

/**
 * The subcommand that reads and sets weights and caps: `xl sched-credit`,
 * `xl sched-credit2`, or `xm sched-credit`.
 *
 * @example
 * ```ts
 * schedSubcommand({ toolstack: "xl", scheduler: "credit2" }); // "sched-credit2"
 * ```
 */
export function schedSubcommand(host: CommandHost): "sched-credit" | "sched-credit2" {
  return host.toolstack === "xl" && host.scheduler === "credit2" ? "sched-credit2" : "sched-credit";
}

/**
 * `xl sched-credit -d NAME [-w W] [-c C]` (or `sched-credit2`, or `xm`), with only
 * the flags given.
 *
 * @example
 * ```ts
 * setWeightArgv({ toolstack: "xl", scheduler: "credit" }, "vm1", { weight: 512 });
 * // ["xl", "sched-credit", "-d", "vm1", "-w", "512"]
 * ```
 */
export function setWeightArgv(
  host: CommandHost,
  domain: string,
  change: { readonly weight?: number; readonly cap?: number },
): Argv {
  const argv: [string, ...string[]] = [host.toolstack, schedSubcommand(host), "-d", domain];
  if (change.weight !== undefined) argv.push("-w", String(change.weight));
  if (change.cap !== undefined) argv.push("-c", String(change.cap));
  return argv;
}

/**
 * `xl vcpu-set NAME N`: takes vcpus offline or brings them back, up to the boot count.
 *
 * @example
 * ```ts
 * vcpuSetArgv({ toolstack: "xm", scheduler: "credit" }, "vm1", 2); // ["xm", "vcpu-set", "vm1", "2"]
 * ```
 */
export function vcpuSetArgv(host: CommandHost, domain: string, vcpus: number): Argv {
  return [host.toolstack, "vcpu-set", domain, String(vcpus)];
}

/**
 * `xl vcpu-pin NAME VCPU CPUS`: sets one vcpu's hard affinity (soft affinity is left as it is).
 *
 * @example
 * ```ts
 * vcpuPinArgv({ toolstack: "xl", scheduler: "credit" }, "vm1", 0, "2-3"); // ["xl", "vcpu-pin", "vm1", "0", "2-3"]
 * ```
 */
export function vcpuPinArgv(host: CommandHost, domain: string, vcpu: number, cpus: string): Argv {
  return [host.toolstack, "vcpu-pin", domain, String(vcpu), cpus];
}

/**
 * `xl sched-credit -s [-p POOL] [-t MS] [-r US]` (credit2: only `-r`). `-p` is left
 * out for Pool-0, which `-s` means by default.
 *
 * @example
 * ```ts
 * setPoolArgv({ toolstack: "xl", scheduler: "credit" }, "Pool-0", { tsliceMs: 10 });
 * // ["xl", "sched-credit", "-s", "-t", "10"]
 * ```
 */
export function setPoolArgv(
  host: CommandHost,
  pool: string,
  change: { readonly tsliceMs?: number; readonly ratelimitUs?: number },
): Argv {
  const argv: [string, ...string[]] = ["xl", schedSubcommand(host), "-s"];
  if (pool !== "Pool-0") argv.push("-p", pool);
  if (change.tsliceMs !== undefined) argv.push("-t", String(change.tsliceMs));
  if (change.ratelimitUs !== undefined) argv.push("-r", String(change.ratelimitUs));
  return argv;
}

/**
 * The three read-only commands whose output {@link readSchedulerState} parses.
 *
 * @example
 * ```ts
 * stateArgvs({ toolstack: "xl", scheduler: "credit" }).sched; // ["xl", "sched-credit"]
 * ```
 */
export function stateArgvs(host: CommandHost): {
  readonly list: Argv;
  readonly sched: Argv;
  readonly vcpus: Argv;
} {
  return {
    list: [host.toolstack, "list"],
    sched: [host.toolstack, schedSubcommand(host)],
    vcpus: [host.toolstack, "vcpu-list"],
  };
}
