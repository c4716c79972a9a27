/** Directories every Debian 12 dom0 has, beyond what the simulator itself uses. */
export const BASE_DIRECTORIES = [
  "home",
  "usr/bin",
  "usr/sbin",
  "usr/lib",
  "usr/local/bin",
  "usr/local/lib",
  "usr/local/sbin",
  "etc/ssh/sshd_config.d",
  "etc/sudoers.d",
  "run",
];

/** Debian 12's `/etc/sudoers` (sudo 1.9.13), comments left out: mode 0440. */
export const DEBIAN_SUDOERS = `Defaults\tenv_reset
Defaults\tmail_badpass
Defaults\tsecure_path="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
Defaults\tuse_pty

root\tALL=(ALL:ALL) ALL
%sudo\tALL=(ALL:ALL) ALL

@includedir /etc/sudoers.d
`;

/** Debian 12's `/etc/ssh/sshd_config` (OpenSSH 9.2), comments left out: mode 0644. */
export const DEBIAN_SSHD_CONFIG = `Include /etc/ssh/sshd_config.d/*.conf
KbdInteractiveAuthentication no
UsePAM yes
X11Forwarding yes
PrintMotd no
AcceptEnv LANG LC_*
Subsystem\tsftp\t/usr/lib/openssh/sftp-server
`;
