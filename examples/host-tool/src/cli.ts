#!/usr/bin/env node
import { processIo } from "./io.js";
import { runCli } from "./run-cli.js";

// `dom0kit --help | head`: the reader went away; stop quietly, as other Unix tools do.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(0);
  throw error;
});

const controller = new AbortController();
let interrupted = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (interrupted) process.exit(signal === "SIGINT" ? 130 : 143); // a second signal: stop now
    interrupted = true;
    process.stderr.write(
      `\ndom0kit: ${signal} received — stopping, undoing and cleaning up (again to force)\n`,
    );
    controller.abort();
  });
}

process.exitCode = await runCli(process.argv.slice(2), processIo(), { signal: controller.signal });
