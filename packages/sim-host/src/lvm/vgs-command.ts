import { emit } from "../exec/io.js";
import type { CommandHandler } from "../exec/types.js";
import type { SimState, SimVolumeGroup } from "../state/model.js";
import { displayLvmSize } from "./lvm-size.js";
import { formatReport, type ReportField } from "./lvm-report.js";
import { parseReportArgs, selectFields, sortRows } from "./report-command.js";

interface VgRow {
  readonly state: SimState;
  readonly vg: SimVolumeGroup;
  readonly unit: string;
  readonly suffix: boolean;
}

/** Bytes of a VG not allocated to any LV (snapshots use their COW size). */
export function vgFreeBytes(state: SimState, vg: string): number {
  const group = state.host.volumeGroups.find((each) => each.name === vg);
  if (group === undefined) return 0;
  const used = state.logicalVolumes.filter((lv) => lv.vg === vg).reduce((sum, lv) => sum + lv.sizeBytes, 0);
  return group.sizeBytes - used;
}

const VG_FIELDS: readonly ReportField<VgRow>[] = [
  { id: "vg_name", heading: "VG", width: 0, align: "left", value: ({ vg }) => vg.name },
  { id: "pv_count", heading: "#PV", width: 0, align: "right", value: () => "1" },
  {
    id: "lv_count",
    heading: "#LV",
    width: 0,
    align: "right",
    value: ({ state, vg }) => String(state.logicalVolumes.filter((lv) => lv.vg === vg.name).length),
  },
  {
    id: "snap_count",
    heading: "#SN",
    width: 0,
    align: "right",
    value: ({ state, vg }) =>
      String(state.logicalVolumes.filter((lv) => lv.vg === vg.name && lv.snapshot !== undefined).length),
  },
  { id: "vg_attr", heading: "Attr", width: 5, align: "left", value: () => "wz--n-" },
  {
    id: "vg_size",
    heading: "VSize",
    width: 0,
    align: "right",
    value: ({ vg, unit, suffix }) => displayLvmSize(vg.sizeBytes, unit, suffix),
  },
  {
    id: "vg_free",
    heading: "VFree",
    width: 0,
    align: "right",
    value: ({ state, vg, unit, suffix }) => displayLvmSize(vgFreeBytes(state, vg.name), unit, suffix),
  },
  {
    id: "vg_extent_size",
    heading: "Ext",
    width: 0,
    align: "right",
    value: ({ vg, unit, suffix }) => displayLvmSize(vg.extentBytes, unit, suffix),
  },
  {
    id: "vg_extent_count",
    heading: "#Ext",
    width: 0,
    align: "right",
    value: ({ vg }) => String(vg.sizeBytes / vg.extentBytes),
  },
  {
    id: "vg_free_count",
    heading: "Free",
    width: 0,
    align: "right",
    value: ({ state, vg }) => String(Math.floor(vgFreeBytes(state, vg.name) / vg.extentBytes)),
  },
];

const DEFAULT_FIELDS = ["vg_name", "pv_count", "lv_count", "snap_count", "vg_attr", "vg_size", "vg_free"];

/** `vgs [-o FIELDS] [--units U] … [VG …]`. */
export const vgsCommand: CommandHandler = async (context) => {
  const request = parseReportArgs(context.argv.slice(1), DEFAULT_FIELDS, "vg");
  if ("stderr" in request) {
    await emit(context.io.stderr, request.stderr);
    return { exitCode: request.exitCode };
  }
  const selected = selectFields(VG_FIELDS, request.fieldIds);
  if ("unknown" in selected) {
    await emit(context.io.stderr, `  Unrecognised field: ${selected.unknown}\n`);
    return { exitCode: 5 };
  }
  const state = await context.env.store.read();
  let groups = state.host.volumeGroups;
  let stderr = "";
  if (request.parsed.operands.length > 0) {
    const wanted = request.parsed.operands;
    for (const name of wanted) {
      if (!groups.some((vg) => vg.name === name))
        stderr += `  Volume group "${name}" not found\n  Cannot process volume group ${name}\n`;
    }
    groups = groups.filter((vg) => wanted.includes(vg.name));
  }
  const rows = sortRows(
    groups.map((vg) => ({ state, vg, unit: request.unit, suffix: request.suffix })),
    VG_FIELDS,
    request.sortKeys ?? ["vg_name"],
  );
  await emit(context.io.stdout, formatReport(selected.fields, rows, request.options));
  await emit(context.io.stderr, stderr);
  return { exitCode: stderr === "" ? 0 : 5 };
};
