import { readFile } from "node:fs/promises";
import { getopt, hasOption, optionValue } from "../exec/getopt.js";
import { emit, readAll } from "../exec/io.js";
import type { CommandHandler } from "../exec/types.js";
import type { IptablesTable } from "./model.js";

const BUILTIN: Readonly<Record<string, readonly string[]>> = {
  filter: ["INPUT", "FORWARD", "OUTPUT"],
  nat: ["PREROUTING", "INPUT", "OUTPUT", "POSTROUTING"],
  mangle: ["PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING"],
  raw: ["PREROUTING", "OUTPUT"],
  security: ["INPUT", "FORWARD", "OUTPUT"],
};
const VERSION = "v1.8.9 (nf_tables)";

function freshTable(name: string): IptablesTable {
  return {
    name,
    chains: (BUILTIN[name] ?? []).map((chain) => ({ name: chain, policy: "ACCEPT" })),
    rules: [],
  };
}

/** Splits a rule line into words, honouring double quotes (as iptables-restore does). */
function words(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((match) => match[1] ?? match[2] ?? "");
}

/** Applies an iptables-restore script to the tables, or returns the failing line. */
function applyRestore(
  tables: IptablesTable[],
  script: string,
  noflush: boolean,
): { tables: IptablesTable[] } | { line: number; message?: string } {
  const result = structuredClone(tables);
  let current: IptablesTable | undefined;
  const lines = script.split("\n");
  for (const [index, raw] of lines.entries()) {
    const lineNumber = index + 1;
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    if (line.startsWith("*")) {
      const name = line.slice(1);
      if (BUILTIN[name] === undefined) return { line: lineNumber, message: `Table '${name}' does not exist` };
      const existing = result.find((table) => table.name === name);
      if (existing === undefined || !noflush) {
        current = freshTable(name);
        const at = result.findIndex((table) => table.name === name);
        if (at >= 0) result[at] = current;
        else result.push(current);
      } else {
        current = existing;
      }
      continue;
    }
    if (current === undefined) return { line: lineNumber };
    if (line === "COMMIT") {
      current = undefined;
      continue;
    }
    if (line.startsWith(":")) {
      const [chain = "", policy = "-"] = line.slice(1).split(/\s+/);
      const builtin = (BUILTIN[current.name] ?? []).includes(chain);
      if (builtin && policy === "-") return { line: lineNumber };
      const existing = current.chains.find((each) => each.name === chain);
      if (existing === undefined) current.chains.push({ name: chain, policy: builtin ? policy : "-" });
      else if (builtin) existing.policy = policy;
      else if (!noflush) current.rules = current.rules.filter((rule) => rule.chain !== chain);
      continue;
    }
    const [command, chain, ...rest] = words(line);
    const table = current;
    const chainExists = (name: string | undefined): boolean =>
      table.chains.some((each) => each.name === name);
    const spec = rest.join(" ");
    switch (command) {
      case "-A":
      case "--append":
        if (!chainExists(chain)) return { line: lineNumber };
        table.rules.push({ chain: chain as string, spec });
        break;
      case "-I":
      case "--insert": {
        if (!chainExists(chain)) return { line: lineNumber };
        const position = /^\d+$/.test(rest[0] ?? "") ? Number(rest[0]) : 1;
        const ruleSpec = /^\d+$/.test(rest[0] ?? "") ? rest.slice(1).join(" ") : spec;
        const inChain = table.rules
          .map((rule, at) => ({ rule, at }))
          .filter(({ rule }) => rule.chain === chain);
        const before = inChain[position - 1]?.at ?? (inChain.at(-1)?.at ?? table.rules.length - 1) + 1;
        table.rules.splice(before, 0, { chain: chain as string, spec: ruleSpec });
        break;
      }
      case "-D":
      case "--delete": {
        const at = /^\d+$/.test(rest[0] ?? "")
          ? table.rules
              .map((rule, position) => ({ rule, position }))
              .filter(({ rule }) => rule.chain === chain)[Number(rest[0]) - 1]?.position
          : table.rules.findIndex((rule) => rule.chain === chain && rule.spec === spec);
        if (at === undefined || at < 0) return { line: lineNumber };
        table.rules.splice(at, 1);
        break;
      }
      case "-F":
      case "--flush":
        table.rules = chain === undefined ? [] : table.rules.filter((rule) => rule.chain !== chain);
        break;
      case "-N":
      case "--new-chain":
        if (chain === undefined || chainExists(chain)) return { line: lineNumber };
        table.chains.push({ name: chain, policy: "-" });
        break;
      case "-X":
      case "--delete-chain":
        if (chain === undefined) {
          table.chains = table.chains.filter((each) => (BUILTIN[table.name] ?? []).includes(each.name));
        } else {
          if (!chainExists(chain) || table.rules.some((rule) => rule.chain === chain))
            return { line: lineNumber };
          table.chains = table.chains.filter((each) => each.name !== chain);
        }
        break;
      case "-P":
      case "--policy": {
        const target = table.chains.find((each) => each.name === chain);
        if (target === undefined || rest[0] === undefined) return { line: lineNumber };
        target.policy = rest[0];
        break;
      }
      default:
        return { line: lineNumber };
    }
  }
  if (current !== undefined) return { line: lines.length, message: "COMMIT expected" };
  return { tables: result };
}

/**
 * `iptables-restore [--noflush] [--test] [FILE]` (and ip6tables-restore):
 * parsed and applied all-or-nothing to the simulated tables; rules are kept
 * as written (not canonicalised as the kernel would print them).
 */
export function iptablesRestoreCommand(family: "v4" | "v6"): CommandHandler {
  const program = family === "v4" ? "iptables-restore" : "ip6tables-restore";
  return async (context) => {
    const parsed = getopt(context.argv.slice(1), "ncTvw:W:hM:", {
      noflush: [false, "n"],
      counters: [false, "c"],
      test: [false, "T"],
      verbose: [false, "v"],
      wait: [true, "w"],
      "wait-interval": [true, "W"],
      table: [true, "T"],
    });
    if (parsed.error !== undefined || parsed.operands.length > 1) {
      await emit(
        context.io.stderr,
        `sim-host: ${program} ${context.argv.slice(1).join(" ")}: not simulated\n`,
      );
      return { exitCode: 127 };
    }
    const [file] = parsed.operands;
    let script: string;
    if (file === undefined || file === "-") {
      script = (await readAll(context.io.stdin)).toString("utf8");
    } else {
      const state = await context.env.store.read();
      try {
        script = await readFile(
          context.env.paths.resolve(
            file,
            context.cwd,
            state.host.volumeGroups.map((vg) => vg.name),
          ).hostPath,
          "utf8",
        );
      } catch {
        await emit(context.io.stderr, `Can't open ${file}: No such file or directory\n`);
        return { exitCode: 1 };
      }
    }
    context.journal.input = script.slice(0, 65536);
    const result = await context.env.store.update((state) => {
      const outcome = applyRestore(state.iptables[family], script, hasOption(parsed, "n"));
      if ("tables" in outcome && !hasOption(parsed, "T")) state.iptables[family] = outcome.tables;
      return outcome;
    });
    if ("line" in result) {
      const message =
        result.message === undefined
          ? `${program}: line ${String(result.line)} failed\n`
          : `${program} ${VERSION}: ${result.message}\nError occurred at line: ${String(result.line)}\nTry \`${program} -h' or '${program} --help' for more information.\n`;
      await emit(context.io.stderr, message);
      return { exitCode: 1 };
    }
    return { exitCode: 0 };
  };
}

/** `iptables-save [-t TABLE] [-c]` (and ip6tables-save): the simulated tables in iptables-save's format. */
export function iptablesSaveCommand(family: "v4" | "v6"): CommandHandler {
  const program = family === "v4" ? "iptables-save" : "ip6tables-save";
  return async (context) => {
    const parsed = getopt(context.argv.slice(1), "ct:", { counters: [false, "c"], table: [true, "t"] });
    if (parsed.error !== undefined || parsed.operands.length > 0) {
      await emit(
        context.io.stderr,
        `sim-host: ${program} ${context.argv.slice(1).join(" ")}: not simulated\n`,
      );
      return { exitCode: 127 };
    }
    const only = optionValue(parsed, "t");
    const state = await context.env.store.read();
    const stamp = new Date(context.env.now())
      .toUTCString()
      .replace(
        /^(\w+), (\d+) (\w+) (\d+) ([\d:]+) GMT$/,
        (_all, day: string, date: string, month: string, year: string, time: string) =>
          `${day} ${month} ${date.padStart(2, " ")} ${time} ${year}`,
      );
    let out = "";
    for (const table of state.iptables[family]) {
      if (only !== undefined && table.name !== only) continue;
      out += `# Generated by ${program} ${VERSION} on ${stamp}\n*${table.name}\n`;
      for (const chain of table.chains) out += `:${chain.name} ${chain.policy} [0:0]\n`;
      for (const rule of table.rules) out += `-A ${rule.chain} ${rule.spec}\n`;
      out += `COMMIT\n# Completed on ${stamp}\n`;
    }
    await emit(context.io.stdout, out);
    return { exitCode: 0 };
  };
}
