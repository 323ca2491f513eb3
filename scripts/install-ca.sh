#!/usr/bin/env bash
# Trust (or stop trusting) Anonamoose's CA machine-wide: Debian/Ubuntu (update-ca-certificates) or macOS (security).
#
#   scripts/install-ca.sh [--cert PATH] [--uninstall] [--dry-run] [--os debian|macos] [--root DIR]
#
#   --cert PATH   the CA certificate [default: ${ANONAMOOSE_CONFDIR:-./certs}/mitmproxy-ca-cert.pem]
#   --uninstall   remove it from the trust store again
#   --dry-run     print the commands instead of running them
#   --os NAME     skip detection (debian or macos)
#   --root DIR    Debian only: work on the trust store under DIR instead of / (image builds, tests)
#
# Only the system store is changed. Python's certifi, Node and Firefox keep their own roots: use
# `anonamoose env` (SSL_CERT_FILE, REQUESTS_CA_BUNDLE, NODE_EXTRA_CA_CERTS) for those.
set -euo pipefail

NAME=anonamoose-ca
cert="${ANONAMOOSE_CONFDIR:-./certs}/mitmproxy-ca-cert.pem"
action=install
dry_run=0
os=""
root=""

die() { echo "install-ca.sh: $*" >&2; exit 1; }

while [ $# -gt 0 ]; do
  case "$1" in
    --cert) cert="${2:?--cert needs a path}"; shift 2 ;;
    --uninstall) action=uninstall; shift ;;
    --dry-run) dry_run=1; shift ;;
    --os) os="${2:?--os needs debian or macos}"; shift 2 ;;
    --root) root="${2:?--root needs a directory}"; shift 2 ;;
    -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument: $1 (see --help)" ;;
  esac
done

if [ -z "$os" ]; then
  case "$(uname -s)" in
    Darwin) os=macos ;;
    Linux) command -v update-ca-certificates >/dev/null && os=debian \
             || die "no update-ca-certificates: only Debian/Ubuntu and macOS are automated" ;;
    *) die "unsupported system $(uname -s): only Debian/Ubuntu and macOS are automated" ;;
  esac
fi
case "$os" in debian|macos) ;; *) die "--os must be debian or macos, not $os" ;; esac
[ -z "$root" ] || [ "$os" = debian ] || die "--root works for debian only"

# Printed (dry run) or run, with sudo when not root and not working under --root.
sudo=""
if [ "$(id -u)" != 0 ] && [ -z "$root" ] && [ "$dry_run" = 0 ]; then sudo=sudo; fi
run() {
  if [ "$dry_run" = 1 ]; then printf '%q ' "$@" | sed 's/ $//'; echo; else $sudo "$@"; fi
}

if [ "$action" = install ]; then
  [ -f "$cert" ] || die "no CA certificate at $cert: run \`anonamoose certs\` first, or pass --cert"
  grep -q "BEGIN CERTIFICATE" "$cert" || die "$cert is not a PEM certificate"
fi

case "$os" in
  debian)
    local_dir="$root/usr/local/share/ca-certificates"
    update=(update-ca-certificates)
    if [ -n "$root" ]; then
      update+=(--localcertsdir "$local_dir" --etccertsdir "$root/etc/ssl/certs"
               --certsdir "$root/usr/share/ca-certificates" --certsconf "$root/etc/ca-certificates.conf"
               --hooksdir "$root/etc/ca-certificates/update.d")
    fi
    if [ "$action" = install ]; then
      run mkdir -p "$local_dir"
      run install -m 0644 "$cert" "$local_dir/$NAME.crt"
      run "${update[@]}"
    else
      run rm -f "$local_dir/$NAME.crt"
      run "${update[@]}" --fresh
    fi
    ;;
  macos)
    keychain=/Library/Keychains/System.keychain
    if [ "$action" = install ]; then
      run security add-trusted-cert -d -r trustRoot -k "$keychain" "$cert"
    else
      [ -f "$cert" ] || die "no CA certificate at $cert: pass --cert with the one you installed"
      # By SHA-1 hash, so no other certificate named "mitmproxy" is touched.
      sha1=$(openssl x509 -in "$cert" -noout -fingerprint -sha1 | sed 's/.*=//; s/://g')
      run security remove-trusted-cert -d "$cert"
      run security delete-certificate -Z "$sha1" "$keychain"
    fi
    ;;
esac
