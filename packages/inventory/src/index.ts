export {
  inventorySchema,
  hostSchema,
  domainSchema,
  diskSchema,
  interfaceSchema,
  userSchema,
  backupPolicySchema,
  bootSchema,
  rateSchema,
  CONSOLE_ACTIONS,
  type Inventory,
  type InventoryInput,
  type InventoryHost,
  type InventoryDomain,
  type InventoryDisk,
  type InventoryInterface,
  type InventoryUser,
  type BackupPolicy,
  type ConsoleAction,
} from "./schema.js";
export {
  loadInventory,
  parseInventory,
  safeParseInventory,
  type InventoryResult,
  type ParseInventoryOptions,
} from "./parse-inventory.js";
export { InventoryError, type InventoryIssue } from "./errors.js";
export { classifyDiskSource, type DiskSource, type DiskSourceKind } from "./disk-source.js";
export {
  DOMAIN_NAME,
  INTERFACE_NAME,
  USER_NAME,
  RATE,
  RATE_UNITS,
  SSH_KEY_TYPES,
  sizeInBytes,
} from "./patterns.js";
export { formatDataPath, locate as locateYamlPath, type DataPath } from "./yaml-location.js";
