import { CommandFailedError, type Command, type CommandRunner } from "@dom0kit/runner";

/**
 * The kernel's timer frequency and where it was found.
 * @example
 * ```ts
 * const hz: KernelHz = { hz: 250, source: "/proc/config.gz" };
 * ```
 */
export interface KernelHz {
  readonly hz: number;
  /** `/proc/config.gz`, `/boot/config-<release>`, or `assumed` (250, Debian's default) when neither could be read. */
  readonly source: string;
}

/**
 * The `CONFIG_HZ=` value in a kernel config, if there is one.
 * @example
 * ```ts
 * hzFromConfig("CONFIG_HZ_250=y\nCONFIG_HZ=250\n"); // 250
 * ```
 */
export function hzFromConfig(text: string): number | undefined {
  const match = /^CONFIG_HZ=(\d+)$/mu.exec(text);
  return match?.[1] === undefined ? undefined : Number.parseInt(match[1], 10);
}

async function tryRun(runner: CommandRunner, command: Command): Promise<string | undefined> {
  try {
    const result = await runner.run(command);
    return result.exitCode === 0 ? result.stdout : undefined;
  } catch (error) {
    if (error instanceof CommandFailedError) return undefined;
    throw error;
  }
}

/**
 * Reads the running kernel's CONFIG_HZ — the tick that default bursts must
 * cover — from `/proc/config.gz` or `/boot/config-$(uname -r)`, through the
 * runner (so it works on a remote dom0). Falls back to 250.
 *
 * @example
 * ```ts
 * const { hz } = await readKernelHz(new ExecaRunner());
 * resolveShaping({ ...input, hz });
 * ```
 */
export async function readKernelHz(runner: CommandRunner): Promise<KernelHz> {
  const fromProc = await tryRun(runner, { file: "zcat", args: ["/proc/config.gz"], okExitCodes: [0, 1, 2] });
  const procHz = fromProc === undefined ? undefined : hzFromConfig(fromProc);
  if (procHz !== undefined) return { hz: procHz, source: "/proc/config.gz" };
  const release = (await tryRun(runner, { file: "uname", args: ["-r"] }))?.trim();
  if (release !== undefined && /^[\w.+-]+$/u.test(release)) {
    const path = `/boot/config-${release}`;
    const config = await tryRun(runner, { file: "cat", args: [path], okExitCodes: [0, 1] });
    const hz = config === undefined ? undefined : hzFromConfig(config);
    if (hz !== undefined) return { hz, source: path };
  }
  return { hz: 250, source: "assumed" };
}
