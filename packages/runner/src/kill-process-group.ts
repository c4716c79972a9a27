function signalGroup(pid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false; // ESRCH: the group is already gone
  }
}

/**
 * Ends a process group started with `detached: true` (its id is the leader's
 * pid): SIGTERM to every member now, SIGKILL to whatever is left after `graceMs`.
 */
export function killProcessGroup(pid: number, graceMs: number): void {
  if (!signalGroup(pid, "SIGTERM")) return;
  const timer = setTimeout(() => {
    if (signalGroup(pid, 0)) signalGroup(pid, "SIGKILL");
  }, graceMs);
  timer.unref();
}
