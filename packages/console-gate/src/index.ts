export { checkAccess, type AccessCheckReport, type AccessProbe } from "./access-check.js";
export { ACCESS_MAP_FORMAT, parseAccessMap, renderAccessMap, type ConsoleAccess } from "./access-map.js";
export { accountSteps, isManagedAccount } from "./account-steps.js";
export {
  ACTION_LABELS,
  CONSOLE_ACTIONS,
  isConsoleAction,
  xlArguments,
  type ConsoleAction,
  type DomainTarget,
} from "./actions.js";
export {
  AUDIT_FACILITIES,
  DEFAULT_AUDIT,
  loggerArguments,
  type AuditDestination,
  type AuditFacility,
} from "./audit-destination.js";
export {
  formatAuditEntry,
  MemoryAuditLog,
  SyslogAuditLog,
  type AuditEntry,
  type AuditLog,
} from "./audit-log.js";
export { authorizedKeyOptions, renderAuthorizedKeys } from "./authorized-keys.js";
export {
  consoleGateConfigSchema,
  parseConsoleGateConfig,
  type ConsoleDomain,
  type ConsoleGateConfig,
  type ConsoleGateModel,
  type ConsoleUser,
} from "./config.js";
export { PROGRAM_EXIT, runConsoleProgram, type ConsoleProgramIo } from "./console-program.js";
export {
  AccessMapError,
  ConsoleGateConfigError,
  ConsoleUserConflictError,
  HostStateError,
  type ConfigIssue,
} from "./errors.js";
export { renderForcedCommand } from "./forced-command.js";
export {
  MANAGED_ACCOUNT_MARKER,
  readConsoleHostState,
  type AccountState,
  type ConsoleHostState,
  type PathState,
} from "./host-state.js";
export { planConsoleInstall, type ConsoleInstallOptions, type ConsoleProgram } from "./install-plan.js";
export {
  accessMapPath,
  authorizedKeysPath,
  DEFAULT_LAYOUT,
  homeOf,
  pathProblem,
  sudoersFileName,
  sudoersPath,
  type ConsoleGateLayout,
} from "./layout.js";
export {
  ChunkLineSource,
  fdLineSource,
  MAX_LINE_BYTES,
  streamLineSource,
  type LineRead,
  type LineSource,
} from "./line-source.js";
export { loadAccessMap } from "./load-access-map.js";
export { DOMAIN_NAME_PATTERN, domainNameProblem, USER_NAME_PATTERN, userNameProblem } from "./names.js";
export { performAction, sudoCommand, type ActionContext } from "./perform-action.js";
export { consoleProgramPath, readConsoleProgram } from "./program.js";
export {
  formatPublicKey,
  MIN_RSA_BITS,
  parseConsolePublicKey,
  type ConsolePublicKey,
  type ParsedPublicKey,
} from "./public-key.js";
export {
  MAX_REQUEST_LENGTH,
  parseConsoleRequest,
  REQUEST_GRAMMAR,
  type ConsoleRequest,
  type ParsedRequest,
} from "./request-grammar.js";
export { runConsoleSession, SESSION_EXIT, type ConsoleSessionOptions } from "./session.js";
export { MAX_SOURCE_ADDRESSES, sourceAddressProblem } from "./source-addresses.js";
export { renderSshdMatchBlock } from "./sshd-match.js";
export { allowedCommands, renderSudoersFragment } from "./sudoers.js";
export { planConsoleUninstall, type ConsoleUninstallOptions } from "./uninstall-plan.js";
