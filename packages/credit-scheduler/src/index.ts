export {
  CapAboveVcpusError,
  NoPcpusError,
  PinningError,
  SchedulerError,
  SchedulerInputError,
  SchedulerMismatchError,
  UnknownDomainError,
  VcpuRaiseError,
  VcpusAboveMaxError,
  WeightOutOfRangeError,
  XlOutputError,
} from "./errors.js";
export {
  DOMAIN_NAME_PATTERN,
  dom0Schema,
  domainSchema,
  hostSchema,
  pinningSchema,
  poolSchema,
  schedulerInputSchema,
  type Dom0Settings,
  type DomainSettings,
  type HostSettings,
  type Pinning,
  type PoolSettings,
  type SchedulerInput,
  type ValidSchedulerInput,
} from "./input-schema.js";
export { formatInputPath, parseSchedulerInput, WEIGHT_MAX, WEIGHT_MIN } from "./parse-input.js";
export { formatCpuList, parseCpuList, readCpuList, sameCpus, type CpuListResult } from "./cpu-list.js";
export { chooseVcpus, type Setting, type VcpuContext } from "./vcpu-rule.js";
export { fitWeights, wishedWeight, type FittedWeights, type WeightWish } from "./weight-rule.js";
export { choosePinning, dom0Pinning, type PinningContext, type VcpuAffinity } from "./pinning-rule.js";
export {
  computeSchedulerPolicy,
  type DomainPolicy,
  type SchedulerPolicy,
  type VcpuSetting,
} from "./policy.js";
export {
  claimLimit,
  effectiveWeight,
  fairShares,
  type FairShareOptions,
  type ShareClaim,
} from "./fair-shares.js";
export { shareReport, type DomainShare, type ShareReport, type ShareReportOptions } from "./share-report.js";
export { renderShareTable } from "./share-table.js";
export {
  simulateCredit1,
  type Credit1Options,
  type Credit1Result,
  type Credit1Share,
  type Credit1Scenario,
  type SimulatedDomain,
} from "./credit1-simulation.js";
export {
  parseSchedCredit,
  parseXmSchedCreditDict,
  type PoolParameters,
  type SchedCreditListing,
  type ScheduledDomain,
} from "./parse-sched-credit.js";
export { parseVcpuList, type VcpuListing } from "./parse-vcpu-list.js";
export { parseXlList, type ListedDomain } from "./parse-xl-list.js";
export { parseXlInfo, type HostInfo } from "./parse-xl-info.js";
export {
  schedSubcommand,
  setPoolArgv,
  setWeightArgv,
  stateArgvs,
  vcpuPinArgv,
  vcpuSetArgv,
  type Argv,
  type CommandHost,
} from "./scheduler-commands.js";
export {
  assembleSchedulerState,
  readSchedulerState,
  type HostSchedulerState,
  type LiveDomain,
  type StateHost,
  type StateOutputs,
} from "./host-state.js";
export { planScheduler } from "./plan-scheduler.js";
export { applySchedulerPolicy, planSchedulerOnHost, type SchedulerPlan } from "./apply-scheduler.js";
