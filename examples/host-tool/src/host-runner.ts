import { ExecaRunner, SshRunner, type CommandRunner } from "@dom0kit/runner";
import { CliError } from "./cli-error.js";
import type { HostTarget } from "./host-target.js";

/** The environment variables the host runner reads. */
export interface HostRunnerEnv {
  /** An ssh_config file for SSH targets instead of ~/.ssh/config (`ssh -F`). */
  readonly DOM0KIT_SSH_CONFIG?: string | undefined;
}

/** `user@[2001:db8::1]` as ssh wants it: `user@2001:db8::1`. */
function sshDestination(destination: string): string {
  return destination.replace(/@\[(.*)\]$|^\[(.*)\]$/, (_match, afterUser?: string, alone?: string) =>
    afterUser === undefined ? (alone ?? "") : `@${afterUser}`,
  );
}

/**
 * The runner for a host target: `local` runs here with execa; `ssh://` runs on
 * the remote host with `SshRunner` (keys, known hosts and the like come from the
 * ssh_config — `~/.ssh/config`, or the file in `DOM0KIT_SSH_CONFIG`). `sim` is
 * added when @dom0kit/sim-host lands.
 *
 * @example
 * ```ts
 * const runner = runnerForTarget(parseHostTarget("ssh://root@dom0.example.net"), process.env);
 * ```
 */
export function runnerForTarget(target: HostTarget, env: HostRunnerEnv = {}): CommandRunner {
  switch (target.kind) {
    case "local":
      return new ExecaRunner();
    case "sim":
      throw new CliError(
        "--host sim: the simulated dom0 is not available in this version",
        "use --host local",
      );
    case "ssh":
      return new SshRunner({
        destination: sshDestination(target.destination),
        ...(target.port === undefined ? {} : { port: target.port }),
        ...(env.DOM0KIT_SSH_CONFIG === undefined || env.DOM0KIT_SSH_CONFIG === ""
          ? {}
          : { configFile: env.DOM0KIT_SSH_CONFIG }),
      });
  }
}

/** Ends what a runner holds open (an SSH master connection); other runners hold nothing. */
export async function closeRunner(runner: CommandRunner): Promise<void> {
  if (runner instanceof SshRunner) await runner.close();
}
