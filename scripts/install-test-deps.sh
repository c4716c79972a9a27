#!/usr/bin/env bash
# Installs the real programs dom0kit's integration tests check generated output
# against (Debian 12 "bookworm"): tc/ip, nft, iptables, iperf3, sshd, visudo,
# losetup, ionice, compressors, Xen's libxlutil (config parser) and pygrub's
# parser. Needs root (or sudo). No Xen hypervisor is needed or installed.
set -euo pipefail

packages=(
  iproute2 nftables iptables iperf3 kmod procps
  openssh-server openssh-client openssh-sftp-server xauth sudo zsh
  util-linux coreutils gzip pigz zstd
  gcc libc6-dev libxenmisc4.17 libxen-dev xen-utils-4.17 python3 perl
)

as_root=()
if [ "$(id -u)" -ne 0 ]; then as_root=(sudo); fi

export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update
"${as_root[@]}" apt-get install -y --no-install-recommends "${packages[@]}"
