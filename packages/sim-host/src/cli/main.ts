import { parseArgs } from "node:util";
import { SimHostError } from "../errors.js";
import type { FaultSpecInput } from "../faults/fault-spec.js";
import { SimHost } from "../sim-host.js";
import { writeShims } from "../shims/write-shims.js";
import { defaultSimDir } from "./default-dir.js";

const USAGE = `Usage: dom0kit-sim [--state DIR] COMMAND [options]

A simulated Xen dom0 (state in DIR, default $DOM0KIT_SIM_DIR or ~/.local/state/dom0kit/sim).

Commands:
  init [--cpus N] [--memory MIB] [--scheduler credit|credit2] [--vg NAME=SIZE]…
       [--dom0-memory MIB] [--dom0-vcpus N] [--hostname NAME] [--replace]
                          create a simulated host
  reset                   boot it afresh (same hardware, nothing else)
  exec [--cwd DIR] -- PROGRAM [ARG…]
                          run a command on it with this terminal's stdio
  shims DIR [--program NAME]…
                          write executables that forward to it
  fault add --match "PROGRAM ARG…" [--regex RE] [--nth N] [--times N|always]
            (--exit CODE [--stderr TEXT] [--stdout TEXT] [--after-bytes N]
             | --hang | --fill-snapshot VG/LV [--percent P] | --crash DOMAIN)
  fault list | fault clear [ID]
  snapshot-fill VG/LV PERCENT
  crash DOMAIN
  path SIMULATED-PATH     where a simulated path lives on this machine
  journal                 the commands run so far (JSON lines)
  state                   the whole state (JSON)
`;

class UsageError extends Error {}

function integer(text: string | undefined, what: string): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) throw new UsageError(`${what} must be a number, got ${JSON.stringify(text)}`);
  return Number(text);
}

async function init(dir: string, args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      cpus: { type: "string" },
      memory: { type: "string" },
      scheduler: { type: "string" },
      vg: { type: "string", multiple: true },
      "dom0-memory": { type: "string" },
      "dom0-vcpus": { type: "string" },
      hostname: { type: "string" },
      replace: { type: "boolean" },
    },
    strict: true,
  });
  const dom0Memory = integer(values["dom0-memory"], "--dom0-memory");
  const dom0Vcpus = integer(values["dom0-vcpus"], "--dom0-vcpus");
  const cpus = integer(values.cpus, "--cpus");
  const memory = integer(values.memory, "--memory");
  const host = {
    ...(values.hostname === undefined ? {} : { hostname: values.hostname }),
    ...(cpus === undefined ? {} : { cpus }),
    ...(memory === undefined ? {} : { memoryMiB: memory }),
    ...(values.scheduler === undefined ? {} : { scheduler: values.scheduler as "credit" | "credit2" }),
    ...(dom0Memory === undefined && dom0Vcpus === undefined
      ? {}
      : {
          dom0: {
            ...(dom0Memory === undefined ? {} : { memoryMiB: dom0Memory }),
            ...(dom0Vcpus === undefined ? {} : { vcpus: dom0Vcpus }),
          },
        }),
    ...(values.vg === undefined
      ? {}
      : {
          volumeGroups: values.vg.map((spec) => {
            const [name = "", size = ""] = spec.split("=");
            return { name, size };
          }),
        }),
  };
  const sim = await SimHost.create(dir, { host, replace: values.replace === true });
  process.stdout.write(`simulated dom0 created in ${sim.dir}\n`);
  return 0;
}

function faultSpec(args: string[]): FaultSpecInput {
  const { values } = parseArgs({
    args,
    options: {
      match: { type: "string" },
      regex: { type: "string" },
      nth: { type: "string" },
      times: { type: "string" },
      exit: { type: "string" },
      stderr: { type: "string" },
      stdout: { type: "string" },
      "after-bytes": { type: "string" },
      hang: { type: "boolean" },
      "fill-snapshot": { type: "string" },
      percent: { type: "string" },
      crash: { type: "string" },
      note: { type: "string" },
    },
    strict: true,
  });
  if (values.match === undefined) throw new UsageError("fault add needs --match");
  const effects = [
    values.exit !== undefined,
    values.hang === true,
    values["fill-snapshot"] !== undefined,
    values.crash !== undefined,
  ].filter(Boolean);
  if (effects.length !== 1)
    throw new UsageError("fault add needs exactly one of --exit, --hang, --fill-snapshot, --crash");
  const afterBytes = integer(values["after-bytes"], "--after-bytes");
  const nth = integer(values.nth, "--nth");
  const effect: FaultSpecInput["effect"] =
    values.exit !== undefined
      ? {
          kind: "fail",
          exitCode: integer(values.exit, "--exit") as number,
          stderr: values.stderr ?? "",
          stdout: values.stdout ?? "",
          ...(afterBytes === undefined ? {} : { afterBytes }),
        }
      : values.hang === true
        ? { kind: "hang" }
        : values["fill-snapshot"] !== undefined
          ? { kind: "fill-snapshot", lv: values["fill-snapshot"], percent: Number(values.percent ?? "100") }
          : { kind: "crash-domain", domain: values.crash as string };
  return {
    match: {
      argvPrefix: values.match.split(/\s+/).filter(Boolean),
      ...(values.regex === undefined ? {} : { argvRegex: values.regex }),
    },
    ...(nth === undefined ? {} : { nth }),
    ...(values.times === undefined
      ? {}
      : { times: values.times === "always" ? "always" : integer(values.times, "--times") }),
    effect,
    ...(values.note === undefined ? {} : { note: values.note }),
  };
}

async function fault(dir: string, args: string[]): Promise<number> {
  const [action, ...rest] = args;
  const sim = await SimHost.open(dir);
  if (action === "add") {
    const id = await sim.addFault(faultSpec(rest));
    process.stdout.write(`${String(id)}\n`);
    return 0;
  }
  if (action === "list") {
    for (const record of await sim.faults()) process.stdout.write(`${JSON.stringify(record)}\n`);
    return 0;
  }
  if (action === "clear") {
    const removed = await sim.clearFaults(integer(rest[0], "fault id"));
    process.stdout.write(`${String(removed)} removed\n`);
    return 0;
  }
  throw new UsageError(`unknown fault action ${JSON.stringify(action ?? "")} (add, list, clear)`);
}

async function exec(dir: string, args: string[]): Promise<number> {
  let cwd = "/";
  let rest = args;
  while (rest[0] !== undefined && rest[0] !== "--") {
    if (rest[0] === "--cwd" && rest[1] !== undefined) {
      cwd = rest[1];
      rest = rest.slice(2);
    } else {
      throw new UsageError(`exec: unknown option ${rest[0]}`);
    }
  }
  const [program, ...programArgs] = rest.slice(1);
  if (program === undefined) throw new UsageError("exec needs -- PROGRAM [ARG…]");
  const sim = await SimHost.open(dir);
  return sim.runAttached({ file: program, args: programArgs, cwd });
}

/**
 * The `dom0kit-sim` executable: manage a simulated host and run commands on
 * it (the shims call `dom0kit-sim --state DIR exec -- PROGRAM …`). Returns the exit status.
 */
export async function main(argv: readonly string[]): Promise<number> {
  let args = [...argv];
  let dir = defaultSimDir();
  if (args[0] === "--state" && args[1] !== undefined) {
    dir = args[1];
    args = args.slice(2);
  }
  const [command, ...rest] = args;
  try {
    switch (command) {
      case "init":
        return await init(dir, rest);
      case "reset":
        await (await SimHost.open(dir)).reset();
        return 0;
      case "exec":
        return await exec(dir, rest);
      case "shims": {
        const [target, ...options] = rest;
        if (target === undefined) throw new UsageError("shims needs a directory");
        const { values } = parseArgs({
          args: options,
          options: { program: { type: "string", multiple: true } },
          strict: true,
        });
        const written = await writeShims(
          target,
          dir,
          values.program === undefined ? {} : { programs: values.program },
        );
        process.stdout.write(`${String(written.length)} shims written to ${target}\n`);
        return 0;
      }
      case "fault":
        return await fault(dir, rest);
      case "snapshot-fill":
        await (await SimHost.open(dir)).setSnapshotFill(rest[0] ?? "", Number(rest[1] ?? "100"));
        return 0;
      case "crash":
        await (await SimHost.open(dir)).crashDomain(rest[0] ?? "");
        return 0;
      case "path":
        process.stdout.write(`${await (await SimHost.open(dir)).hostPath(rest[0] ?? "/")}\n`);
        return 0;
      case "journal":
        for (const entry of await (await SimHost.open(dir)).journal())
          process.stdout.write(`${JSON.stringify(entry)}\n`);
        return 0;
      case "state":
        process.stdout.write(`${JSON.stringify(await (await SimHost.open(dir)).state(), null, 2)}\n`);
        return 0;
      case undefined:
      case "help":
      case "--help":
        process.stdout.write(USAGE);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command ${JSON.stringify(command)}`);
    }
  } catch (error) {
    if (
      error instanceof UsageError ||
      (error instanceof Error &&
        "code" in error &&
        String((error as { code: unknown }).code).startsWith("ERR_PARSE_ARGS"))
    ) {
      process.stderr.write(`dom0kit-sim: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    if (error instanceof SimHostError) {
      process.stderr.write(`dom0kit-sim: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}
