import { hasOption } from "../exec/getopt.js";
import type { SimDomain, SimState } from "../state/model.js";
import { accountCpu, findDomain } from "./domain-view.js";
import { destroyDomain, guestShutdown } from "./lifecycle.js";
import { libxlError, type XlRun, type XlSubcommand } from "./xl-run.js";

function guest(state: SimState, domid: number): SimDomain | undefined {
  return state.domains.find((domain) => domain.domid === domid);
}

/** `xl destroy [-f] Domain`. */
export const xlDestroy: XlSubcommand = async (run) => {
  const parsed = run.options("f", {}, 1);
  if (typeof parsed === "number") return parsed;
  return run.update((state) => {
    const found = findDomain(state, parsed.operands[0] ?? "", run.now);
    if (!found.ok) {
      run.err += found.stderr;
      return 1;
    }
    if (found.domid === 0 && !hasOption(parsed, "f")) {
      run.err +=
        "Not destroying domain 0; use -f to force.\nThis can only be done when using a disaggregated hardware domain and toolstack.\n\n";
      return 1;
    }
    if (guest(state, found.domid) === undefined) {
      run.err += libxlError(
        { file: "libxl_domain.c", line: 1183, func: "libxl__destroy_domid" },
        found.domid,
        "Non-existant domain",
      );
      run.err += libxlError(
        { file: "libxl_domain.c", line: 1137, func: "domain_destroy_callback" },
        found.domid,
        "Unable to destroy guest",
      );
      run.err += libxlError(
        { file: "libxl_domain.c", line: 1064, func: "domain_destroy_cb" },
        found.domid,
        "Destruction of domain failed",
      );
      run.err += "destroy failed (rc=-21)\n";
      return 1;
    }
    destroyDomain(state, found.domid);
    return 0;
  });
};

function shutdownOrReboot(reboot: boolean): XlSubcommand {
  return async (run) => {
    const parsed = run.options("awF", { all: [false, "a"], wait: [false, "w"] }, 0);
    if (typeof parsed === "number") return parsed;
    const all = hasOption(parsed, "a");
    const [qualifier] = parsed.operands;
    if (qualifier === undefined && !all) {
      run.err += "You must specify -a or a domain id.\n\n";
      return 1;
    }
    const wait = hasOption(parsed, "w");
    return run.update((state) => {
      let targets: number[];
      if (all) {
        targets = state.domains.map((domain) => domain.domid).sort((a, b) => a - b);
      } else {
        const found = findDomain(state, qualifier as string, run.now);
        if (!found.ok) {
          run.err += found.stderr;
          return 1;
        }
        targets = [found.domid];
      }
      if (wait) run.err += `Waiting for ${String(targets.length)} domains\n`;
      for (const domid of targets) {
        run.err += `${reboot ? "Rebooting" : "Shutting down"} domain ${String(domid)}\n`;
        const domain = guest(state, domid);
        if (domain === undefined || domid === 0) {
          run.err += libxlError(
            {
              file: "libxl_domain.c",
              line: 1637,
              func: reboot ? "libxl_domain_reboot" : "libxl_domain_shutdown",
            },
            domid,
            "Non-existant domain",
          );
          run.err += `${reboot ? "reboot" : "shutdown"} failed (rc=-6)\n`;
          return 1;
        }
        if (domain.state === "shutdown" || domain.state === "crashed") continue;
        if (domain.state === "paused") {
          domain.pendingShutdown = reboot ? "reboot" : "poweroff";
          continue;
        }
        const after = guestShutdown(state, domain, reboot ? "reboot" : "poweroff", run.now);
        if (wait) {
          run.err +=
            after === undefined || after.domid !== domid
              ? `Domain ${String(domid)} has been destroyed\n`
              : `Domain ${String(domid)} has been shut down, reason code ${reboot ? "1" : "0"}\n`;
        }
      }
      return 0;
    });
  };
}

/** `xl shutdown [-a] [-w] [-F] Domain`: the guest powers off; its on_poweroff action applies (default destroy). */
export const xlShutdown = shutdownOrReboot(false);
/** `xl reboot [-a] [-w] [-F] Domain`: the guest reboots; on_reboot (default restart) gives it a new domid. */
export const xlReboot = shutdownOrReboot(true);

function pauseOrUnpause(pause: boolean): XlSubcommand {
  return async (run: XlRun) => {
    const parsed = run.options("", {}, 1);
    if (typeof parsed === "number") return parsed;
    return run.update((state) => {
      const found = findDomain(state, parsed.operands[0] ?? "", run.now);
      if (!found.ok) {
        run.err += found.stderr;
        return 1;
      }
      const domain = guest(state, found.domid);
      if (domain === undefined) {
        // libxl fails but xl's main_pause/main_unpause ignore the result.
        run.err += libxlError(
          {
            file: "libxl_domain.c",
            line: pause ? 629 : 675,
            func: pause ? "libxl_domain_pause" : "libxl_domain_unpause",
          },
          found.domid,
          `${pause ? "Pausing" : "Unpausing"} domain: No such process`,
        );
        return 0;
      }
      if (domain.state === "shutdown" || domain.state === "crashed") return 0;
      accountCpu(domain, run.now);
      if (pause) {
        domain.state = "paused";
        return 0;
      }
      domain.state = "running";
      const pending = domain.pendingShutdown;
      if (pending !== undefined) {
        delete domain.pendingShutdown;
        guestShutdown(state, domain, pending, run.now);
      }
      return 0;
    });
  };
}

/** `xl pause Domain`. */
export const xlPause = pauseOrUnpause(true);
/** `xl unpause Domain` (a shutdown requested while paused happens now). */
export const xlUnpause = pauseOrUnpause(false);
