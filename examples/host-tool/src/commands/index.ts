import type { Command } from "commander";
import type { CliContext } from "../context.js";
import { registerConfigCommands } from "./config.js";
import { registerConsoleCommands } from "./console.js";
import { registerApplyCommand } from "./apply.js";
import { registerDemoCommand } from "./demo.js";
import { registerPlanCommand } from "./plan.js";
import { registerRenderCommand } from "./render.js";
import { registerStatusCommand } from "./status.js";
import { registerInventoryCommands } from "./inventory.js";
import { registerMenuCommands } from "./menu.js";
import { registerSchedCommands } from "./sched.js";
import { registerIoCommands } from "./io.js";
import { registerBackupCommands } from "./backup.js";
import { registerSimCommands } from "./sim.js";
import { registerNetCommands } from "./net.js";

/**
 * Adds one area's commands to the program. Each area lives in its own file in
 * this directory (`inventory.ts`, `config.ts`, `sched.ts`, …) and is listed in
 * {@link commandModules}.
 */
export type CommandModule = (program: Command, context: CliContext) => void;

/** Every area's commands, in the order `dom0kit --help` lists them. */
export const commandModules: readonly CommandModule[] = [
  registerDemoCommand,
  registerPlanCommand,
  registerApplyCommand,
  registerStatusCommand,
  registerRenderCommand,
  registerInventoryCommands,
  registerConfigCommands,
  registerMenuCommands,
  registerConsoleCommands,
  registerSchedCommands,
  registerIoCommands,
  registerBackupCommands,
  registerSimCommands,
  registerNetCommands,
];
