#!/usr/bin/env bash
# Proves the README's two commands on a stock Debian or Ubuntu machine: makes a minimal root
# file system of Debian 12, Debian 13 (from Debian's package registry) or Ubuntu 24.04 (from
# Ubuntu's archive) with debootstrap, copies a clean clone of
# this repository's HEAD into it, and runs there, as root, chrooted:
#   1. the README's set-up command (the one-line block under "Set-up on a fresh Debian machine")
#   2. the README's test command, `bash .ci/run`, with CI=true
# and prints each command's time and result. Needs root, debootstrap and git on the host.
#
#   scripts/fresh-machine.sh bookworm|trixie|noble [--keep]    (or 12|13|24.04)
#
# The one departure from a user's machine: the README fetches rustup from its own site, which a
# machine that reaches only package registries cannot; the host's stable Rust toolchain
# (~/.rustup, ~/.cargo/bin) is copied in instead, with the extra targets the host has installed
# (rustup's site is where .ci/run's `rustup target add` would get them), and the `curl ... | sh`
# part of the set-up command is left out.
# Everything else (apt-get, pip, crates) comes from the registries as on any machine. CA
# certificates the host trusts beyond Debian's ca-certificates (a TLS-inspecting proxy's) are
# copied too, so that the root reaches the same registries.
#
# The pristine root is cached in $CERTKIT_FRESH_DIR (default /var/tmp/certkit-fresh) as
# RELEASE-base and copied for each run; --keep leaves the run's root behind for a look.
# Logs: $CERTKIT_FRESH_DIR/RELEASE-setup.log and RELEASE-ci.log.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)

release=
keep=0
for arg in "$@"; do
  case "$arg" in
    12 | bookworm) release=bookworm ;;
    13 | trixie) release=trixie ;;
    24.04 | noble) release=noble ;;
    --keep) keep=1 ;;
    *) echo "fresh-machine: unknown argument $arg (use bookworm|trixie|noble [--keep])" >&2; exit 2 ;;
  esac
done
[ -n "$release" ] || { echo "usage: $0 bookworm|trixie|noble [--keep]" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "fresh-machine: run as root (debootstrap, chroot, mount)" >&2; exit 2; }
command -v debootstrap >/dev/null || { echo "fresh-machine: apt-get install -y debootstrap" >&2; exit 2; }
toolchain=$(rustup toolchain list | sed -n 's/^\(stable-[^ ]*\).*/\1/p' | head -1)
[ -n "$toolchain" ] || { echo "fresh-machine: no stable Rust toolchain on the host to copy in" >&2; exit 2; }

dir=${CERTKIT_FRESH_DIR:-/var/tmp/certkit-fresh}
base=$dir/$release-base
root=$dir/$release-run
mkdir -p "$dir"
log() { echo "fresh-machine[$release]: $*"; }

# Ubuntu 24.04 from Ubuntu's archive. Debian's debootstrap verifies the archive's Release file
# with Ubuntu's archive key, which Debian 12 does not package: it comes from Ubuntu's own
# ubuntu-keyring package, checked against the SHA-256 pinned here (the one noble's signed
# package index gives), so the trust starts from this script, not from plain http. Debian's
# debootstrap may predate noble; its Ubuntu scripts are all the same one (gutsy), so jammy's
# serves. The root then gets the components and suites a stock Ubuntu 24.04 has enabled.
ubuntu_mirror=http://archive.ubuntu.com/ubuntu
ubuntu_keyring_deb=pool/main/u/ubuntu-keyring/ubuntu-keyring_2023.11.28.1_all.deb
ubuntu_keyring_sha256=36de43b15853ccae0028e9a767613770c704833f82586f28eb262f0311adb8a8
bootstrap_ubuntu() {
  local work script
  work=$(mktemp -d)
  curl -fsS --max-time 120 -o "$work/keyring.deb" "$ubuntu_mirror/$ubuntu_keyring_deb" ||
    { log "cannot fetch $ubuntu_mirror/$ubuntu_keyring_deb"; exit 1; }
  echo "$ubuntu_keyring_sha256  $work/keyring.deb" | sha256sum -c --quiet ||
    { log "ubuntu-keyring's SHA-256 is not the pinned one"; exit 1; }
  dpkg-deb -x "$work/keyring.deb" "$work/keyring"
  script=/usr/share/debootstrap/scripts/noble
  [ -e "$script" ] || script=/usr/share/debootstrap/scripts/jammy
  debootstrap --variant=minbase --components=main,universe \
    --keyring="$work/keyring/usr/share/keyrings/ubuntu-archive-keyring.gpg" \
    noble "$base" "$ubuntu_mirror" "$script" >"$dir/$release-debootstrap.log" 2>&1 ||
    { log "debootstrap failed: $(tail -3 "$dir/$release-debootstrap.log")"; exit 1; }
  rm -f "$base/etc/apt/sources.list"
  cat >"$base/etc/apt/sources.list.d/ubuntu.sources" <<SOURCES
Types: deb
URIs: $ubuntu_mirror
Suites: noble noble-updates noble-backports
Components: main restricted universe multiverse
Signed-By: /usr/share/keyrings/ubuntu-archive-keyring.gpg

Types: deb
URIs: http://security.ubuntu.com/ubuntu
Suites: noble-security
Components: main restricted universe multiverse
Signed-By: /usr/share/keyrings/ubuntu-archive-keyring.gpg
SOURCES
  rm -rf "$work"
}

# --- The pristine root (cached) ----------------------------------------------------------------
if [ ! -f "$base/.complete" ]; then
  rm -rf "$base"
  log "debootstrap --variant=minbase $release"
  t=$(date +%s)
  if [ "$release" = noble ]; then
    bootstrap_ubuntu
  else
    debootstrap --variant=minbase "$release" "$base" >"$dir/$release-debootstrap.log" 2>&1 ||
      { log "debootstrap failed: $(tail -3 "$dir/$release-debootstrap.log")"; exit 1; }
  fi
  touch "$base/.complete"
  log "debootstrap: $(($(date +%s) - t)) s"
fi

# --- This run's root ---------------------------------------------------------------------------
# The mounts under the run's root, deepest first.
# (The root itself is one of them: it is bound onto itself below.)
mounts_under() { awk -v r="$root" '$2 == r || index($2, r "/") == 1 {print $2}' /proc/self/mounts | sort -r; }
unmount_all() {
  local m
  for m in $(mounts_under); do umount -l "$m" || true; done
  # Never delete through a mount (the host's /dev is bound in).
  [ -z "$(mounts_under)" ] || { log "still mounted under $root: $(mounts_under | tr '\n' ' ')"; return 1; }
}
cleanup() {
  unmount_all && { [ "$keep" = 1 ] || rm -rf "$root"; }
}
trap cleanup EXIT
unmount_all || exit 1
rm -rf "$root"
cp -a "$base" "$root"
rm -f "$root/.complete"

# As in Debian's container images: packages installed in the root start no services on the
# host's network (nginx would take port 80).
printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
chmod 755 "$root/usr/sbin/policy-rc.d"
cp /etc/resolv.conf "$root/etc/resolv.conf"
# Host-local CA certificates (not from Debian's ca-certificates): into the root's local store,
# which update-ca-certificates adds when the set-up installs ca-certificates.
mkdir -p "$root/usr/local/share/ca-certificates"
python3 - /etc/ssl/certs/ca-certificates.crt /usr/share/ca-certificates "$root/usr/local/share/ca-certificates" <<'PY'
import os, re, sys
bundle, debian_dir, out = sys.argv[1:]
pem = re.compile(r"-----BEGIN CERTIFICATE-----.*?-----END CERTIFICATE-----", re.S)
known = set()
for d, _, files in os.walk(debian_dir):
    for f in files:
        with open(os.path.join(d, f), encoding="ascii", errors="replace") as fh:
            known.update("".join(c.split()) for c in pem.findall(fh.read()))
with open(bundle, encoding="ascii", errors="replace") as fh:
    extra = [c for c in pem.findall(fh.read()) if "".join(c.split()) not in known]
for i, c in enumerate(extra):
    with open(os.path.join(out, "host-local-%d.crt" % i), "w") as fh:
        fh.write(c + "\n")
print("fresh-machine: %d host-local CA certificate(s) copied" % len(extra))
PY

# A clean clone of HEAD, as a user has it after `git clone`.
git clone -q --no-local "$repo" "$root/root/certkit"
log "clone of $(git -C "$repo" rev-parse --short HEAD) in /root/certkit"

# The host's stable toolchain in place of rustup's download.
mkdir -p "$root/root/.rustup/toolchains" "$root/root/.cargo/bin"
cp -a ~/.rustup/settings.toml "$root/root/.rustup/"
cp -a ~/.rustup/toolchains/"$toolchain" "$root/root/.rustup/toolchains/"
if [ -d ~/.rustup/update-hashes ]; then cp -a ~/.rustup/update-hashes "$root/root/.rustup/"; fi
# rustup and its proxies (cargo, rustc, ...: links to rustup), not tools installed with cargo.
for f in ~/.cargo/bin/*; do
  if [ "$f" -ef ~/.cargo/bin/rustup ]; then cp -a "$f" "$root/root/.cargo/bin/"; fi
done
cp -a ~/.cargo/env "$root/root/.cargo/env"
# The host's extra targets (x86_64-pc-windows-gnu, x86_64-unknown-linux-musl) are kept: on a
# machine that reaches rustup's site `.ci/run` adds them with `rustup target add`, but here it
# cannot download them, and a toolchain with a target's metadata but not its files makes the
# Windows build fail with "can't find crate for `core`".

# On a real machine, and in any container, / is a mount point. A plain chroot directory is not,
# and `unshare --mount` (tests/help_examples.rs runs the help examples in a private namespace)
# then fails to make / private: "cannot change root filesystem propagation: Invalid argument".
# Bound onto itself, the root is a mount point as on a machine.
mount --bind "$root" "$root"
mount --make-private "$root"
mount -t proc proc "$root/proc"
mount -t sysfs sys "$root/sys"
mount --rbind /dev "$root/dev"
mount --make-rslave "$root/dev"

# Runs COMMAND in the root as a login shell of root would, with a clean environment.
# The host's PIP_CERT (pip's trust store, when the host sets one for such a proxy) goes along.
in_root() {
  chroot "$root" /usr/bin/env -i HOME=/root USER=root LOGNAME=root TERM=dumb LANG=C.UTF-8 \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin ${PIP_CERT:+PIP_CERT="$PIP_CERT"} \
    /bin/bash -c "$1"
}

# --- 1. The README's set-up command ------------------------------------------------------------
setup=$(awk '/^## Set-up on a fresh Debian machine/{s=1} s && /^```sh/{getline; print; exit}' "$repo/README.md")
[ -n "$setup" ] || { log "no set-up command found in README.md"; exit 1; }
# Leave out rustup's download: `curl ... https://sh.rustup.rs | sh -s -- -y && ` (copied above).
setup_here=$(printf '%s' "$setup" | sed 's#curl [^&|]*sh\.rustup\.rs | sh -s -- -y && ##')
[ "$setup_here" != "$setup" ] || { log "the set-up command no longer fetches rustup as expected"; exit 1; }
log "set-up: $setup_here"
t=$(date +%s)
set +e
in_root "cd /root/certkit && $setup_here" >"$dir/$release-setup.log" 2>&1
setup_status=$?
set -e
setup_time=$(($(date +%s) - t))
log "set-up command: exit $setup_status in $setup_time s (log $dir/$release-setup.log)"
tail -25 "$dir/$release-setup.log" | sed "s/^/  /"

# --- 2. The README's test command --------------------------------------------------------------
ci_status=skipped
ci_time=0
if [ "$setup_status" = 0 ]; then
  log "test: bash .ci/run (CI=true)"
  t=$(date +%s)
  set +e
  in_root "cd /root/certkit && . ~/.cargo/env && CI=true bash .ci/run </dev/null" >"$dir/$release-ci.log" 2>&1
  ci_status=$?
  set -e
  ci_time=$(($(date +%s) - t))
  log "bash .ci/run: exit $ci_status in $ci_time s (log $dir/$release-ci.log)"
  grep -E '^=== \.ci/run|test result:|passed, [0-9]+ failed' "$dir/$release-ci.log" | sed "s/^/  /" | tail -60
  [ "$ci_status" = 0 ] || tail -40 "$dir/$release-ci.log" | sed "s/^/  /"
fi
log "summary: $release set-up exit $setup_status ($setup_time s), .ci/run exit $ci_status ($ci_time s)"
[ "$setup_status" = 0 ] && [ "$ci_status" = 0 ]
