import { createWriteStream } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { CommandFailedError, SshConnectionError, SshRunner } from "@dom0kit/runner";

// "dom0" is a Host in ~/.ssh/config (or in the file SSH_CONFIG names): HostName, User,
// Port, IdentityFile, UserKnownHostsFile. The runner adds BatchMode and strict host keys.
const dom0 = new SshRunner({
  destination: process.env.DOM0 ?? "dom0",
  ...(process.env.SSH_CONFIG === undefined ? {} : { configFile: process.env.SSH_CONFIG }),
});

const dir = await mkdtemp(join(tmpdir(), "dom0kit-ssh-example-"));
try {
  // Arguments arrive exactly as written, whatever the remote login shell.
  const { stdout } = await dom0.run({
    file: "printf",
    args: ["%s\n", "it's $HOME; `id`"],
    timeoutMs: 30_000,
  });
  console.log(stdout.trim()); // it's $HOME; `id`

  // A pipeline runs on the host in one session; only its output crosses the network.
  const backup = join(dir, "os-release.gz");
  const run = dom0.stream([
    { file: "cat", args: ["/etc/os-release"] },
    { file: "gzip", args: ["-c"] },
  ]);
  await Promise.all([pipeline(run.stdout, createWriteStream(backup)), run.done]);
  console.log("streamed", (await stat(backup)).size > 0);

  // The command's own failure and ssh's are different errors.
  await dom0.run({ file: "ls", args: ["/nonexistent"] }).catch((error: unknown) => {
    if (error instanceof CommandFailedError) console.log("ls failed with exit code", error.exitCode);
  });
} catch (error) {
  if (error instanceof SshConnectionError)
    console.error(`${error.destination}: ${error.kind}: ${error.message}`);
  throw error;
} finally {
  await dom0.close(); // ends the master connection
  await rm(dir, { recursive: true, force: true });
}
