import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { action, applyPlan, ExecaRunner, formatCommand, plan, renderScript, step } from "@dom0kit/runner";

const dir = await mkdtemp(join(tmpdir(), "dom0kit-example-"));
const log = join(dir, "log");

// A plan is data: argv arrays with a reason each, an undo per step, finally actions.
const demo = plan(
  "write a note, then tidy up",
  [
    step("create the spool directory", ["mkdir", "-p", join(dir, "spool")], {
      undo: action("remove the spool directory", ["rmdir", join(dir, "spool")]),
    }),
    step("write a note", ["cp", "/etc/hostname", log]),
  ],
  [action("list what is left", ["ls", dir])],
);

// Print it, render it as a POSIX sh script, or run it.
for (const each of demo.steps) console.log(`${each.description}: ${formatCommand(each.command)}`);
console.log(renderScript(demo).split("\n")[0]); // #!/bin/sh

const report = await applyPlan(demo, new ExecaRunner(), {
  onStep: (event) => {
    if (event.type === "end") console.log(`${event.outcome.status}: ${event.outcome.action.description}`);
  },
});
console.log(report.status, (await readFile(log, "utf8")).length > 0);
await rm(dir, { recursive: true, force: true });
