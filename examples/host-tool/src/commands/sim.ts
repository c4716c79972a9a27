import type { Command } from "commander";
import { SimHost, SimHostError, initFromInventory, writeShims, type SimState } from "@dom0kit/sim-host";
import { CliError, usageError } from "../cli-error.js";
import type { CliContext } from "../context.js";
import { simDirOf } from "../host-runner.js";

/** The simulated host's directory, from `--host sim[:DIR]` (a usage error for other targets). */
function simDir(context: CliContext, command: Command): string {
  const target = context.hostTarget(command);
  if (target.kind !== "sim") {
    throw usageError(
      `dom0kit sim works on a simulated dom0, not --host ${context.options(command).host}`,
      "use --host sim or --host sim:DIR",
    );
  }
  return simDirOf(target, context.io.env);
}

/** Opens the simulated dom0 in `dir`, saying how to create one if there is none. */
async function openSim(dir: string): Promise<SimHost> {
  try {
    return await SimHost.open(dir);
  } catch (error) {
    if (error instanceof SimHostError && error.code === "SIM_STATE_MISSING") {
      throw new CliError(`no simulated dom0 in ${dir}`, "create one with `dom0kit sim init`");
    }
    throw error;
  }
}

function summary(state: SimState): { guests: string[]; logicalVolumes: number } {
  return {
    guests: state.domains.map((domain) => `${domain.name} (domid ${String(domain.domid)}, ${domain.state})`),
    logicalVolumes: state.logicalVolumes.length,
  };
}

/** `dom0kit sim init|reset|shims`: manage the simulated dom0 that `--host sim` (the default) runs on. */
export function registerSimCommands(program: Command, context: CliContext): void {
  const sim = program
    .command("sim")
    .description("manage the simulated dom0 (the default --host): create it, reset it, shim it")
    .addHelpText(
      "after",
      "\nThe simulated dom0 lives in --host sim:DIR, else $DOM0KIT_SIM_DIR, else ~/.local/state/dom0kit/sim.",
    );

  sim
    .command("init")
    .description(
      "create the simulated dom0; with --inventory FILE, its host, volume groups, disks and running domains from the inventory",
    )
    .option("--force", "replace a simulated dom0 that already exists there")
    .option(
      "--no-domains",
      "lay out the inventory's host and disks only (--inventory, default ./dom0kit.yaml), no domain configs or domains: dom0kit apply creates them",
    )
    .addHelpText(
      "after",
      "\nExamples:\n  dom0kit sim init\n  dom0kit sim init --inventory examples/inventories/denmark.yaml --force\n" +
        "  dom0kit sim init -i examples/inventories/denmark.yaml --no-domains && dom0kit apply -i examples/inventories/denmark.yaml",
    )
    .action(async (options: { force?: boolean; domains: boolean }, command: Command) => {
      const dir = simDir(context, command);
      // --no-domains only makes sense with an inventory: the given one, else ./dom0kit.yaml.
      const fromInventory = inventoryGiven(command) || !options.domains;
      const replace = options.force === true;
      const inventory = fromInventory ? await context.inventory(command) : undefined;
      let host: SimHost;
      try {
        host =
          inventory === undefined
            ? await SimHost.create(dir, { replace })
            : await initFromInventory(dir, inventory, { replace, domains: options.domains });
      } catch (error) {
        if (error instanceof SimHostError && error.code === "SIM_STATE_EXISTS") {
          throw new CliError(`a simulated dom0 already exists in ${dir}`, "add --force to replace it");
        }
        throw error;
      }
      const state = await host.state();
      const out = context.output(command);
      if (context.options(command).json) {
        out.json({ dir: host.dir, ...summary(state) });
        return;
      }
      out.line(`simulated dom0 ${state.host.hostname} created in ${host.dir}`);
      const { guests, logicalVolumes } = summary(state);
      out.line(`${String(guests.length)} domains running, ${String(logicalVolumes)} logical volumes`);
      if (inventory !== undefined && !options.domains) out.line("next: dom0kit apply creates the domains");
      for (const guest of guests) out.line(`  ${guest}`);
    });

  sim
    .command("reset")
    .description("boot the simulated dom0 afresh: same hardware, no domains, disks, shaping or faults")
    .action(async (_options: unknown, command: Command) => {
      const dir = simDir(context, command);
      await (await openSim(dir)).reset();
      context.output(command).line(`simulated dom0 in ${dir} reset`);
    });

  sim
    .command("shims")
    .description("write executables (xl, lvcreate, lvs, tc, nft, dd …) that run on the simulated dom0")
    .argument("<dir>", "where to write them; put it first in PATH")
    .addHelpText("after", "\nExample:\n  dom0kit sim shims ~/sim-bin && PATH=~/sim-bin:$PATH xl list")
    .action(async (target: string, _options: unknown, command: Command) => {
      const dir = simDir(context, command);
      await openSim(dir);
      const cliPath = context.io.env.DOM0KIT_SIM_CLI;
      const written = await writeShims(
        context.resolvePath(target),
        dir,
        cliPath === undefined || cliPath === "" ? {} : { cliPath },
      );
      const out = context.output(command);
      if (context.options(command).json) {
        out.json({ dir, shims: written });
        return;
      }
      out.line(`${String(written.length)} shims written to ${context.resolvePath(target)}`);
      out.line(`run commands on the simulated dom0 with: PATH=${context.resolvePath(target)}:$PATH xl list`);
    });
}

/** True when `--inventory` was given on the command line (not just its default). */
function inventoryGiven(command: Command): boolean {
  for (let current: Command | null = command; current !== null; current = current.parent) {
    if (current.getOptionValueSource("inventory") === "cli") return true;
  }
  return false;
}
