import { readFile, stat } from "node:fs/promises";
import { getopt, hasOption, optionValue } from "../exec/getopt.js";
import type { SimDomain, SimState } from "../state/model.js";
import { readDomainDefinition, type DomainDefinition } from "../xlcfg/domain-definition.js";
import { freeMemoryMiB } from "./info.js";
import { libxlConfigJson } from "./libxl-config-json.js";
import { destroyDomain, startDomain } from "./lifecycle.js";
import { attachConsole } from "./console.js";
import { libxlError, type XlRun, type XlSubcommand } from "./xl-run.js";
import { yajlBeautify } from "./yajl-json.js";

/** How a creation attempt ended (exit code; the domain when one was built). */
export interface CreateOutcome {
  readonly exitCode: number;
  readonly domain?: SimDomain;
}

/** Whether each disk target exists in the simulated dom0 (LV or file). */
async function missingDisk(
  run: XlRun,
  state: SimState,
  definition: DomainDefinition,
): Promise<{ index: number; vdev: string; target: string } | undefined> {
  const vgs = state.host.volumeGroups.map((vg) => vg.name);
  for (const [index, disk] of definition.disks.entries()) {
    const resolved = run.context.env.paths.resolve(disk.target, "/", vgs);
    const exists =
      resolved.kind === "lv"
        ? state.logicalVolumes.some((lv) => lv.vg === resolved.lv.vg && lv.name === resolved.lv.name)
        : await stat(resolved.hostPath).then(
            () => true,
            () => false,
          );
    if (!exists) return { index, vdev: disk.vdev, target: disk.target };
  }
  return undefined;
}

function destroyedLines(domid: number): string {
  return (
    libxlError(
      { file: "libxl_domain.c", line: 1183, func: "libxl__destroy_domid" },
      domid,
      "Non-existant domain",
    ) +
    libxlError(
      { file: "libxl_domain.c", line: 1137, func: "domain_destroy_callback" },
      domid,
      "Unable to destroy guest",
    ) +
    libxlError(
      { file: "libxl_domain.c", line: 1064, func: "domain_destroy_cb" },
      domid,
      "Destruction of domain failed",
    )
  );
}

/**
 * Builds a domain the way `xl create` / `xl restore` do once the config is
 * known: name must be free, memory must fit, disks must exist and not be used
 * writable by another guest, bridges must exist. Writes libxl's messages on failure.
 */
export async function buildDomain(
  run: XlRun,
  definition: DomainDefinition,
  options: {
    paused: boolean;
    configText: string;
    configSource: string;
    uuid?: string;
    consoleLog?: string;
    cpuSeconds?: number;
  },
): Promise<CreateOutcome> {
  const state = await run.read();
  const missing = await missingDisk(run, state, definition);
  return run.update((current): CreateOutcome => {
    if (current.domains.some((domain) => domain.name === definition.name)) {
      run.err += libxlError(
        { file: "libxl_create.c", line: 701, func: "libxl__domain_make" },
        undefined,
        `Domain with name "${definition.name}" already exists.`,
      );
      return { exitCode: 6 };
    }
    if (missing !== undefined) {
      run.err += libxlError(
        { file: "libxl_device.c", line: 376, func: "libxl__device_disk_set_backend" },
        undefined,
        `Disk vdev=${missing.vdev} failed to stat: ${missing.target}: No such file or directory`,
      );
      run.err += libxlError(
        { file: "libxl_create.c", line: 1078, func: "libxl__domain_config_setdefault" },
        undefined,
        `Unable to set disk defaults for disk ${String(missing.index)}`,
      );
      return { exitCode: 3 };
    }
    if (freeMemoryMiB(current) < definition.memoryMiB) {
      run.err += "failed to free memory for the domain\n";
      return { exitCode: 3 };
    }
    const shared = definition.disks.find(
      (disk) =>
        disk.readwrite &&
        current.domains.some((domain) => domain.disks.some((other) => other.target === disk.target)),
    );
    const badBridge = definition.vifs.find((vif) => !current.host.bridges.includes(vif.bridge));
    if (shared !== undefined || badBridge !== undefined) {
      const domid = current.nextDomid;
      current.nextDomid += 1;
      if (shared !== undefined) {
        run.err += libxlError(
          { file: "libxl_exec.c", line: 117, func: "libxl_report_child_exitstatus" },
          undefined,
          `/etc/xen/scripts/block add [${String(4000 + domid)}] exited with error status 1`,
        );
        run.err += libxlError(
          { file: "libxl_device.c", line: 1265, func: "device_hotplug_child_death_cb" },
          undefined,
          `script: Device ${shared.target} is mounted in a guest domain,\nand so cannot be mounted now.`,
        );
        run.err += libxlError(
          { file: "libxl_create.c", line: 1729, func: "domcreate_launch_dm" },
          domid,
          "unable to add disk devices",
        );
      } else if (badBridge !== undefined) {
        run.err += libxlError(
          { file: "libxl_exec.c", line: 117, func: "libxl_report_child_exitstatus" },
          undefined,
          `/etc/xen/scripts/vif-bridge online [${String(4000 + domid)}] exited with error status 1`,
        );
        run.err += libxlError(
          { file: "libxl_device.c", line: 1265, func: "device_hotplug_child_death_cb" },
          undefined,
          `script: Could not find bridge device ${badBridge.bridge}`,
        );
        run.err += libxlError(
          { file: "libxl_create.c", line: 1916, func: "domcreate_attach_devices" },
          domid,
          "unable to add vif devices",
        );
      }
      run.err += destroyedLines(domid);
      destroyDomain(current, domid);
      return { exitCode: 3 };
    }
    const domain = startDomain(current, definition, { now: run.now, ...options });
    return { exitCode: 0, domain };
  });
}

/** `xl create [-p] [-c] [-q] [-n] CONFIG [key=value …]`. */
export const xlCreate: XlSubcommand = async (run) => {
  let args = [...run.args];
  let filename: string | undefined;
  if (args[0] !== undefined && !args[0].startsWith("-") && !args[0].includes("=")) {
    filename = args[0];
    args = args.slice(1);
  }
  const parsed = getopt(args, "hFnqf:pcdeVA", {
    dryrun: [false, "n"],
    quiet: [false, "q"],
    defconfig: [true, "f"],
    vncviewer: [false, "V"],
    "vncviewer-autopass": [false, "A"],
    help: [false, "h"],
  });
  if (hasOption(parsed, "h")) {
    run.out += run.help();
    return 0;
  }
  if (parsed.error !== undefined) {
    run.err += `option \`${parsed.error.option.replace(/^--?/, "")}' not supported.\n`;
    return 2;
  }
  filename = optionValue(parsed, "f") ?? filename;
  const extra: string[] = [];
  for (const operand of parsed.operands) {
    if (operand.includes("=")) extra.push(operand);
    else if (filename === undefined) filename = operand;
    else {
      run.out += run.help();
      return 2;
    }
  }
  if (filename === undefined) {
    run.err += "Config file not specified and none in save file\n";
    return 6;
  }
  const state = await run.read();
  const resolved = run.context.env.paths.resolve(
    filename,
    run.context.cwd,
    state.host.volumeGroups.map((vg) => vg.name),
  );
  let text: string;
  try {
    text = await readFile(resolved.hostPath, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    run.err += `Failed to read config file: ${filename}: ${code === "ENOENT" ? "No such file or directory" : code === "EISDIR" ? "Is a directory" : "Permission denied"}\n`;
    return 3;
  }
  if (extra.length > 0) text += `\n${extra.join("\n")}\n`;
  if (!hasOption(parsed, "q")) run.err += `Parsing config from ${filename}\n`;
  const definition = readDomainDefinition(text, filename, state.host.cpus);
  if (!definition.ok) {
    run.err += definition.stderr;
    return definition.exitCode;
  }
  run.err += definition.warnings;
  if (hasOption(parsed, "n") || run.dryRun) {
    const preview = startDomain(structuredClone(state), definition.definition, {
      paused: true,
      configText: text,
      configSource: filename,
      now: run.now,
    });
    run.out += `${yajlBeautify(libxlConfigJson(preview, state.host.cpus))}\n`;
    return 0;
  }
  const outcome = await buildDomain(run, definition.definition, {
    paused: hasOption(parsed, "p"),
    configText: text,
    configSource: filename,
  });
  if (outcome.exitCode !== 0 || outcome.domain === undefined) return outcome.exitCode;
  if (hasOption(parsed, "c")) return attachConsole(run, outcome.domain.domid);
  return 0;
};
