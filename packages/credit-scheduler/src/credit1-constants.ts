/** Credit1's clock and currency, from Xen's `sched_credit.c`. */

/** Credits a vcpu burns per millisecond it runs (`CSCHED_CREDITS_PER_MSEC`). */
export const CREDITS_PER_MS = 10;
/** Default timeslice and accounting period, ms (`CSCHED_DEFAULT_TSLICE_MS`). */
export const DEFAULT_TSLICE_MS = 30;
/** Ticks per timeslice (`CSCHED_TICKS_PER_TSLICE`): 30 ms → a tick every 10 ms. */
export const TICKS_PER_TSLICE = 3;
/** Priority of a vcpu just woken from sleep with credit left (`CSCHED_PRI_TS_BOOST`). */
export const BOOST = 0;
/** Priority of a vcpu with credit left (`CSCHED_PRI_TS_UNDER`). */
export const UNDER = -1;
/** Priority of a vcpu that has spent its credit (`CSCHED_PRI_TS_OVER`). */
export const OVER = -2;
