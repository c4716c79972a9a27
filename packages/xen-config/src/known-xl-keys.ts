/**
 * Keys xl 4.17 reads from a domain config (xl.cfg(5), and the keys xl's
 * config parser asks libxlutil for). A key not listed here is ignored by xl —
 * usually a typo, or a name from another toolstack.
 *
 * @example
 * ```ts
 * KNOWN_XL_KEYS.has("cpu_weight"); // true
 * KNOWN_XL_KEYS.has("cpu_cap");    // false: an xm name
 * ```
 */
export const KNOWN_XL_KEYS: ReadonlySet<string> = new Set(
  `
acpi acpi_firmware acpi_laptop_slate acpi_s3 acpi_s4 altp2m altp2mhvm apic bios bios_path_override
boot bootloader bootloader_args builder cap channel cmdline cpu_weight cpuid cpus cpus_soft
device_model_args device_model_args_hvm device_model_args_pv device_model_override
device_model_stubdomain_override device_model_stubdomain_seclabel device_model_user device_model_version
device_tree disk display dm_restrict driver_domain dtdev e820_host event_channels extra extratime
firmware firmware_override gfx_passthru gic_version hap hdtype hpet init_seclabel iomem ioports irqs
kernel keymap latency localtime max_event_channels max_grant_frames max_grant_version max_maptrack_frames
maxmem maxvcpus mca_caps memory mmio_hole ms_vm_genid msr_relaxed name nestedhvm nographic nomigrate nx
on_crash on_poweroff on_reboot on_soft_reset on_watchdog oos opengl p9 pae passthrough pci
pci_msitranslate pci_permissive pci_power_mgmt pci_seize period pool pvcalls pvshim pvshim_cmdline
pvshim_extra pvshim_path ramdisk rdm rdm_mem_boundary root rtc_timeoffset sdl seclabel serial
shadow_memory slice smbios_firmware soundhw spice spice_clipboard_sharing spice_image_compression
spice_streaming_video spiceagent_mouse spicedisable_ticketing spicehost spicepasswd spiceport
spicetls_port spiceusbredirection spicevdagent stdvga stubdomain_cmdline stubdomain_kernel
stubdomain_memory stubdomain_ramdisk tee timer_mode tsc_mode type usb usbctrl usbdev usbdevice
usbversion uuid vcpus vdispl vendor_device vfb vga videoram vif vif2 viridian vkb vkb_device
vmtrace_buf_kb vnc vncconsole vncdisplay vnclisten vncpasswd vncunused vncviewer vnuma vpmu vpt_align
vsnd vtpm vuart xauthority xen_platform_pci xend_suspend_evtchn_compat
`
    .split(/\s+/)
    .filter((key) => key !== ""),
);

/**
 * Names from xm (Python) configs that xl ignores, with what xl calls them.
 *
 * @example
 * ```ts
 * XM_ONLY_KEYS.cpu_cap; // "cap"
 * ```
 */
export const XM_ONLY_KEYS: Readonly<Record<string, string>> = {
  cpu_cap: "cap",
  bootargs: "bootloader_args",
  vcpu_avail: "vcpus (with maxvcpus)",
  cpu: "cpus",
};

/**
 * The known key closest to `key` (edit distance at most 2), for "did you
 * mean" hints.
 *
 * @example
 * ```ts
 * closestKnownKey("memroy"); // "memory"
 * ```
 */
export function closestKnownKey(key: string): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const known of KNOWN_XL_KEYS) {
    if (Math.abs(known.length - key.length) >= bestDistance) continue;
    const distance = editDistance(key, known);
    if (distance < bestDistance) {
      best = known;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a.charAt(i - 1) === b.charAt(j - 1) ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
