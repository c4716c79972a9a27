/**
 * One problem found in a config file, located like a compiler error.
 *
 * @example
 * ```ts
 * const issue: XlSyntaxIssue = { file: "/etc/xen/web1", line: 2, column: 10, text: "-512", message: "numbers cannot be negative (`-512`) — quote the value" };
 * ```
 */
export interface XlSyntaxIssue {
  /** The file name given to the parser, or `"<config>"`. */
  readonly file: string;
  /** 1-based line. */
  readonly line: number;
  /** 1-based column, counted in characters. */
  readonly column: number;
  /** The offending source text (a token or the rest of a word). */
  readonly text: string;
  /** What is wrong and what xl accepts instead. */
  readonly message: string;
}

/**
 * Formats an issue as `FILE:LINE:COL: message`.
 *
 * @example
 * ```ts
 * formatSyntaxIssue(issue); // "/etc/xen/web1:2:10: numbers cannot be negative (`-512`) — quote the value"
 * ```
 */
export function formatSyntaxIssue(issue: XlSyntaxIssue): string {
  return `${issue.file}:${String(issue.line)}:${String(issue.column)}: ${issue.message}`;
}

/**
 * A config file that xl would refuse. Carries every error found in the file,
 * not just the first; `file`, `line`, `column` and `text` repeat the first.
 *
 * @example
 * ```ts
 * try {
 *   parseXlConfig("type = pv\n", { file: "/etc/xen/web1" });
 * } catch (error) {
 *   if (error instanceof XenConfigSyntaxError) console.error(error.message);
 *   // /etc/xen/web1:1:8: bare word `pv`: xl values are "strings", numbers or [lists] — write "pv"
 * }
 * ```
 */
export class XenConfigSyntaxError extends Error {
  override readonly name = "XenConfigSyntaxError";
  readonly code = "XL_SYNTAX";
  readonly errors: readonly XlSyntaxIssue[];
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly text: string;

  constructor(errors: readonly [XlSyntaxIssue, ...XlSyntaxIssue[]], options?: { cause?: unknown }) {
    super(errors.map(formatSyntaxIssue).join("\n"), options);
    const first = errors[0];
    this.errors = errors;
    this.file = first.file;
    this.line = first.line;
    this.column = first.column;
    this.text = first.text;
  }
}

/**
 * An edit that cannot be made: the key holds the wrong kind of value, an index
 * is out of range, a value cannot be written in xl syntax.
 *
 * @example
 * ```ts
 * parseXlConfig('name = "a"\n').append("name", "x"); // throws: `name` is a string, not a list
 * ```
 */
export class XenConfigEditError extends Error {
  override readonly name = "XenConfigEditError";
  readonly code = "XL_EDIT";
  readonly key: string;

  constructor(key: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.key = key;
  }
}

/**
 * A value that cannot be read the way it was asked for: a list read as a
 * string, a string that is not a number xl accepts.
 *
 * @example
 * ```ts
 * parseXlConfig("memory = 08\n").getLong("memory"); // throws: not a valid number (08 is octal)
 * ```
 */
export class XenConfigValueError extends Error {
  override readonly name = "XenConfigValueError";
  readonly code = "XL_VALUE";
  readonly key: string;
  /** Why the value could not be read. */
  readonly reason: XlValueProblem;

  constructor(key: string, reason: XlValueProblem, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.key = key;
    this.reason = reason;
  }
}

/**
 * Why a value could not be read: a list where one value was wanted (or the
 * reverse), a number built with `+=`, text that is not a number, a number
 * beyond a 64-bit long, or one too large for a JS number.
 *
 * @example
 * ```ts
 * try { config.getLong("memory"); } catch (error) { if (error instanceof XenConfigValueError && error.reason === "appended") … }
 * ```
 */
export type XlValueProblem = "is-list" | "is-string" | "appended" | "invalid" | "out-of-range" | "too-large";

/**
 * A disk specification that `xlu_disk_parse` rejects.
 *
 * @example
 * ```ts
 * parseDiskSpec("phy:/dev/vg/a,xvda,w!"); // throws: unknown value for access `w!`
 * ```
 */
export class XenDiskSpecError extends Error {
  override readonly name = "XenDiskSpecError";
  readonly code = "XL_DISK_SPEC";
  readonly spec: string;
  /** The part of the spec xl complained about, when there is one. */
  readonly near: string | undefined;

  constructor(spec: string, message: string, near?: string) {
    super(`disk spec \`${spec}\`: ${message}`);
    this.spec = spec;
    this.near = near;
  }
}

/**
 * A vif specification xl would refuse (`xl network-attach` rejects it; `xl
 * create` either exits or ignores the entry).
 *
 * @example
 * ```ts
 * parseVifSpec("mac=00:16:3e:zz:00:01"); // throws: invalid mac
 * ```
 */
export class XenVifSpecError extends Error {
  override readonly name = "XenVifSpecError";
  readonly code = "XL_VIF_SPEC";
  readonly spec: string;

  constructor(spec: string, message: string, options?: { cause?: unknown }) {
    super(`vif spec \`${spec}\`: ${message}`, options);
    this.spec = spec;
  }
}

/**
 * A vif `rate=` that `xlu_vif_parse_rate` rejects. `errno` is what libxlutil
 * returns: 22 (EINVAL) for bad syntax, 75 (EOVERFLOW) for out-of-range values.
 *
 * @example
 * ```ts
 * parseVifRate("10MB/m"); // throws: invalid rate
 * ```
 */
export class XenVifRateError extends Error {
  override readonly name = "XenVifRateError";
  readonly code = "XL_VIF_RATE";
  readonly rate: string;
  readonly errno: 22 | 75;

  constructor(rate: string, errno: 22 | 75, message: string) {
    super(`vif rate \`${rate}\`: ${message}`);
    this.rate = rate;
    this.errno = errno;
  }
}

/**
 * A `cpus` / `cpus_soft` value xl's `parse_cpurange` rejects.
 *
 * @example
 * ```ts
 * parseCpuSpec("^all"); // throws: "^" cannot be combined with "all"
 * ```
 */
export class XenCpuSpecError extends Error {
  override readonly name = "XenCpuSpecError";
  readonly code = "XL_CPUS";
  readonly spec: string;

  constructor(spec: string, message: string) {
    super(`cpus \`${spec}\`: ${message}`);
    this.spec = spec;
  }
}

/**
 * One problem in a legacy xm (Python) config.
 *
 * @example
 * ```ts
 * for (const issue of xmError.errors) console.error(formatSyntaxIssue(issue));
 * ```
 */
export type XmSyntaxIssue = XlSyntaxIssue;

/**
 * A legacy xm config using Python that dom0kit does not evaluate (statements,
 * calls, imports, names that are not defined) or that is not Python at all.
 *
 * @example
 * ```ts
 * parseXmConfig("import os\nname = os.uname()[1]\n"); // throws: `import` is not supported
 * ```
 */
export class XenXmConfigError extends Error {
  override readonly name = "XenXmConfigError";
  readonly code = "XM_SYNTAX";
  readonly errors: readonly XmSyntaxIssue[];
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly text: string;

  constructor(errors: readonly [XmSyntaxIssue, ...XmSyntaxIssue[]]) {
    super(errors.map(formatSyntaxIssue).join("\n"));
    const first = errors[0];
    this.errors = errors;
    this.file = first.file;
    this.line = first.line;
    this.column = first.column;
    this.text = first.text;
  }
}

/**
 * One reason a domain config does not fit the model, by xl key.
 *
 * @example
 * ```ts
 * const issue: DomainConfigIssue = { key: "cpu_weight", message: "Too small: expected number to be >=1" };
 * ```
 */
export interface DomainConfigIssue {
  /** The xl key (`cpu_weight`, `disk[1]`). */
  readonly key: string;
  readonly message: string;
}

/**
 * A domain config whose values xl would refuse or that break the model's
 * ranges (vcpus above maxvcpus, cpu_weight 0, a bad disk spec …).
 *
 * @example
 * ```ts
 * toDomainConfig({ name: "a", kernel: "/k", cpu_weight: "0" }); // throws: cpu_weight must be 1–65535
 * ```
 */
export class XenDomainConfigError extends Error {
  override readonly name = "XenDomainConfigError";
  readonly code = "XL_MODEL";
  readonly issues: readonly DomainConfigIssue[];

  constructor(issues: readonly DomainConfigIssue[], file?: string) {
    super(
      issues
        .map((issue) => `${file === undefined ? "" : `${file}: `}${issue.key}: ${issue.message}`)
        .join("\n"),
    );
    this.issues = issues;
  }
}
