export type { BootEntry, BootMenu, BootModule } from "./boot-entry.js";
export { formatBootFile, formatGrub2BootFile, parseBootFile, type BootFile } from "./boot-file.js";
export {
  formatGrub2Device,
  formatGrubDevice,
  parseGrubDevice,
  pygrubDevice,
  type GrubDevice,
  type PygrubDeviceResult,
} from "./grub-device.js";
export { defineBootEntry, defineBootMenu } from "./define-menu.js";
export {
  bootEntryInputSchema,
  bootMenuInputSchema,
  type BootEntryInput,
  type BootMenuInput,
} from "./menu-input.js";
export { validateBootMenu } from "./validate-menu.js";
export { MAX_KERNEL_ARGS_BYTES, unsafeTextReason, type MenuFormat, type MenuTextKind } from "./menu-text.js";
export {
  DefaultEntryOutOfRangeError,
  DiskLayoutError,
  formatLocation,
  GrubMenuError,
  GrubMenuSyntaxError,
  InvalidMenuInputError,
  PvGrubArchMismatchError,
  PygrubUnavailableError,
  RelativeBootPathError,
  UnsafeMenuTextError,
  UnsupportedMenuFeatureError,
  type DiskLayoutProblem,
  type InputIssue,
  type ProblemLocation,
} from "./errors.js";
export type { MenuDiagnostic, MenuDiagnosticCode, ParsedBootEntry, ParsedMenu } from "./parsed-menu.js";
export {
  renderMenuLstDocument,
  type MenuLstDocument,
  type MenuLstLine,
  type MenuLstLineKind,
} from "./menu-lst-document.js";
export { parseMenuLst, type ParseMenuOptions } from "./parse-menu-lst.js";
export { parseGrubCfg, type GrubCfgDocument } from "./parse-grub-cfg.js";
export { renderMenuLst } from "./render-menu-lst.js";
export { renderGrubCfg } from "./render-grub-cfg.js";
export type { RenderMenuOptions } from "./render-common.js";
export { pygrubBootChoice, type PygrubBoot } from "./pygrub-boot-choice.js";
export {
  pygrubConfigPath,
  readMenusWithPygrub,
  type PygrubLocation,
  type PygrubReading,
  type PygrubRequest,
} from "./read-with-pygrub.js";
export { PYGRUB_HARNESS_SOURCE } from "./pygrub-harness-source.js";
export {
  insertMenuLstEntry,
  removeMenuLstEntry,
  replaceMenuLstEntry,
  setMenuLstDefault,
  setMenuLstTimeout,
  updateMenuLst,
} from "./edit-menu-lst.js";
export {
  checkMenuBytes,
  checkMenuText,
  guessMenuFormat,
  PYGRUB_READ_LIMIT,
  type CheckMenuOptions,
  type MenuCheckEntry,
  type MenuCheckReport,
} from "./check-menu.js";
export { formatMenuCheck } from "./format-menu-check.js";
export { PYGRUB_CONFIG_PATHS, pygrubFormatAt } from "./pygrub-config-paths.js";
export { nextFreeVdev, xenVdevNumber } from "./xen-vdev.js";
export { domainDiskInputSchema, toDomainDisk, type DomainDisk, type DomainDiskInput } from "./domain-disk.js";
export { pvGrubDiskOrder, pygrubDiskOrder, type NumberedDisk } from "./pv-grub-disk-order.js";
export {
  checkPvGrubDisks,
  checkPygrubDisks,
  diskDevice,
  type BootDiskRoles,
  type BootLoader,
  type DiskReference,
} from "./check-boot-disks.js";
export {
  assertPvGrubArch,
  defaultPvGrubKernel,
  guestArch,
  pvGrubImageArch,
  type GuestArch,
} from "./pv-grub-arch.js";
export { renderXlBootFields, xlDiskSpec, type XlBootFields } from "./xl-boot-fields.js";
export type { BootLayout, MenuFile, MenuFileRole } from "./boot-layout.js";
export {
  checkRescueLabel,
  pygrubLayout,
  pygrubLayoutInputSchema,
  type PygrubLayoutInput,
} from "./layout-pygrub.js";
export { pvGrubLayout, pvGrubLayoutInputSchema, type PvGrubLayoutInput } from "./layout-pv-grub.js";
export { checkPvGrubConfig, type PvGrubConfigFields, type PvGrubMenuSource } from "./check-pv-grub-config.js";
export { disksFromXlConfig } from "./xl-config-disks.js";
