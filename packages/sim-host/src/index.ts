export { SimHost, type JournalEntry, type SimHostCreateOptions, type SimHostOptions } from "./sim-host.js";
export { SimHostError, type SimHostErrorCode } from "./errors.js";
export { hostSpecSchema, parseHostSpec, type HostSpec, type HostSpecInput } from "./host-spec.js";
export {
  commandPatternSchema,
  faultEffectSchema,
  faultSpecSchema,
  parseFaultSpec,
  type CommandPattern,
  type FaultEffect,
  type FaultRecord,
  type FaultSpec,
  type FaultSpecInput,
} from "./faults/fault-spec.js";
export { matchesCommand } from "./faults/match-command.js";
export { DATA_PROGRAMS, SYSTEM_PATH, type DataProgram, type LvAccess } from "./data/data-programs.js";
export { SIMULATED_PROGRAMS } from "./exec/dispatch.js";
export { XL_SUBCOMMANDS } from "./xl/xl-command.js";
export { XL_SAVE_MAGIC } from "./xl/save-file.js";
export {
  STATE_FORMAT,
  STATE_VERSION,
  type SimDomain,
  type SimLogicalVolume,
  type SimState,
} from "./state/model.js";
export { writeShims, defaultShimPrograms, shimScript, type WriteShimsOptions } from "./shims/write-shims.js";
export { defaultSimDir } from "./cli/default-dir.js";
export { hostSpecOf } from "./sim-host.js";
export {
  initFromInventory,
  xlConfigForDomain,
  diskContent,
  type InitFromInventoryOptions,
} from "./provision/init-from-inventory.js";
export type { InventoryLike } from "./provision/inventory-like.js";
