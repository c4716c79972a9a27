import {
  defineBootEntry,
  insertMenuLstEntry,
  parseMenuLst,
  pygrubBootChoice,
  renderMenuLstDocument,
} from "@dom0kit/grub-menu";

// A customer's own menu.lst, comments and all.
const theirs = `# my kernels -- please keep this comment
default 0
timeout 5

title Debian 12
\troot (hd0,0)
\tkernel /boot/vmlinuz-6.1.0-18-amd64 root=/dev/xvda2 ro console=hvc0
\tinitrd /boot/initrd.img-6.1.0-18-amd64
`;

const doc = parseMenuLst(theirs, { file: "/boot/grub/menu.lst" });
const rescue = defineBootEntry({
  title: "rescue-disk",
  root: "(hd0,0)",
  kernel: "/boot/vmlinuz-6.1.0-18-amd64",
  initrd: "/boot/initrd.img-6.1.0-18-amd64",
  args: "console=hvc0 root=LABEL=RESCUE ro",
});
const edited = insertMenuLstEntry(doc, doc.menu.entries.length, rescue);

console.log(renderMenuLstDocument(edited)); // their lines untouched, the rescue entry appended
const boot = pygrubBootChoice(edited.menu); // what pygrub boots by default
if (boot.ok) console.log(boot.index, boot.kernel, boot.args); // 0 /boot/vmlinuz-6.1.0-18-amd64 root=/dev/xvda2 ro console=hvc0
const chosen = pygrubBootChoice(edited.menu, "rescue-disk"); // pygrub --entry rescue-disk
if (chosen.ok) console.log(chosen.index, chosen.args); // 1 console=hvc0 root=LABEL=RESCUE ro
