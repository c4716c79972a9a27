import { InventoryError, parseInventory } from "@dom0kit/inventory";

const text = `
host:
  name: denmark
  cpus: 4
  memory: 8192
  network: { interface: peth0, uplink: 100mbit }
  backup: { dir: /var/backup/xen }
domains:
  - name: osric
    memory: 128
    disks: [{ source: /dev/denmark/osric, vdev: xvda, size: 2G }]
    network: [{ vifname: osric, mac: "00:16:3e:5a:01:02", rate: { in: 1mbit, out: 1mbit } }]
    boot: { loader: pygrub, rescue: false }
`;

const inventory = parseInventory(text, { file: "dom0kit.yaml" });
console.log(inventory.domains[0]?.backup.mode); // "consistent" (a default)

try {
  parseInventory(text.replace("memory: 128", "memroy: 128"), { file: "dom0kit.yaml" });
} catch (error) {
  if (!(error instanceof InventoryError)) throw error;
  for (const issue of error.issues)
    console.log(`${String(issue.line)}:${String(issue.column)} ${issue.path}: ${issue.message}`);
  // 10:5 domains[0].memroy: unknown key "memroy" — did you mean "memory"? (accepted: …)
}
