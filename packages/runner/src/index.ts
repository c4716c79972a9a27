export { cmd, okExitCodesOf, type Command, type RunResult } from "./command.js";
export type {
  CommandRunner,
  PipelineResult,
  RunOptions,
  StageResult,
  StreamingRun,
  StreamOptions,
} from "./runner.js";
export type { StageExit, StageProcess, StageRequest, StageSpawner } from "./stage.js";
export { connectPipeline } from "./connect-pipeline.js";
export {
  CommandFailedError,
  InvalidCommandError,
  UnexpectedCommandError,
  stderrTail,
  STDERR_TAIL_BYTES,
  type CommandFailureDetails,
  type FailureReason,
  type PipelineStage,
} from "./errors.js";
export { assertValidCommand } from "./validate-command.js";
export { ExecaRunner, type CommandEvent, type ExecaRunnerOptions } from "./execa-runner.js";
export { DryRunRunner, type DryRunRunnerOptions } from "./dry-run-runner.js";
export { ScriptedRunner, type CommandMatcher, type ScriptedRunnerOptions } from "./scripted-runner.js";
export { cannedStage, settleCanned, type CannedResult } from "./canned-result.js";
export {
  action,
  concatPlans,
  isEmptyPlan,
  plan,
  step,
  type Action,
  type Plan,
  type RetryPolicy,
  type Step,
  type StepOptions,
} from "./plan.js";
export {
  applyPlan,
  assertPlanSucceeded,
  PlanFailedError,
  type ActionOutcome,
  type ActionStatus,
  type ApplyOptions,
  type ApplyReport,
  type Phase,
  type StepEvent,
} from "./apply-plan.js";
export { formatCommand } from "./format-command.js";
export { quoteCommandWord, quoteShellWord } from "./shell-quote.js";
export { renderInvocation, renderScript } from "./render-script.js";
export { SshRunner } from "./ssh-runner.js";
export { SshOptionsError, type SshRunnerOptions, type StrictHostKeyChecking } from "./ssh-options.js";
export {
  classifySshFailure,
  SshAuthenticationError,
  SshConnectionError,
  SshConnectionLostError,
  SshHostKeyError,
  SshRunnerClosedError,
  SshUnreachableError,
  type HostKeyProblem,
  type SshEndpoint,
  type SshFailureDetails,
  type SshFailureKind,
} from "./ssh-errors.js";
export {
  MAX_REMOTE_LINE_BYTES,
  remoteInvocation,
  remoteKillLine,
  remotePipelineLine,
} from "./remote-script.js";
