import { emit } from "../exec/io.js";
import type { CommandHandler } from "../exec/types.js";
import { parseLvName } from "../fs/lv-path.js";
import type { SimLogicalVolume, SimState } from "../state/model.js";
import { isLvOpen, lvAttr } from "./lv-attr.js";
import { displayLvmSize } from "./lvm-size.js";
import { formatReport, lvmPercent, type ReportField } from "./lvm-report.js";
import { parseReportArgs, selectFields, sortRows } from "./report-command.js";

interface LvRow {
  readonly state: SimState;
  readonly lv: SimLogicalVolume;
  readonly unit: string;
  readonly suffix: boolean;
}

const mapperName = (lv: SimLogicalVolume): string =>
  `${lv.vg.replaceAll("-", "--")}-${lv.name.replaceAll("-", "--")}`;
const percent = (row: LvRow): string =>
  row.lv.snapshot === undefined
    ? ""
    : lvmPercent(row.lv.snapshot.invalid ? 100 : row.lv.snapshot.fillPercent);

/** The lvs fields the simulator reports (heading, minimum width and alignment as in LVM's columns.h). */
export const LV_FIELDS: readonly ReportField<LvRow>[] = [
  { id: "lv_uuid", heading: "LV UUID", width: 38, align: "left", value: ({ lv }) => lv.uuid },
  { id: "lv_name", heading: "LV", width: 4, align: "left", value: ({ lv }) => lv.name },
  { id: "lv_full_name", heading: "LV", width: 4, align: "left", value: ({ lv }) => `${lv.vg}/${lv.name}` },
  { id: "lv_path", heading: "Path", width: 0, align: "left", value: ({ lv }) => `/dev/${lv.vg}/${lv.name}` },
  {
    id: "lv_dm_path",
    heading: "DMPath",
    width: 0,
    align: "left",
    value: ({ lv }) => `/dev/mapper/${mapperName(lv)}`,
  },
  { id: "vg_name", heading: "VG", width: 0, align: "left", value: ({ lv }) => lv.vg },
  { id: "lv_attr", heading: "Attr", width: 0, align: "left", value: ({ state, lv }) => lvAttr(state, lv) },
  { id: "lv_active", heading: "Active", width: 0, align: "left", value: () => "active" },
  {
    id: "lv_device_open",
    heading: "DevOpen",
    width: 10,
    align: "left",
    value: ({ state, lv }) => (isLvOpen(state, lv) ? "open" : ""),
  },
  {
    id: "lv_snapshot_invalid",
    heading: "SnapInvalid",
    width: 15,
    align: "left",
    value: ({ lv }) => (lv.snapshot?.invalid === true ? "snapshot invalid" : ""),
  },
  {
    id: "lv_size",
    heading: "LSize",
    width: 0,
    align: "right",
    value: ({ lv, unit, suffix }) => displayLvmSize(lv.sizeBytes, unit, suffix),
  },
  { id: "seg_count", heading: "#Seg", width: 0, align: "right", value: () => "1" },
  { id: "origin", heading: "Origin", width: 0, align: "left", value: ({ lv }) => lv.origin ?? "" },
  {
    id: "origin_size",
    heading: "OSize",
    width: 0,
    align: "right",
    value: ({ state, lv, unit, suffix }) => {
      const origin = state.logicalVolumes.find((other) => other.vg === lv.vg && other.name === lv.origin);
      return origin === undefined ? "" : displayLvmSize(origin.sizeBytes, unit, suffix);
    },
  },
  { id: "pool_lv", heading: "Pool", width: 0, align: "left", value: () => "" },
  { id: "data_percent", heading: "Data%", width: 6, align: "right", value: percent },
  { id: "snap_percent", heading: "Snap%", width: 6, align: "right", value: percent },
  { id: "metadata_percent", heading: "Meta%", width: 6, align: "right", value: () => "" },
  { id: "move_pv", heading: "Move", width: 0, align: "left", value: () => "" },
  { id: "mirror_log", heading: "Log", width: 0, align: "left", value: () => "" },
  { id: "copy_percent", heading: "Cpy%Sync", width: 0, align: "right", value: () => "" },
  { id: "sync_percent", heading: "Cpy%Sync", width: 0, align: "right", value: () => "" },
  { id: "convert_lv", heading: "Convert", width: 0, align: "left", value: () => "" },
  { id: "lv_tags", heading: "LV Tags", width: 0, align: "left", value: () => "" },
  {
    id: "lv_time",
    heading: "CTime",
    width: 26,
    align: "left",
    value: ({ lv }) =>
      new Date(lv.createdAt)
        .toISOString()
        .replace("T", " ")
        .replace(/\.\d+Z$/, " +0000"),
  },
];

const DEFAULT_FIELDS = [
  "lv_name",
  "vg_name",
  "lv_attr",
  "lv_size",
  "pool_lv",
  "origin",
  "data_percent",
  "metadata_percent",
  "move_pv",
  "mirror_log",
  "copy_percent",
  "convert_lv",
];

/** `lvs [-o FIELDS] [--noheadings] [--units U] [--nosuffix] [--separator S] [--reportformat json] [VG|VG/LV|/dev/VG/LV …]`. */
export const lvsCommand: CommandHandler = async (context) => {
  const request = parseReportArgs(context.argv.slice(1), DEFAULT_FIELDS, "lv");
  if ("stderr" in request) {
    await emit(context.io.stderr, request.stderr);
    return { exitCode: request.exitCode };
  }
  const selected = selectFields(LV_FIELDS, request.fieldIds);
  if ("unknown" in selected) {
    await emit(context.io.stderr, `  Unrecognised field: ${selected.unknown}\n`);
    return { exitCode: 5 };
  }
  const state = await context.env.store.read();
  const vgs = state.host.volumeGroups.map((vg) => vg.name);
  let lvs = state.logicalVolumes;
  let stderr = "";
  let exitCode = 0;
  if (request.parsed.operands.length > 0) {
    const chosen: SimLogicalVolume[] = [];
    for (const operand of request.parsed.operands) {
      const trimmed = operand.replace(/\/+$/, "");
      if (vgs.includes(trimmed)) {
        chosen.push(...state.logicalVolumes.filter((lv) => lv.vg === trimmed));
        continue;
      }
      const ref = parseLvName(trimmed, vgs);
      if (ref === undefined) {
        const vg = trimmed.replace(/^\/dev\//, "").split("/")[0] ?? trimmed;
        stderr += `  Volume group "${vg}" not found\n  Cannot process volume group ${vg}\n`;
        exitCode = 5;
        continue;
      }
      const lv = state.logicalVolumes.find((each) => each.vg === ref.vg && each.name === ref.name);
      if (lv === undefined) {
        stderr += `  Failed to find logical volume "${ref.vg}/${ref.name}"\n`;
        exitCode = 5;
        continue;
      }
      chosen.push(lv);
    }
    lvs = chosen;
  }
  const rows: LvRow[] = lvs.map((lv) => ({ state, lv, unit: request.unit, suffix: request.suffix }));
  const sorted = sortRows(rows, LV_FIELDS, request.sortKeys ?? ["vg_name", "lv_name"]);
  await emit(context.io.stdout, formatReport(selected.fields, sorted, request.options));
  await emit(context.io.stderr, stderr);
  return { exitCode };
};
