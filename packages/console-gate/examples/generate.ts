import {
  ConsoleGateConfigError,
  parseConsoleGateConfig,
  parseConsoleRequest,
  renderAuthorizedKeys,
  renderSshdMatchBlock,
  renderSudoersFragment,
} from "@dom0kit/console-gate";

const model = parseConsoleGateConfig({
  users: [
    {
      name: "alice",
      domains: ["vm1", { name: "vm2", actions: ["status", "console"] }],
      keys: ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHGU9J0CyIJZ3LJfUfRmxVH7SYv9oqNzgd6TxkVuBl3z alice@laptop"],
      from: ["203.0.113.0/24"],
    },
  ],
});
const [alice] = model.users;
if (alice === undefined) throw new Error("no user");

console.log(renderAuthorizedKeys(alice, model.layout)); // restrict,pty,command="exec /usr/bin/env -i …",from="203.0.113.0/24" ssh-ed25519 …
console.log(renderSudoersFragment(alice, model.layout)); // alice ALL=(root) NOPASSWD: /usr/sbin/xl list vm1, \ …
console.log(renderSshdMatchBlock(["alice"], model.layout)); // Match User alice … ForceCommand … DisableForwarding yes

console.log(parseConsoleRequest("console vm1")); // { ok: true, request: { kind: "action", action: "console", domain: "vm1", … } }
console.log(parseConsoleRequest("console vm1; sh")); // { ok: false, reason: "console takes at most one domain name" }

try {
  parseConsoleGateConfig({
    users: [{ name: "bob", domains: ["0"], keys: ['command="/bin/sh" ssh-ed25519 AAAA'] }],
  });
} catch (error) {
  if (!(error instanceof ConsoleGateConfigError)) throw error;
  for (const issue of error.issues) console.log(`${issue.path}: ${issue.message}`);
  // users[0].domains[0]: 0 is all digits: xl reads it as domain id 0, which may be anyone's domain
  // users[0].keys[0]: the key starts with authorized_keys options …
}
