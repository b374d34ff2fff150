#!/usr/bin/env bash
# Brings a machine to where `make demo` and `make test` can run: Node 24, the
# npm dependencies, the Debian packages of the referee tools and the lab, a
# Docker-API engine, and the lab's images. Each step checks first and says
# what it does; a second run on a ready machine takes a few seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
CACHE=$ROOT/.cache
NODE_DIR=$CACHE/node
NODE_BIN=$NODE_DIR/node_modules/node/bin
NODE_MAJOR=24

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }
die() { printf '\033[31m[setup] %s\033[0m\n' "$*" >&2; exit 1; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
mkdir -p "$CACHE"

# --- Debian packages ---------------------------------------------------------
# Referee tools judge the generated files; the lab needs an engine, iptables,
# mmdebstrap (image rootfs), a C toolchain (chrony) and a Go toolchain
# (CoreDNS, Butane).
PACKAGES=(
  docker.io iptables nftables mmdebstrap gcc make libc6-dev
  kea-dhcp4-server kea-ctrl-agent kea-admin chrony bind9-utils bind9-dnsutils
  ignition busybox tshark tcpdump faketime isc-dhcp-relay curl ca-certificates
)
missing=()
for p in "${PACKAGES[@]}"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  command -v apt-get >/dev/null || die "missing packages (${missing[*]}) and no apt-get to install them; install them by hand"
  say "installing Debian packages: ${missing[*]}"
  # No daemon may start on the host from a package's install script (Kea,
  # chrony, tftpd would bind the host's ports and steer its clock).
  policy=/usr/sbin/policy-rc.d
  had_policy=0; [ -e "$policy" ] && had_policy=1
  [ $had_policy -eq 1 ] || { printf '#!/bin/sh\nexit 101\n' | as_root tee "$policy" >/dev/null; as_root chmod +x "$policy"; }
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >"$CACHE/apt.log" 2>&1 \
    || { tail -20 "$CACHE/apt.log" >&2; die "apt-get install failed (log: $CACHE/apt.log)"; }
  [ $had_policy -eq 1 ] || as_root rm -f "$policy"
else
  say "Debian packages: all present"
fi
command -v go >/dev/null || die "Go is not installed; install Go 1.22 or newer (it builds CoreDNS and Butane for the lab)"

# --- Node 24 -----------------------------------------------------------------
if [ ! -x "$NODE_BIN/node" ] || [ "$("$NODE_BIN/node" -p 'process.versions.node.split(".")[0]')" != "$NODE_MAJOR" ]; then
  command -v npm >/dev/null || die "npm is needed once to fetch Node $NODE_MAJOR (apt-get install npm)"
  say "installing Node $NODE_MAJOR LTS into .cache/node (the system's $(node --version 2>/dev/null || echo 'none') is too old)"
  rm -rf "$NODE_DIR"
  npm install --silent --no-audit --no-fund --prefix "$NODE_DIR" "node@$NODE_MAJOR" >/dev/null
fi
export PATH=$NODE_BIN:$PATH
say "node $(node --version), npm $(npm --version)"

# --- npm dependencies --------------------------------------------------------
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm dependencies (npm ci)"
  npm ci --silent --no-audit --no-fund
else
  say "npm dependencies: up to date"
fi

# --- Docker-API engine ---------------------------------------------------------
if docker info >/dev/null 2>&1; then
  say "container engine: $(docker info --format '{{.ServerVersion}}' 2>/dev/null) at ${DOCKER_HOST:-/var/run/docker.sock}"
elif [ -n "${DOCKER_HOST:-}" ]; then
  die "DOCKER_HOST=$DOCKER_HOST does not answer; start that engine (for Podman: systemctl start podman.socket) or unset DOCKER_HOST"
else
  command -v dockerd >/dev/null || die "no Docker engine and no dockerd to start"
  say "starting dockerd (log: .cache/dockerd.log)"
  as_root bash -c "nohup dockerd >'$CACHE/dockerd.log' 2>&1 &"
  for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 0.5; done
  docker info >/dev/null 2>&1 || { tail -20 "$CACHE/dockerd.log" >&2; die "dockerd did not come up"; }
  say "container engine: dockerd $(docker info --format '{{.ServerVersion}}') started"
fi

# --- Lab images and Go-built tools -----------------------------------------------
export TESTCONTAINERS_RYUK_DISABLED=true
node scripts/build-images.ts "$@"
say "ready"
