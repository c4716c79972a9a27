#!/usr/bin/env node
import { main } from "./cli/main.js";

// The dom0kit-sim executable: see `dom0kit-sim help`.
main(process.argv.slice(2)).then(
  (status) => process.exit(status),
  (error: unknown) => {
    process.stderr.write(
      `dom0kit-sim: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(70);
  },
);
