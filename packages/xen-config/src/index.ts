export {
  formatSyntaxIssue,
  XenConfigEditError,
  XenConfigSyntaxError,
  XenConfigValueError,
  XenCpuSpecError,
  XenDiskSpecError,
  XenVifRateError,
  XenVifSpecError,
  XenXmConfigError,
  type XlSyntaxIssue,
  type XlValueProblem,
  XenDomainConfigError,
  type DomainConfigIssue,
  type XmSyntaxIssue,
} from "./errors.js";
export {
  parseXlConfig,
  safeParseXlConfig,
  type XlParseOptions,
  type XlParseResult,
} from "./parse-xl-config.js";
export { XlConfig, type XlItemPath } from "./xl-config.js";
export type { XlFormatOptions } from "./xl-fmt.js";
export type { XlTextEncoding } from "./xl-parser.js";
export type { SourcePosition } from "./line-index.js";
export type { XlConfigInput } from "./xl-text-input.js";
export { copyXlValue, type XlValue } from "./xl-value.js";
export { xlValuesToJson, xlValueToJson } from "./xl-json.js";
export { readXlLong, type XlLongResult } from "./strtol.js";
export { dequoteXlString, type DequoteResult, type DequoteNote } from "./xl-string-literal.js";
export {
  quoteXlString,
  writeXlValue,
  xlNumber,
  XlNumberLiteral,
  type XlInput,
  type XlQuoteStyle,
} from "./xl-write-value.js";
export { renderXlDocument, renderXlValueNode } from "./xl-render.js";
export type {
  XlAssignmentNode,
  XlDocumentNode,
  XlListItemNode,
  XlListNode,
  XlNumberNode,
  XlStringNode,
  XlTriviaNode,
  XlValueNode,
} from "./xl-syntax-tree.js";
export {
  parseDiskSpec,
  type DiskBackendType,
  type DiskColo,
  type DiskFormat,
  type DiskSpec,
  type DiskSpecification,
} from "./disk-spec.js";
export { parseVifRate, type VifRate } from "./vif-rate.js";
export { renderDiskSpec, type DiskSpecInput, type RenderDiskSpecOptions } from "./disk-spec-render.js";
export {
  parseVifSpec,
  renderVifSpec,
  type ParseVifSpecOptions,
  type VifSpec,
  type VifSpecInput,
} from "./vif-spec.js";
export {
  cpusOf,
  parseCpuSpec,
  renderCpuSpec,
  type CpuSpec,
  type CpuSpecItem,
  type CpuTopology,
} from "./cpu-spec.js";
export {
  DiskSpecInputSchema,
  DomainConfigSchema,
  ShutdownActionSchema,
  VifSpecInputSchema,
  XlValueSchema,
  type DomainConfig,
  type DomainConfigInput,
  type ParsedDomainConfig,
  type ShutdownAction,
} from "./domain-config.js";
export {
  safeToDomainConfig,
  toDomainConfig,
  type DomainConfigResult,
  type DomainConfigWarning,
} from "./to-domain-config.js";
export { renderDomainConfig, type RenderDomainConfigOptions } from "./render-domain-config.js";
export { closestKnownKey, KNOWN_XL_KEYS, XM_ONLY_KEYS } from "./known-xl-keys.js";
export {
  parseXmConfig,
  safeParseXmConfig,
  type XmConversion,
  type XmConversionWarning,
  type XmParseOptions,
  type XmParseResult,
} from "./parse-xm-config.js";
