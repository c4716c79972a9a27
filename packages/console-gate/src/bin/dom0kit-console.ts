#!/usr/bin/env node
// The forced command of every customer key: the console menu. See runConsoleProgram.
import { isatty } from "node:tty";
import { ExecaRunner } from "@dom0kit/runner";
import { runConsoleProgram } from "../console-program.js";
import { fdLineSource } from "../line-source.js";

// Ctrl-C, Ctrl-\ and Ctrl-Z at the menu must neither kill it mid-action nor stop
// it (a stopped menu would hang the session); the menu has its own "exit".
for (const signal of ["SIGINT", "SIGQUIT", "SIGTSTP"] as const) process.on(signal, () => undefined);

process.exitCode = await runConsoleProgram({
  argv: process.argv.slice(2),
  env: process.env,
  input: fdLineSource(0),
  write: (text) => process.stdout.write(text),
  writeError: (text) => process.stderr.write(text),
  terminal: isatty(0),
  runner: new ExecaRunner(),
});
