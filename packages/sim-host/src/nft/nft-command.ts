import { readFile } from "node:fs/promises";
import { emit, readAll } from "../exec/io.js";
import type { CommandHandler } from "../exec/types.js";
import type { NftExpression } from "./expression.js";
import type { NftState } from "./model.js";
import { NftApplyError, applyNftActions } from "./nft-apply.js";
import type { NftToken } from "./nft-lexer.js";
import { NftSyntaxError, parseNftScript, type NftAction } from "./nft-parser.js";
import { NFT_METAINFO, nftJson, tableObjects, tableText } from "./nft-render.js";

interface NftFlags {
  json: boolean;
  handles: boolean;
  check: boolean;
  file?: string;
}

/** nft's error report: `FILE:LINE:COL-COL: Error: MESSAGE`, the source line, and carets under the token. */
function errorReport(source: string | undefined, text: string, token: NftToken, message: string): string {
  const line = text.split("\n")[token.line - 1] ?? "";
  const width = Math.max(1, token.text.length + (token.kind === "string" ? 2 : 0));
  const where =
    source === undefined
      ? ""
      : `${source}:${String(token.line)}:${String(token.column)}-${String(token.column + width - 1)}: `;
  return `${where}Error: ${message}\n${line}\n${" ".repeat(Math.max(0, token.column - 1))}${"^".repeat(width)}\n`;
}

function listOutput(
  state: NftState,
  action: Extract<NftAction, { op: "list" }>,
  flags: NftFlags,
): { out: string; error?: string } {
  const tables = state.tables.filter(
    (table) => action.family === undefined || table.family === action.family,
  );
  if (action.what === "ruleset") {
    if (flags.json)
      return {
        out: `${nftJson({ nftables: [NFT_METAINFO, ...tables.flatMap((table) => tableObjects(table))] })}\n`,
      };
    return { out: tables.map((table) => tableText(table, flags.handles)).join("") };
  }
  if (action.what === "tables") {
    if (flags.json)
      return {
        out: `${nftJson({ nftables: [NFT_METAINFO, ...tables.map((table): NftExpression => ({ table: { family: table.family, name: table.name, handle: table.handle } }))] })}\n`,
      };
    return { out: tables.map((table) => `table ${table.family} ${table.name}\n`).join("") };
  }
  const table = tables.find((each) => each.name === action.table);
  if (table === undefined) return { out: "", error: "No such file or directory" };
  const only =
    action.what === "chain"
      ? { chain: action.name as string }
      : action.what === "set" || action.what === "map"
        ? { set: action.name as string }
        : undefined;
  if (only?.chain !== undefined && !table.chains.some((chain) => chain.name === only.chain))
    return { out: "", error: "No such file or directory" };
  if (only?.set !== undefined && !table.sets.some((set) => set.name === only.set))
    return { out: "", error: "No such file or directory" };
  if (flags.json) return { out: `${nftJson({ nftables: [NFT_METAINFO, ...tableObjects(table, only)] })}\n` };
  return { out: tableText(table, flags.handles, only) };
}

/**
 * `nft [-j] [-a] [-c] -f FILE|-` and `nft [-j] [-a] COMMAND…`: scripts are
 * parsed and applied all-or-nothing (a netlink batch) to the simulated
 * ruleset; `list ruleset|table|chain|set` print it as nft 1.0.6 does, in
 * text or libnftables JSON. Statements outside the modelled subset fail with exit 127.
 */
export const nftCommand: CommandHandler = async (context) => {
  const args = context.argv.slice(1);
  const flags: NftFlags = { json: false, handles: false, check: false };
  let index = 0;
  for (; index < args.length; index += 1) {
    const arg = args[index] as string;
    if (!arg.startsWith("-") || arg === "-") break;
    if (arg === "-j" || arg === "--json") flags.json = true;
    else if (arg === "-a" || arg === "--handle") flags.handles = true;
    else if (arg === "-c" || arg === "--check") flags.check = true;
    else if (arg === "-f" || arg === "--file") {
      flags.file = args[index + 1] ?? "";
      index += 1;
    } else if (
      arg === "-n" ||
      arg === "--numeric" ||
      arg === "-s" ||
      arg === "--stateless" ||
      arg === "-e" ||
      arg === "--echo"
    ) {
      // accepted; output unchanged
    } else if (arg === "-v" || arg === "--version") {
      await emit(context.io.stdout, "nftables v1.0.6 (Lester Gooch #5)\n");
      return { exitCode: 0 };
    } else {
      await emit(context.io.stderr, `sim-host: nft ${arg}: not simulated\n`);
      return { exitCode: 127 };
    }
  }
  let text: string;
  let source: string | undefined;
  if (flags.file !== undefined) {
    if (flags.json) {
      await emit(context.io.stderr, "sim-host: nft -j -f (JSON input): not simulated\n");
      return { exitCode: 127 };
    }
    source = flags.file === "-" ? "/dev/stdin" : flags.file;
    if (flags.file === "-") text = (await readAll(context.io.stdin)).toString("utf8");
    else {
      const state = await context.env.store.read();
      try {
        text = await readFile(
          context.env.paths.resolve(
            flags.file,
            context.cwd,
            state.host.volumeGroups.map((vg) => vg.name),
          ).hostPath,
          "utf8",
        );
      } catch {
        await emit(
          context.io.stderr,
          `Error: Could not process rule: No such file or directory\n${flags.file}\n`,
        );
        return { exitCode: 1 };
      }
    }
    context.journal.input = text.slice(0, 65536);
  } else {
    text = args.slice(index).join(" ");
    if (text.trim() === "") {
      await emit(context.io.stderr, "sim-host: nft without a command (interactive mode): not simulated\n");
      return { exitCode: 127 };
    }
  }
  let actions: NftAction[];
  try {
    actions = parseNftScript(text);
  } catch (error) {
    if (!(error instanceof NftSyntaxError)) throw error;
    if (error.notSimulated) {
      await emit(context.io.stderr, `${error.message}\n`);
      return { exitCode: 127 };
    }
    await emit(context.io.stderr, errorReport(source, text, error.token, error.message));
    return { exitCode: 1 };
  }
  const changes = actions.filter((action) => action.op !== "list");
  let output = "";
  let stderr = "";
  let exitCode = 0;
  const apply = (state: NftState): NftState | undefined => {
    try {
      return applyNftActions(state, changes);
    } catch (error) {
      if (!(error instanceof NftApplyError)) throw error;
      stderr += errorReport(source, text, error.token, error.message);
      exitCode = 1;
      return undefined;
    }
  };
  let finalState: NftState;
  if (changes.length === 0) {
    finalState = (await context.env.store.read()).nft;
  } else if (flags.check) {
    finalState = (await context.env.store.read()).nft;
    apply(finalState);
  } else {
    finalState = await context.env.store.update((state) => {
      const next = apply(state.nft);
      if (next !== undefined) state.nft = next;
      return state.nft;
    });
  }
  if (exitCode === 0) {
    for (const action of actions) {
      if (action.op !== "list") continue;
      const listed = listOutput(finalState, action, flags);
      if (listed.error !== undefined) {
        stderr += errorReport(source, text, action.token, `Could not process rule: ${listed.error}`);
        exitCode = 1;
        break;
      }
      output += listed.out;
    }
  }
  await emit(context.io.stdout, output);
  await emit(context.io.stderr, stderr);
  return { exitCode };
};
