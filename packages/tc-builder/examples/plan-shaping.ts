import { DryRunRunner } from "@dom0kit/runner";
import {
  applyShaping,
  planFreshShaping,
  renderBatchFiles,
  ShapingInputError,
  type ShapingInput,
} from "@dom0kit/tc-builder";

const input: ShapingInput = {
  uplink: { interface: "peth0", rate: "100mbit" },
  domains: [
    // 10 Mbit/s toward horatio; 5 Mbit/s away from it, borrowing up to 20 when others are idle.
    {
      name: "horatio",
      vif: "horatio",
      ips: ["192.0.2.11"],
      in: { rate: "10mbit" },
      out: { rate: "5mbit", ceil: "20mbit" },
    },
    { name: "osric", vif: "osric", ips: ["192.0.2.12"], in: { rate: "1mbit" }, out: { rate: "1mbit" } },
  ],
};

// The full plan for a fresh host, as the files `tc -batch` and `nft -f` take.
const { changes } = planFreshShaping(input, { strategy: "nft" });
const files = renderBatchFiles(changes);
console.log(files.tc?.split("\n")[0]); // qdisc add dev peth0 root handle d0: htb default ffff direct_qlen 0

// Apply through a runner: here a dry run that answers every read with "nothing there".
const dry = new DryRunRunner({
  respond: (command) =>
    command.file === "cat"
      ? { stdout: "Inter-|\n face |\n  peth0: 0\nhoratio: 0\n  osric: 0\n" }
      : command.file === "nft"
        ? { exitCode: 1, stderr: "Error: No such file or directory" }
        : { stdout: "[]" },
});
const result = await applyShaping(dry, input, { strategy: "nft" });
console.log(result.plan.steps.map((step) => step.command.file).join(" + ")); // tc + nft

// Bad input is refused before anything runs, with every problem and where it is.
try {
  planFreshShaping({
    ...input,
    domains: [{ name: "vm", vif: "vm", out: { rate: "10 mbit", ceil: "1mbit" } }],
  });
} catch (error) {
  if (!(error instanceof ShapingInputError)) throw error;
  for (const problem of error.problems) console.log(`${problem.path}: ${problem.code}`); // domains[0].out.rate: TC_BAD_UNIT
}
