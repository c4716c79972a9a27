import type { Readable, Writable } from "node:stream";
import type { ReadStream } from "node:tty";
import { emit } from "../exec/io.js";
import { findDomain } from "./domain-view.js";
import type { XlRun, XlSubcommand } from "./xl-run.js";

/** Ctrl-], the key that ends an `xl console` session. */
const ESCAPE = 0x1d;

/**
 * Attaches to a domain's console: prints what the guest has written so far,
 * then echoes what is typed (and keeps it in the console log) until Ctrl-]
 * or the end of input.
 */
export async function attachConsole(run: XlRun, domid: number): Promise<number> {
  const { io } = run.context;
  await emit(io.stdout, run.out);
  await emit(io.stderr, run.err);
  run.out = "";
  run.err = "";
  const state = await run.read();
  const domain = state.domains.find((each) => each.domid === domid);
  await emit(io.stdout, domain?.consoleLog ?? "");
  const input = io.stdin;
  if (input === null) return 0;
  const tty = io.terminal === true && "setRawMode" in input ? (input as ReadStream) : undefined;
  tty?.setRawMode(true);
  let typed = "";
  try {
    typed = await echoUntilEscape(input, io.stdout);
  } finally {
    tty?.setRawMode(false);
    tty?.pause();
  }
  if (typed !== "" && domain !== undefined) {
    await run.update((current) => {
      const live = current.domains.find((each) => each.domid === domid);
      if (live !== undefined) live.consoleLog += typed;
    });
  }
  return 0;
}

/** Echoes typed bytes until Ctrl-] or the end of input; returns what was typed. */
async function echoUntilEscape(input: Readable, output: Writable): Promise<string> {
  let typed = "";
  outer: for await (const chunk of input) {
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    for (const byte of bytes) {
      if (byte === ESCAPE) break outer;
      const text = byte === 0x0d ? "\r\n" : String.fromCharCode(byte);
      typed += text;
      await emit(output, text);
    }
  }
  return typed;
}

/** `xl console [-t pv|serial|vuart] [-n N] Domain`. */
export const xlConsole: XlSubcommand = async (run) => {
  const parsed = run.options("n:t:", {}, 1);
  if (typeof parsed === "number") return parsed;
  const type = parsed.options.find((option) => option.name === "t")?.value;
  if (type !== undefined && !["pv", "serial", "vuart"].includes(type)) {
    run.err += "console type supported are: pv, serial, vuart\n";
    return 1;
  }
  const state = await run.read();
  const found = findDomain(state, parsed.operands[0] ?? "", run.now);
  if (!found.ok) {
    run.err += found.stderr;
    return 1;
  }
  if (found.view === undefined) {
    run.err += "Unable to attach console\n";
    return 1;
  }
  return attachConsole(run, found.domid);
};
