export { runCli, type RunCliOptions } from "./run-cli.js";
export { createProgram } from "./program.js";
export { CliContext } from "./context.js";
export { processIo, type CliIo } from "./io.js";
export { CliError, EXIT, usageError } from "./cli-error.js";
export { Output, colorEnabled, type Column, type Colors } from "./output.js";
export { parseHostTarget, type HostTarget } from "./host-target.js";
export { globalOptions, type GlobalOptions } from "./global-options.js";
export type { CommandModule } from "./commands/index.js";
