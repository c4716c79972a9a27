import { readFile, writeFile } from "node:fs/promises";
import { hasOption } from "../exec/getopt.js";
import type { SimDomain } from "../state/model.js";
import { readDomainDefinition, type DomainDefinition } from "../xlcfg/domain-definition.js";
import { buildDomain } from "./create.js";
import { accountCpu, findDomain, guestCpuSeconds } from "./domain-view.js";
import { libxlConfigJson } from "./libxl-config-json.js";
import { definitionOf, destroyDomain } from "./lifecycle.js";
import { encodeSaveFile, readSaveFile, saveInfo } from "./save-file.js";
import { libxlError, type XlRun, type XlSubcommand } from "./xl-run.js";
import { yajlBeautify } from "./yajl-json.js";

/** What the simulator stores about a saved domain after libxc's image header. */
interface SavedDomain {
  readonly format: "dom0kit-sim-saved-domain";
  readonly version: 1;
  readonly definition: DomainDefinition;
  readonly configText: string;
  readonly configSource: string;
  readonly uuid: string;
  readonly consoleLog: string;
  readonly cpuSeconds: number;
}

function isSavedDomain(value: unknown): value is SavedDomain {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as SavedDomain).format === "dom0kit-sim-saved-domain"
  );
}

function hostPath(run: XlRun, simPath: string, vgs: readonly string[]): string {
  return run.context.env.paths.resolve(simPath, run.context.cwd, vgs).hostPath;
}

/**
 * `xl save [-c] [-p] Domain FILE [CONFIG]`: writes a save file (real xl magic
 * and header, libxl JSON config), then destroys the domain — or leaves it
 * paused (`-p`) or running (`-c`).
 */
export const xlSave: XlSubcommand = async (run) => {
  const parsed = run.options("cp", {}, 2);
  if (typeof parsed === "number") return parsed;
  if (parsed.operands.length > 3) {
    run.out += run.help();
    return 1;
  }
  const [qualifier = "", file = "", configFile] = parsed.operands;
  const state = await run.read();
  const vgs = state.host.volumeGroups.map((vg) => vg.name);
  const found = findDomain(state, qualifier, run.now);
  if (!found.ok) {
    run.err += found.stderr;
    return 1;
  }
  const domain = found.view?.domain;
  if (domain === undefined) {
    run.err += libxlError(
      { file: "libxl_domain.c", line: 2047, func: "libxl_retrieve_domain_configuration" },
      found.domid,
      "Fail to get domain configuration",
    );
    run.err += "unable to retrieve domain configuration\n";
    return 1;
  }
  let definition = definitionOf(domain);
  let configText = domain.configText;
  if (configFile !== undefined) {
    try {
      configText = await readFile(hostPath(run, configFile, vgs), "utf8");
    } catch {
      run.err += "unable to read overridden config file\n";
      return 1;
    }
    const overridden = readDomainDefinition(configText, configFile, state.host.cpus);
    if (!overridden.ok) {
      run.err += overridden.stderr;
      return overridden.exitCode;
    }
    run.err += overridden.warnings;
    definition = overridden.definition;
  }
  const configJson = yajlBeautify(
    libxlConfigJson(
      { ...domain, ...definition, onlineVcpus: definition.vcpus } as unknown as SimDomain,
      state.host.cpus,
    ),
  );
  const saved: SavedDomain = {
    format: "dom0kit-sim-saved-domain",
    version: 1,
    definition,
    configText,
    configSource: domain.configSource,
    uuid: domain.uuid,
    consoleLog: domain.consoleLog,
    cpuSeconds: guestCpuSeconds(domain, run.now),
  };
  const data = encodeSaveFile(configJson, saved);
  try {
    await writeFile(hostPath(run, file, vgs), data, { mode: 0o644 });
  } catch {
    run.err += `Failed to open temp file ${file} for writing\n`;
    return 1;
  }
  const configLength = Buffer.byteLength(configJson) + 1;
  run.err += `Saving to ${file} new xl format (info ${saveInfo({ mandatoryFlags: 3, optionalFlags: 0, optionalDataLength: 4 + configLength })})\n`;
  const checkpoint = hasOption(parsed, "c");
  const leavePaused = hasOption(parsed, "p");
  await run.update((current) => {
    const live = current.domains.find((each) => each.domid === domain.domid);
    if (live === undefined) return;
    if (leavePaused) {
      accountCpu(live, run.now);
      live.state = "paused";
    } else if (!checkpoint) {
      destroyDomain(current, live.domid);
    }
  });
  return 0;
};

/** `xl restore [-p] [CONFIG] FILE`: a new domain (new domid) from a save file. */
export const xlRestore: XlSubcommand = async (run) => {
  const parsed = run.options("FcpdeVA", { vncviewer: [false, "V"], "vncviewer-autopass": [false, "A"] }, 1);
  if (typeof parsed === "number") return parsed;
  let configFile: string | undefined;
  let file: string;
  if (parsed.operands.length === 1) file = parsed.operands[0] as string;
  else if (parsed.operands.length === 2) [configFile, file] = parsed.operands as [string, string];
  else {
    run.out += run.help();
    return 1;
  }
  const state = await run.read();
  const vgs = state.host.volumeGroups.map((vg) => vg.name);
  let data: Buffer;
  try {
    data = await readFile(hostPath(run, file, vgs));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    run.err += `Can't open restore file: ${code === "ENOENT" ? "No such file or directory" : "Permission denied"}\n`;
    return 1;
  }
  const read = readSaveFile(data);
  if (!read.ok) {
    run.err += read.stderr;
    return 1;
  }
  const { contents } = read;
  run.err += `Loading new save file ${file} (new xl fmt info ${saveInfo(contents)})\n`;
  if (contents.configJson !== undefined) run.err += " Savefile contains xl domain config in JSON format\n";
  const saved = isSavedDomain(contents.payload) ? contents.payload : undefined;
  let definition = saved?.definition;
  let configText = saved?.configText ?? "";
  if (configFile !== undefined) {
    try {
      configText = await readFile(hostPath(run, configFile, vgs), "utf8");
    } catch (error) {
      run.err += `Failed to read config file: ${configFile}: ${(error as NodeJS.ErrnoException).code === "ENOENT" ? "No such file or directory" : "Permission denied"}\n`;
      return 1;
    }
    run.err += `Parsing config from ${configFile}\n`;
    const read2 = readDomainDefinition(configText, configFile, state.host.cpus);
    if (!read2.ok) {
      run.err += read2.stderr;
      return read2.exitCode;
    }
    run.err += read2.warnings;
    definition = read2.definition;
  } else {
    if (contents.configJson === undefined) {
      run.err += "Config file not specified and none in save file\n";
      return 1;
    }
    run.err += "Parsing config from <saved>\n";
  }
  if (saved === undefined || definition === undefined) {
    // The header is fine but the domain image is not one the simulator wrote: libxc rejects the stream.
    const domid = await run.update((current) => {
      const id = current.nextDomid;
      current.nextDomid += 1;
      return id;
    });
    run.err += libxlError(
      { file: "libxl_stream_read.c", line: 316, func: "stream_header_done" },
      domid,
      "Invalid ident: expected 0x58454e46, got 0x00000000",
    );
    run.err += libxlError(
      { file: "libxl_create.c", line: 1457, func: "domcreate_rebuild_done" },
      domid,
      "cannot (re-)build domain: -3",
    );
    run.err += libxlError(
      { file: "libxl_domain.c", line: 1183, func: "libxl__destroy_domid" },
      domid,
      "Non-existant domain",
    );
    return 1;
  }
  const outcome = await buildDomain(run, definition, {
    paused: hasOption(parsed, "p"),
    configText,
    configSource: saved.configSource,
    uuid: saved.uuid,
    consoleLog: saved.consoleLog,
    cpuSeconds: saved.cpuSeconds,
  });
  return outcome.exitCode === 0 ? 0 : 1;
};
