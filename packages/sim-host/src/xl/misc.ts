import { allDomains, findDomain, type DomainView } from "./domain-view.js";
import { left, right } from "./printf.js";
import type { XlSubcommand } from "./xl-run.js";

/** `xl domid NAME`. */
export const xlDomid: XlSubcommand = async (run) => {
  const parsed = run.options("", {}, 1);
  if (typeof parsed === "number") return parsed;
  const name = parsed.operands[0] as string;
  const view = allDomains(await run.read(), run.now).find((each) => each.name === name);
  if (view === undefined) {
    run.err += `Can't get domid of domain name '${name}', maybe this domain does not exist.\n`;
    return 1;
  }
  run.out += `${String(view.domid)}\n`;
  return 0;
};

/** `xl domname DOMID`. */
export const xlDomname: XlSubcommand = async (run) => {
  const parsed = run.options("", {}, 1);
  if (typeof parsed === "number") return parsed;
  const text = parsed.operands[0] as string;
  const match = /^\s*(\d+)/.exec(text);
  if (match === null) {
    run.err += "Invalid domain id.\n\n";
    return 1;
  }
  const domid = Number(match[1]);
  const view = allDomains(await run.read(), run.now).find((each) => each.domid === domid);
  if (view === undefined) {
    run.err += `Can't get domain name of domain id '${String(domid)}', maybe this domain does not exist.\n`;
    return 1;
  }
  run.out += `${view.name}\n`;
  return 0;
};

function uptimeText(seconds: number, short: boolean): string {
  const day = Math.floor(seconds / 86400);
  const hour = Math.floor((seconds % 86400) / 3600);
  const min = Math.floor((seconds % 3600) / 60);
  const sec = Math.floor(seconds % 60);
  const two = (value: number): string => String(value).padStart(2, "0");
  const prefix = day > 1 ? `${String(day)} days, ` : day === 1 ? `${String(day)} day, ` : "";
  return short
    ? `${prefix}${right(hour, 2)}:${two(min)}`
    : `${prefix}${right(hour, 2)}:${two(min)}:${two(sec)}`;
}

/** `xl uptime [-s] [Domain …]`. */
export const xlUptime: XlSubcommand = async (run) => {
  const parsed = run.options("s", {}, 0);
  if (typeof parsed === "number") return parsed;
  const short = parsed.options.some((option) => option.name === "s");
  const state = await run.read();
  let views: DomainView[] = allDomains(state, run.now);
  if (parsed.operands.length > 0) {
    views = [];
    for (const qualifier of parsed.operands) {
      const found = findDomain(state, qualifier, run.now);
      if (!found.ok) {
        run.err += found.stderr;
        return 1;
      }
      if (found.view !== undefined) views.push(found.view);
    }
  }
  if (!short) run.out += `${left("Name", 33)} ${right("ID", 4)} Uptime\n`;
  const clock = new Date(run.now).toTimeString().slice(0, 8);
  for (const view of views) {
    const seconds = Math.max(0, run.now - view.startedAt) / 1000;
    run.out += short
      ? ` ${clock} up ${uptimeText(seconds, true)}, ${view.name} (${String(view.domid)})\n`
      : `${left(view.name, 33)} ${right(view.domid, 4)} ${uptimeText(seconds, false)}\n`;
  }
  return 0;
};

/** `xl vm-list`: guests only, with UUIDs. */
export const xlVmList: XlSubcommand = async (run) => {
  const parsed = run.options("", {}, 0);
  if (typeof parsed === "number") return parsed;
  const state = await run.read();
  run.out += "UUID                                  ID    name\n";
  for (const view of allDomains(state, run.now)) {
    if (view.domid === 0) continue;
    run.out += `${view.uuid}  ${String(view.domid)}    ${left(view.name, 30)}\n`;
  }
  return 0;
};
