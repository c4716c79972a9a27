import { blockdevCommand } from "../data/blockdev-command.js";
import { DATA_PROGRAMS } from "../data/data-programs.js";
import { runDataProgram } from "../data/run-data-program.js";
import { testCommand } from "../data/test-command.js";
import { iptablesRestoreCommand, iptablesSaveCommand } from "../iptables/iptables-command.js";
import { lvcreateCommand } from "../lvm/lvcreate-command.js";
import { lvremoveCommand } from "../lvm/lvremove-command.js";
import { lvsCommand } from "../lvm/lvs-command.js";
import { vgsCommand } from "../lvm/vgs-command.js";
import { ipCommand } from "../net/ip-command.js";
import { nftCommand } from "../nft/nft-command.js";
import { ioniceCommand } from "../proc/ionice-command.js";
import { psCommand } from "../proc/ps-command.js";
import { tcCommand } from "../tc/tc-command.js";
import { getentCommand } from "../users/getent-command.js";
import { idCommand } from "../users/id-command.js";
import { xlCommand } from "../xl/xl-command.js";
import { sshdCommand } from "../checks/sshd-command.js";
import { visudoCommand } from "../checks/visudo-command.js";
import { chmodCommand } from "../fs/chmod-command.js";
import { chownCommand } from "../fs/chown-command.js";
import { installCommand } from "../fs/install-command.js";
import { statCommand } from "../fs/stat-command.js";
import { pkillCommand } from "../proc/pkill-command.js";
import { setprivCommand } from "../proc/setpriv-command.js";
import { useraddCommand } from "../users/useradd-command.js";
import { userdelCommand } from "../users/userdel-command.js";
import { usermodCommand } from "../users/usermod-command.js";
import { emit } from "./io.js";
import type { CommandHandler } from "./types.js";

/** The control programs the simulator implements itself. */
export const SIMULATED_PROGRAMS: Readonly<Record<string, CommandHandler>> = {
  xl: xlCommand,
  lvcreate: lvcreateCommand,
  lvremove: lvremoveCommand,
  lvs: lvsCommand,
  vgs: vgsCommand,
  tc: tcCommand,
  nft: nftCommand,
  ip: ipCommand,
  "iptables-restore": iptablesRestoreCommand("v4"),
  "iptables-save": iptablesSaveCommand("v4"),
  "ip6tables-restore": iptablesRestoreCommand("v6"),
  "ip6tables-save": iptablesSaveCommand("v6"),
  ionice: ioniceCommand,
  ps: psCommand,
  blockdev: blockdevCommand,
  test: testCommand,
  "[": testCommand,
  getent: getentCommand,
  id: idCommand,
  useradd: useraddCommand,
  usermod: usermodCommand,
  userdel: userdelCommand,
  chown: chownCommand,
  chmod: chmodCommand,
  install: installCommand,
  stat: statCommand,
  visudo: visudoCommand,
  sshd: sshdCommand,
  setpriv: setprivCommand,
  pkill: pkillCommand,
};

/** Fails loudly for a program the simulator does not implement: exit 127. */
export const notSimulated: CommandHandler = async (context) => {
  await emit(context.io.stderr, `sim-host: ${context.argv[0] ?? ""}: not simulated\n`);
  return { exitCode: 127 };
};

/** The handler for a program's base name. */
export function findHandler(program: string): CommandHandler {
  const simulated = SIMULATED_PROGRAMS[program];
  if (simulated !== undefined) return simulated;
  if (Object.hasOwn(DATA_PROGRAMS, program)) return runDataProgram;
  return notSimulated;
}
