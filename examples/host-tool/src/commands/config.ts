import { open, readFile, rename, rm } from "node:fs/promises";
import { Option, type Command } from "commander";
import {
  formatSyntaxIssue,
  parseDiskSpec,
  parseVifSpec,
  safeParseXlConfig,
  safeParseXmConfig,
  safeToDomainConfig,
  xlValuesToJson,
  type XlConfig,
  type XlSyntaxIssue,
} from "@dom0kit/xen-config";
import { CliError } from "../cli-error.js";
import type { CliContext } from "../context.js";
import type { Output } from "../output.js";

type Quotes = "double" | "single" | "preserve";

/** JSON for specs: bigints (vif rates) become numbers when exact, strings otherwise. */
function specJson(value: unknown): unknown {
  return JSON.parse(
    JSON.stringify(value, (_key, item: unknown) =>
      typeof item === "bigint"
        ? item <= BigInt(Number.MAX_SAFE_INTEGER)
          ? Number(item)
          : String(item)
        : item,
    ),
  );
}

async function readConfigFile(context: CliContext, file: string): Promise<Uint8Array> {
  try {
    return await readFile(context.resolvePath(file));
  } catch (error) {
    throw new CliError(
      `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      undefined,
      {
        cause: error,
      },
    );
  }
}

/** Prints each issue as FILE:LINE:COL: message on stderr. */
function printIssues(out: Output, issues: readonly XlSyntaxIssue[], prefix = ""): void {
  for (const issue of issues) {
    out.note(`${issue.file}:${String(issue.line)}:${String(issue.column)}: ${prefix}${issue.message}`);
  }
}

/** Parses FILE as xl (or, with --xm, as a legacy xm config converted to xl). */
async function loadConfig(
  context: CliContext,
  out: Output,
  file: string,
  xm: boolean,
): Promise<
  | { ok: true; config: XlConfig; warnings: readonly XlSyntaxIssue[] }
  | { ok: false; errors: readonly XlSyntaxIssue[] }
> {
  const bytes = await readConfigFile(context, file);
  if (xm) {
    const converted = safeParseXmConfig(bytes, { file });
    if (!converted.ok) return { ok: false, errors: converted.errors };
    return { ok: true, config: converted.config, warnings: converted.warnings };
  }
  const parsed = safeParseXlConfig(bytes, { file });
  if (!parsed.ok) {
    // A legacy xm (Python) file fails as xl: say so when it reads as xm.
    if (safeParseXmConfig(bytes, { file }).ok) {
      out.note(`${file}: this looks like a legacy xm (Python) config: add --xm to read it as one`);
    }
    return { ok: false, errors: parsed.errors };
  }
  return { ok: true, config: parsed.value, warnings: parsed.warnings };
}

function syntaxFailure(file: string, count: number): CliError {
  return new CliError(
    `${file}: ${String(count)} error${count === 1 ? "" : "s"}: xl would refuse this file`,
    "each error above says what xl accepts instead",
    { code: "XL_SYNTAX" },
  );
}

async function dump(
  context: CliContext,
  command: Command,
  file: string,
  options: { xm?: boolean },
): Promise<void> {
  const out = context.output(command);
  const loaded = await loadConfig(context, out, file, options.xm === true);
  if (!loaded.ok) {
    printIssues(out, loaded.errors);
    throw syntaxFailure(file, loaded.errors.length);
  }
  if (options.xm === true) printIssues(out, loaded.warnings, "warning: ");
  out.line(xlValuesToJson(loaded.config.values()));
}

function disk(context: CliContext, command: Command, specs: string[]): void {
  const out = context.output(command);
  try {
    out.json(specJson(parseDiskSpec(specs.length === 1 ? (specs[0] ?? "") : specs)));
  } catch (error) {
    if (error instanceof Error && error.name === "XenDiskSpecError") {
      throw new CliError(
        error.message,
        "see xl-disk-configuration(5): target,format,vdev,access or vdev=…, target=… (last)",
        {
          code: "XL_DISK_SPEC",
          cause: error,
        },
      );
    }
    throw error;
  }
}

function vif(context: CliContext, command: Command, spec: string): void {
  const out = context.output(command);
  try {
    const { warnings, ...parsed } = parseVifSpec(spec);
    for (const warning of warnings) out.note(`warning: ${warning}`);
    out.json(specJson(parsed));
  } catch (error) {
    if (error instanceof Error && error.name === "XenVifSpecError") {
      throw new CliError(
        error.message,
        "see xl-network-configuration(5): comma-separated key=value, e.g. bridge=xenbr0,rate=10Mb/s",
        {
          code: "XL_VIF_SPEC",
          cause: error,
        },
      );
    }
    throw error;
  }
}

interface CheckReport {
  readonly file: string;
  readonly ok: boolean;
  readonly errors: readonly string[];
  readonly warnings: readonly string[];
}

async function checkOne(context: CliContext, out: Output, file: string, xm: boolean): Promise<CheckReport> {
  const loaded = await loadConfig(context, out, file, xm);
  if (!loaded.ok) return { file, ok: false, errors: loaded.errors.map(formatSyntaxIssue), warnings: [] };
  const { config } = loaded;
  const warnings = loaded.warnings.map(
    (issue) => `${formatSyntaxIssue({ ...issue, message: `warning: ${issue.message}` })}`,
  );
  const where = (key: string): string => {
    const position = config.locate(key.replace(/\[.*$/, ""));
    return position === undefined ? file : `${file}:${String(position.line)}:${String(position.column)}`;
  };
  const model = safeToDomainConfig(config);
  warnings.push(...model.warnings.map((warning) => `${where(warning.key)}: warning: ${warning.message}`));
  const errors = model.ok
    ? []
    : model.issues.map((issue) => `${where(issue.key)}: ${issue.key}: ${issue.message}`);
  return { file, ok: errors.length === 0, errors, warnings };
}

async function check(
  context: CliContext,
  command: Command,
  files: string[],
  options: { xm?: boolean },
): Promise<void> {
  const out = context.output(command);
  const reports: CheckReport[] = [];
  for (const file of files) reports.push(await checkOne(context, out, file, options.xm === true));
  if (context.options(command).json) {
    out.json(reports);
  } else {
    for (const report of reports) {
      for (const line of [...report.errors, ...report.warnings]) out.note(line);
      out.line(
        `${report.file}: ${report.ok ? "ok" : "FAILED"}${report.warnings.length > 0 ? ` (${String(report.warnings.length)} warning${report.warnings.length === 1 ? "" : "s"})` : ""}`,
      );
    }
  }
  const failed = reports.filter((report) => !report.ok);
  if (failed.length > 0) {
    throw new CliError(
      `${String(failed.length)} of ${String(reports.length)} config${reports.length === 1 ? "" : "s"} would fail in xl: ${failed.map((report) => report.file).join(", ")}`,
      "each problem above names the file, line and key",
      { code: "XL_CHECK" },
    );
  }
}

/** Writes `text` to `path` whole or not at all: a `.partial` file, fsync, rename. */
async function writeAtomically(path: string, bytes: Uint8Array): Promise<void> {
  const partial = `${path}.partial`;
  const handle = await open(partial, "w", 0o644);
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(partial, { force: true });
    throw error;
  }
  await handle.close();
  await rename(partial, path);
}

interface FmtOptions {
  readonly write?: boolean;
  readonly check?: boolean;
  readonly quotes: Quotes;
  readonly xm?: boolean;
}

async function fmt(context: CliContext, command: Command, file: string, options: FmtOptions): Promise<void> {
  const out = context.output(command);
  const loaded = await loadConfig(context, out, file, options.xm === true);
  if (!loaded.ok) {
    printIssues(out, loaded.errors);
    throw syntaxFailure(file, loaded.errors.length);
  }
  if (options.xm === true) printIssues(out, loaded.warnings, "warning: ");
  const formatted = loaded.config.fmt({ quotes: options.quotes });
  const unchanged = options.xm !== true && formatted.render() === loaded.config.render();
  if (options.check === true) {
    if (!unchanged) {
      throw new CliError(`${file} is not formatted`, `run \`dom0kit config fmt ${file} --write\``, {
        code: "XL_FMT",
      });
    }
    out.line(`${file}: formatted`);
    return;
  }
  if (options.write === true) {
    if (unchanged) {
      out.line(`${file}: already formatted`);
      return;
    }
    await writeAtomically(context.resolvePath(file), formatted.toBytes());
    out.line(`${file}: written`);
    return;
  }
  context.io.stdout.write(formatted.render());
}

/** `dom0kit config dump|disk|vif|check|fmt`: xl domain configs, read exactly as xl reads them. */
export function registerConfigCommands(program: Command, context: CliContext): void {
  const config = program
    .command("config")
    .description("xl domain configs: what xl sees, disk and vif specs, checks, formatting");

  config
    .command("dump")
    .description("print what xl sees in a config, as JSON (numbers as written, lists as arrays)")
    .argument("<file>", "an xl config, e.g. /etc/xen/web1")
    .option("--xm", "read a legacy xm (Python) config and convert it (warnings on stderr)")
    .addHelpText(
      "after",
      '\nPrints one line of JSON: {"name":"horatio","memory":"512","cpus":["0","2"]}. Strings stay strings,\n' +
        'numbers keep their source text (0x200 stays "0x200"), nested lists are arrays. When xl would refuse\n' +
        "the file: exit status 1 and each error as FILE:LINE:COL: message on stderr.\n\n" +
        "Examples:\n  dom0kit config dump /etc/xen/web1\n  dom0kit config dump --xm /etc/xen/legacy.cfg",
    )
    .action(async (file: string, options: { xm?: boolean }, command: Command) => {
      await dump(context, command, file, options);
    });

  config
    .command("disk")
    .description("parse a disk spec as xl does and print it as JSON")
    .argument(
      "<spec...>",
      'a disk spec, e.g. "phy:/dev/vg/web1,xvda,w" (several strings: one disk, as xl block-attach)',
    )
    .addHelpText(
      "after",
      '\nExamples:\n  dom0kit config disk "phy:/dev/vg/web1,xvda,w"\n  dom0kit config disk "format=qcow2, vdev=xvdb, target=/srv/img/web1.qcow2"',
    )
    .action((specs: string[], _options: unknown, command: Command) => {
      disk(context, command, specs);
    });

  config
    .command("vif")
    .description("parse a vif spec as xl does and print it as JSON (rate in bytes per interval)")
    .argument("<spec>", 'a vif spec, e.g. "mac=00:16:3e:00:00:01,bridge=xenbr0,rate=10Mb/s"')
    .addHelpText("after", '\nExamples:\n  dom0kit config vif "bridge=xenbr0,vifname=web1.0,rate=10Mb/s@20ms"')
    .action((spec: string, _options: unknown, command: Command) => {
      vif(context, command, spec);
    });

  config
    .command("check")
    .description(
      "check configs: xl syntax, then the domain model (ranges, disks, vifs); warnings for unknown keys",
    )
    .argument("<file...>", "xl configs")
    .option("--xm", "the files are legacy xm (Python) configs")
    .addHelpText(
      "after",
      "\nErrors and warnings go to stderr as FILE:LINE:COL: message; one summary line per file on stdout.\n" +
        "Exit status 0 when xl would accept every file (warnings allowed), 1 otherwise.\n\n" +
        "Examples:\n  dom0kit config check /etc/xen/*.cfg\n  dom0kit --json config check /etc/xen/web1",
    )
    .action(async (files: string[], options: { xm?: boolean }, command: Command) => {
      await check(context, command, files, options);
    });

  config
    .command("fmt")
    .description("print a config in canonical layout (comments and values kept); --write replaces the file")
    .argument("<file>", "an xl config")
    .option("-w, --write", "write the result back to the file (atomically) instead of printing it")
    .option("--check", "change nothing; exit 1 when the file is not formatted")
    .addOption(
      new Option("--quotes <style>", "quotes for strings")
        .choices(["double", "single", "preserve"])
        .default("double"),
    )
    .option("--xm", "read a legacy xm (Python) config and write it as xl")
    .addHelpText(
      "after",
      "\nOne statement per line as key = value, lists on one line when short or one element per line,\n" +
        "comments kept, one blank line at most, a final newline. Values never change: the file means the\n" +
        "same to xl before and after.\n\n" +
        "Examples:\n  dom0kit config fmt /etc/xen/web1\n  dom0kit config fmt --write /etc/xen/web1\n  dom0kit config fmt --xm --write /etc/xen/legacy.cfg",
    )
    .action(async (file: string, options: FmtOptions, command: Command) => {
      await fmt(context, command, file, options);
    });
}
