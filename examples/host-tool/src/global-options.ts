import type { Command } from "commander";

/** Options every command accepts (defined on the program, read from any subcommand). */
export interface GlobalOptions {
  /** Print machine-readable JSON instead of text. */
  readonly json: boolean;
  /** Print what would change, change nothing. */
  readonly dryRun: boolean;
  /** Where commands run (`--host`). */
  readonly host: string;
  /** The inventory file (`--inventory`). */
  readonly inventory: string;
  /** False with `--no-color`. */
  readonly color: boolean;
}

/** The global options as seen from `command` (a subcommand's own options win). */
export function globalOptions(command: Command): GlobalOptions {
  const options = command.optsWithGlobals<Partial<GlobalOptions>>();
  return {
    json: options.json === true,
    dryRun: options.dryRun === true,
    host: options.host ?? "sim",
    inventory: options.inventory ?? "dom0kit.yaml",
    color: options.color !== false,
  };
}
