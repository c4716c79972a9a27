export {
  LiveStateError,
  ShapingConflictError,
  ShapingInputError,
  TcUnitError,
  type ShapingProblem,
  type ShapingProblemCode,
} from "./errors.js";
export {
  ACCEPTED_RATE_UNITS,
  formatRate,
  parseRate,
  rateArgument,
  type FormatRateOptions,
} from "./units/rate.js";
export { ACCEPTED_SIZE_UNITS, formatSize, parseSize, sizeArgument } from "./units/size.js";
export { ACCEPTED_TIME_UNITS, formatTime, parseTime, timeArgument } from "./units/time.js";
export { interfaceNameProblem, MAX_INTERFACE_NAME_BYTES } from "./interface-name.js";
export { addressWords, isMacAddress, parseDomainAddress } from "./address.js";
export {
  assignMinors,
  DEFAULT_MINOR,
  formatClassId,
  MAX_DOMAINS_PER_INTERFACE,
  parseClassId,
  preferredMinor,
  UPLINK_MINOR,
} from "./class-id.js";
export {
  DefaultClassSchema,
  DomainShapingSchema,
  HtbInputSchema,
  ShapingInputSchema,
  TbfInputSchema,
  type DefaultClassInput,
  type DomainShapingInput,
  type HtbInput,
  type ShapingInput,
  type ShapingInputParsed,
  type TbfInput,
} from "./model.js";
export type {
  DesiredClass,
  DomainAddress,
  HtbClassParameters,
  ResolvedDomain,
  ResolvedShaping,
  ShapingWarning,
  TbfParameters,
} from "./desired-state.js";
export { defaultTbfBurst, DEFAULT_TBF_LATENCY } from "./tbf.js";
export { defaultHtbBurst, defaultQuantum } from "./htb.js";
export { resolveShaping } from "./resolve.js";
export {
  FILTER_PRIO,
  FW_MARK_MASK,
  STRATEGIES,
  usesIptables,
  type ClassificationStrategy,
} from "./strategy.js";
export {
  countOperations,
  type ChangeSet,
  type ForeignObject,
  type IptablesOperation,
  type IptablesRuleSpec,
  type NftOperation,
  type SysctlOperation,
  type TcOperation,
  type VifClass,
} from "./operations.js";
export type {
  Counters,
  LiveClass,
  LiveFilter,
  LiveIptablesChain,
  LiveIptablesRule,
  LiveNftTable,
  LiveNumber,
  LiveQdisc,
  LiveState,
} from "./live/live-state.js";
export { parseQdiscs } from "./live/parse-qdiscs.js";
export { parseClasses } from "./live/parse-classes.js";
export { parseFilters } from "./live/parse-filters.js";
export { parseNftTable, NFT_CHAIN, NFT_FAMILY, NFT_MAP, NFT_TABLE } from "./live/parse-nft.js";
export { parseIptablesSave, IPTABLES_CHAIN } from "./live/parse-iptables.js";
export {
  parseJsonWithDuplicates,
  readJsonValueAt,
  RepeatedKey,
  valuesOf,
} from "./live/json-with-duplicates.js";
export {
  isReadOnlyCommand,
  liveStateCommands,
  separateReadCommands,
  showBatchInput,
  type LiveScope,
} from "./live/read-commands.js";
export { parseLinks, parseProcNetDev, readLiveState } from "./live/read-live-state.js";
export { splitShowBatch, type ShowBatchParts } from "./live/split-show-batch.js";
export { diffShaping, freshLiveState } from "./diff/diff-shaping.js";
export { strategyInUse } from "./strategy-in-use.js";
export { tcWords } from "./render/tc-words.js";
export { nftCommandWords, nftFile } from "./render/nft-text.js";
export { iptablesCommandWords, iptablesRestoreFile } from "./render/iptables-text.js";
export { renderBatchFiles, renderShapingPlan, type BatchFiles, type PlanForm } from "./render/render-plan.js";
export {
  parseTcBatchErrors,
  type TcBatchFailure,
  type TcBatchFailureKind,
} from "./detect/tc-batch-errors.js";
export { chooseStrategy, detectStrategies, type StrategySupport } from "./detect/detect-strategies.js";
export { hzFromConfig, readKernelHz, type KernelHz } from "./detect/kernel-hz.js";
export {
  applyShaping,
  planFreshShaping,
  planShaping,
  type ShapingApplyResult,
  type ShapingOptions,
  type ShapingPlan,
} from "./plan-shaping.js";
export { planTeardown, teardownChanges, teardownShaping, type TeardownScope } from "./teardown.js";
export {
  describeStatus,
  shapingStatus,
  type DirectionStatus,
  type DomainStatus,
  type RatePair,
  type ShapingStatus,
} from "./status.js";
