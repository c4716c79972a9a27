import type { Command } from "commander";
import {
  parseConsoleGateConfig,
  planConsoleInstall,
  planConsoleUninstall,
  readConsoleHostState,
  readConsoleProgram,
  type ConsoleGateModel,
  type ConsoleProgram,
} from "@dom0kit/console-gate";
import type { Inventory } from "@dom0kit/inventory";
import {
  applyPlan,
  assertPlanSucceeded,
  formatCommand,
  isEmptyPlan,
  type Action,
  type Plan,
} from "@dom0kit/runner";
import { CliError, usageError } from "../cli-error.js";
import type { CliContext } from "../context.js";
import { planToJson } from "../plan-json.js";
import type { Output } from "../output.js";

/** Options of `console plan` and `console install`. */
interface InstallOptions {
  readonly program?: string;
  readonly node?: string;
  readonly sshdMatch: boolean;
  readonly reloadSshd: boolean;
}

const RELOAD_SSHD = ["systemctl", "reload", "ssh"] as const;

/** The console-gate model for the inventory's users (or the named ones), with the layout defaults. */
export function consoleModel(
  inventory: Inventory,
  names: readonly string[],
  options: Partial<InstallOptions>,
): ConsoleGateModel {
  const unknown = names.filter((name) => !inventory.users.some((user) => user.name === name));
  if (unknown.length > 0) {
    throw usageError(
      `no user named ${unknown.join(", ")} in the inventory`,
      `the inventory's users are: ${inventory.users.map((user) => user.name).join(", ") || "none"}`,
    );
  }
  const users = inventory.users
    .filter((user) => names.length === 0 || names.includes(user.name))
    .map((user) => ({
      name: user.name,
      keys: user.keys,
      domains: user.domains,
      actions: user.actions,
      ...(user.from === undefined ? {} : { from: user.from }),
    }));
  return parseConsoleGateConfig(
    {
      users,
      sshdMatchBlock: options.sshdMatch ?? true,
      ...(options.node === undefined ? {} : { paths: { node: options.node } }),
    },
    "the inventory's users",
  );
}

async function loadProgram(context: CliContext, path: string | undefined): Promise<ConsoleProgram> {
  try {
    return await readConsoleProgram(path === undefined ? undefined : context.resolvePath(path));
  } catch (error) {
    throw new CliError(
      `cannot read the dom0kit-console menu program${path === undefined ? "" : ` ${path}`}: ${(error as Error).message}`,
      "build the packages first (pnpm build), or pass the bundled program with --program FILE",
      { cause: error },
    );
  }
}

function describeInput(action: Action): string {
  const { input } = action.command;
  if (input === undefined) return "";
  const bytes = typeof input === "string" ? Buffer.byteLength(input) : input.length;
  return ` < (${String(bytes)} bytes)`;
}

/** Prints a plan: numbered steps with their commands, then the finally actions. */
function printPlan(out: Output, built: Plan): void {
  out.heading(built.title);
  built.steps.forEach((each, index) => {
    out.line(`${String(index + 1).padStart(3)}. ${each.description}`);
    out.line(`     $ ${formatCommand(each.command)}${describeInput(each)}`);
  });
  if (built.finally.length > 0) out.line("always, at the end:");
  for (const each of built.finally) out.line(`     $ ${formatCommand(each.command)}`);
}

async function installPlan(
  context: CliContext,
  command: Command,
  names: readonly string[],
  options: InstallOptions,
) {
  const model = consoleModel(await context.inventory(command), names, options);
  const state = await readConsoleHostState(
    context.hostRunner(command),
    model.layout,
    model.users.map((user) => user.name),
  );
  const program = await loadProgram(context, options.program);
  return planConsoleInstall(model, state, program, options.reloadSshd ? { reloadSshd: RELOAD_SSHD } : {});
}

const UP_TO_DATE = "nothing to do: console access is already as the inventory says";

async function apply(
  context: CliContext,
  command: Command,
  built: Plan,
  done: string,
  nothing: string,
): Promise<void> {
  const out = context.output(command);
  if (isEmptyPlan(built)) {
    out.line(nothing);
    return;
  }
  const report = await applyPlan(built, context.changeRunner(command), {
    signal: context.signal,
    onStep: (event) => {
      if (event.type === "start" && event.phase === "step") out.line(`→ ${event.action.description}`);
      if (event.type === "start" && event.phase === "undo") out.line(`↩ ${event.action.description}`);
    },
  });
  assertPlanSucceeded(report);
  out.line(context.options(command).dryRun ? `dry run: ${done} (nothing changed)` : done);
}

function addInstallOptions(command: Command): Command {
  return command
    .option(
      "--program <file>",
      "the bundled dom0kit-console.js to install (default: the one in @dom0kit/console-gate)",
    )
    .option("--node <path>", "the Node.js customers' sessions run (default /usr/bin/node)")
    .option("--no-sshd-match", "do not install the sshd_config Match User block")
    .option("--reload-sshd", "run `systemctl reload ssh` when the Match block changed", false);
}

/** `dom0kit console plan|install|uninstall|shell`: customers' console access over SSH. */
export function registerConsoleCommands(program: Command, context: CliContext): void {
  const consoleCommand = program
    .command("console")
    .description("customers' console access over SSH: forced-command keys, sudo rules, the menu");

  addInstallOptions(
    consoleCommand
      .command("plan")
      .argument("[user...]", "only these inventory users (default: all)")
      .description("show what `console install` would change on the host"),
  )
    .addHelpText("after", "\nExample:\n  dom0kit console plan -i dom0kit.yaml alice")
    .action(async (names: string[], options: InstallOptions, command: Command) => {
      const built = await installPlan(context, command, names, options);
      const out = context.output(command);
      if (context.options(command).json) out.json(planToJson(built));
      else if (isEmptyPlan(built)) out.line(UP_TO_DATE);
      else printPlan(out, built);
    });

  addInstallOptions(
    consoleCommand
      .command("install")
      .argument("[user...]", "only these inventory users (default: all)")
      .description("create or update the customers' accounts, keys, sudo rules and menu"),
  )
    .addHelpText(
      "after",
      "\nEvery file is written atomically; sudo rules only after visudo accepts them; a failure undoes the steps taken.\n" +
        "Example:\n  dom0kit console install -i dom0kit.yaml --reload-sshd",
    )
    .action(async (names: string[], options: InstallOptions, command: Command) => {
      const built = await installPlan(context, command, names, options);
      await apply(context, command, built, "console access installed", UP_TO_DATE);
    });

  consoleCommand
    .command("uninstall")
    .argument("<user...>", "the customers whose console access to remove")
    .description("remove exactly what `console install` added for these users, and their accounts")
    .option("--keep-sessions", "do not end the users' running sessions (userdel then fails while they last)")
    .option("--reload-sshd", "run `systemctl reload ssh` when the Match block changed", false)
    .addHelpText("after", "\nExample:\n  dom0kit console uninstall alice")
    .action(
      async (names: string[], options: { keepSessions?: boolean; reloadSshd: boolean }, command: Command) => {
        const model = parseConsoleGateConfig({ users: [] });
        const state = await readConsoleHostState(context.hostRunner(command), model.layout, names);
        const built = planConsoleUninstall(model.layout, names, state, {
          endSessions: options.keepSessions !== true,
          ...(options.reloadSshd ? { reloadSshd: RELOAD_SSHD } : {}),
        });
        if (context.options(command).json && context.options(command).dryRun) {
          context.output(command).json(planToJson(built));
          return;
        }
        await apply(
          context,
          command,
          built,
          `console access removed for ${names.join(", ")}`,
          `nothing to do: no console access is installed for ${names.join(", ")}`,
        );
      },
    );

  consoleCommand
    .command("shell")
    .argument("<user>", "the inventory user whose menu to open")
    .description("open a customer's console menu here, as that customer (to see what they see)")
    .option("--request <text>", 'send a request as the customer\'s ssh command would (e.g. "status vm1")')
    .addHelpText("after", "\nExample:\n  dom0kit console shell alice --request status")
    .action(async (user: string, options: { request?: string }, command: Command) => {
      const model = consoleModel(await context.inventory(command), [user], {});
      const { layout } = model;
      const argv = [
        "setpriv",
        "--reuid",
        user,
        "--regid",
        user,
        "--init-groups",
        "--reset-env",
        "--",
        layout.env,
        `SSH_ORIGINAL_COMMAND=${options.request ?? ""}`,
        layout.node,
        layout.program,
        "--access-dir",
        layout.accessDir,
      ] as const;
      if (context.options(command).dryRun) {
        context.output(command).line(`would run: ${formatCommand({ file: argv[0], args: argv.slice(1) })}`);
        return;
      }
      await context.hostRunner(command).run({ file: argv[0], args: argv.slice(1) }, { stdio: "inherit" });
    });
}
