import { ExecaRunner, SshRunner, type CommandRunner } from "@dom0kit/runner";
import { SimHost, defaultSimDir } from "@dom0kit/sim-host";
import type { HostTarget } from "./host-target.js";

/** The environment variables the host runner reads. */
export interface HostRunnerEnv {
  /** An ssh_config file for SSH targets instead of ~/.ssh/config (`ssh -F`). */
  readonly DOM0KIT_SSH_CONFIG?: string | undefined;
  /** The simulated dom0's state directory for `--host sim` without `:DIR`. */
  readonly DOM0KIT_SIM_DIR?: string | undefined;
  /** Where the default simulated dom0 lives: `$XDG_STATE_HOME/dom0kit/sim` (else `~/.local/state/dom0kit/sim`). */
  readonly XDG_STATE_HOME?: string | undefined;
}

/**
 * The state directory of a `sim` target: `sim:DIR`, else `$DOM0KIT_SIM_DIR`,
 * else the per-user default.
 *
 * @example
 * ```ts
 * simDirOf({ kind: "sim" }, { DOM0KIT_SIM_DIR: "/tmp/sim" }); // "/tmp/sim"
 * ```
 */
export function simDirOf(target: Extract<HostTarget, { kind: "sim" }>, env: HostRunnerEnv): string {
  return (
    target.dir ??
    defaultSimDir({
      ...(env.DOM0KIT_SIM_DIR === undefined ? {} : { DOM0KIT_SIM_DIR: env.DOM0KIT_SIM_DIR }),
      ...(env.XDG_STATE_HOME === undefined ? {} : { XDG_STATE_HOME: env.XDG_STATE_HOME }),
    })
  );
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
 * ssh_config — `~/.ssh/config`, or the file in `DOM0KIT_SSH_CONFIG`); `sim` is
 * a simulated dom0 in a state directory (see {@link simDirOf}), created empty
 * on first use.
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
      return SimHost.at(simDirOf(target, env), { createIfMissing: {} });
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
