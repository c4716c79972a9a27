import { hasOption } from "../exec/getopt.js";
import { allDomains, findDomain, type DomainView } from "./domain-view.js";
import { libxlConfigJson } from "./libxl-config-json.js";
import { fixed1, left, right } from "./printf.js";
import type { XlSubcommand } from "./xl-run.js";
import { yajlBeautify, type Json } from "./yajl-json.js";

/** The `xl list` header (tabs as in xl_info.c). */
export const XL_LIST_HEADER = "Name                                        ID   Mem VCPUs\tState\tTime(s)";

/** One `xl list` row: `%-40s %5d %5lu %5d     %c%c%c%c%c%c  %8.1f`. */
export function xlListRow(view: DomainView): string {
  return `${left(view.name, 40)} ${right(view.domid, 5)} ${right(view.memoryMiB, 5)} ${right(view.onlineVcpus, 5)}     ${view.stateLetters}  ${fixed1(view.cpuSeconds, 8)}`;
}

/** `xl list [-l] [-v] [Domain]`. */
export const xlList: XlSubcommand = async (run) => {
  const parsed = run.options(
    "lvZcn",
    {
      long: [false, "l"],
      verbose: [false, "v"],
      context: [false, "Z"],
      cpupool: [false, "c"],
      numa: [false, "n"],
    },
    0,
  );
  if (typeof parsed === "number") return parsed;
  if (parsed.operands.length > 1) {
    run.out += run.help();
    return 1;
  }
  const state = await run.read();
  let views: DomainView[];
  const [qualifier] = parsed.operands;
  if (qualifier === undefined) {
    views = allDomains(state, run.now);
  } else {
    const found = findDomain(state, qualifier, run.now);
    if (!found.ok) {
      run.err += found.stderr;
      return 1;
    }
    if (found.view === undefined) {
      run.err += `Error: Domain '${qualifier}' does not exist.\n`;
      return 1;
    }
    views = [found.view];
  }
  if (hasOption(parsed, "l")) {
    const entries: Json[] = views.flatMap((view) =>
      view.domain === undefined
        ? []
        : [{ domid: view.domid, config: libxlConfigJson(view.domain, state.host.cpus) }],
    );
    run.out += `${yajlBeautify(entries)}\n\n`;
    return 0;
  }
  const verbose = hasOption(parsed, "v");
  const context = hasOption(parsed, "Z");
  const cpupool = hasOption(parsed, "c");
  let header = XL_LIST_HEADER;
  if (verbose) header += "   UUID                            Reason-Code\tSecurity Label";
  if (context && !verbose) header += "   Security Label";
  if (cpupool) header += "         Cpupool";
  if (hasOption(parsed, "n")) header += " NODE Affinity";
  const lines = [header];
  for (const view of views) {
    let line = xlListRow(view);
    if (verbose) {
      const reason =
        view.domain?.state === "shutdown" || view.domain?.state === "crashed"
          ? { poweroff: 0, reboot: 1, suspend: 2, crash: 3, watchdog: 4 }[
              view.domain.shutdownReason ?? "crash"
            ].toString(16)
          : "-";
      line += ` ${view.uuid} ${right(reason, 8)}`;
    }
    if (verbose || context) line += ` ${right("-", 16)}`;
    if (cpupool) line += right("Pool-0", 16);
    if (hasOption(parsed, "n")) line += " all";
    lines.push(line);
  }
  run.out += `${lines.join("\n")}\n`;
  return 0;
};
