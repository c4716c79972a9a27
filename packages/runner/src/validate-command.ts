import type { Command } from "./command.js";
import { InvalidCommandError } from "./errors.js";

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function checkText(command: Command, what: string, text: string): void {
  if (text.includes("\0")) {
    throw new InvalidCommandError(command, `${what} contains a NUL byte, which no argv entry can hold`);
  }
  if (!text.isWellFormed()) {
    throw new InvalidCommandError(
      command,
      `${what} is not well-formed Unicode (a lone surrogate) and cannot be encoded as UTF-8 without changing it`,
    );
  }
}

/**
 * Checks that a command can be delivered to a program exactly as written:
 * a non-empty program name; no NUL bytes; text that encodes to UTF-8 unchanged;
 * environment names that are identifiers; a positive timeout; exit codes 0..255.
 *
 * @throws {@link InvalidCommandError} naming the first problem found.
 */
export function assertValidCommand(command: Command): void {
  if (command.file === "") throw new InvalidCommandError(command, "the program name is empty");
  checkText(command, "the program name", command.file);
  command.args.forEach((arg, index) => {
    if (typeof arg !== "string") {
      throw new InvalidCommandError(command, `argument ${String(index)} is not a string`);
    }
    checkText(command, `argument ${String(index)}`, arg);
  });
  for (const [name, value] of Object.entries(command.env ?? {})) {
    if (!ENV_NAME.test(name)) {
      throw new InvalidCommandError(command, `environment name ${JSON.stringify(name)} is not an identifier`);
    }
    checkText(command, `environment variable ${name}`, value);
  }
  if (command.cwd !== undefined) checkText(command, "the working directory", command.cwd);
  if (typeof command.input === "string") checkText(command, "the input", command.input.replaceAll("\0", ""));
  const timeout = command.timeoutMs;
  if (timeout !== undefined && !(Number.isFinite(timeout) && timeout > 0)) {
    throw new InvalidCommandError(
      command,
      `timeoutMs must be a positive number of milliseconds, got ${String(timeout)}`,
    );
  }
  for (const code of command.okExitCodes ?? []) {
    if (!Number.isInteger(code) || code < 0 || code > 255) {
      throw new InvalidCommandError(command, `okExitCodes must be integers 0..255, got ${String(code)}`);
    }
  }
}
