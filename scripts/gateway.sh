#!/usr/bin/env bash
# A transparent egress gateway: traffic routed through this host from one interface is redirected into Anonamoose.
#
#   scripts/gateway.sh up   --interface IFACE [--port 8080] [--rules-only] [--dry-run] [-- mitmproxy args]
#   scripts/gateway.sh down --interface IFACE [--port 8080] [--dry-run]
#
# up:   enables IPv4 forwarding, stops ICMP redirects, adds iptables nat PREROUTING rules that REDIRECT
#       TCP 80 and 443 arriving on IFACE to the proxy port, then runs
#       `anonamoose run --listen 0.0.0.0 --port PORT -- --mode transparent` in the foreground and removes
#       the rules again when it exits. --rules-only sets up the rules and returns (run the proxy yourself).
# down: removes the rules (for a proxy that was killed, or after --rules-only). Forwarding is left on.
# --dry-run prints the commands instead of running them. Needs root (and iptables) for real.
#
# Clients behind IFACE must use this host as their default gateway and trust the CA
# (scripts/install-ca.sh, or `anonamoose env` for language runtimes). IPv4 only: with IPv6 forwarding off,
# IPv6 traffic is not forwarded by this host at all. Only LLM hosts are decrypted; everything else is
# tunnelled untouched.
set -euo pipefail

die() { echo "gateway.sh: $*" >&2; exit 1; }

usage() { sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; }
action="${1:-}"
case "$action" in
  up|down) shift ;;
  -h|--help) usage; exit 0 ;;
  *) die "first argument must be up or down (see --help)" ;;
esac
iface=""
port=8080
dry_run=0
rules_only=0
anonamoose="${ANONAMOOSE:-anonamoose}"
while [ $# -gt 0 ]; do
  case "$1" in
    --interface|-i) iface="${2:?--interface needs a name}"; shift 2 ;;
    --port) port="${2:?--port needs a number}"; shift 2 ;;
    --dry-run) dry_run=1; shift ;;
    --rules-only) rules_only=1; shift ;;
    --) shift; break ;;
    -h|--help) usage; exit 0 ;;
    *) die "unknown argument: $1 (see --help)" ;;
  esac
done
[ -n "$iface" ] || die "--interface is required (the interface clients' traffic arrives on)"
[[ "$iface" =~ ^[A-Za-z0-9_.@-]{1,15}$ ]] || die "$iface is not an interface name"
[[ "$port" =~ ^[0-9]{1,5}$ ]] && [ "$port" -ge 1 ] && [ "$port" -le 65535 ] || die "--port must be 1-65535"

run() {
  if [ "$dry_run" = 1 ]; then printf '%q ' "$@" | sed 's/ $//'; echo; else "$@"; fi
}

# Every rule carries this comment, so teardown removes exactly what up added.
rule() {  # rule -A|-D DPORT
  run iptables -t nat "$1" PREROUTING -i "$iface" -p tcp --dport "$2" \
    -m comment --comment anonamoose-gateway -j REDIRECT --to-ports "$port"
}

teardown() {
  for dport in 80 443; do
    if [ "$dry_run" = 1 ]; then rule -D "$dport"; continue; fi
    while iptables -t nat -C PREROUTING -i "$iface" -p tcp --dport "$dport" \
        -m comment --comment anonamoose-gateway -j REDIRECT --to-ports "$port" 2>/dev/null; do
      rule -D "$dport"
    done
  done
}

if [ "$dry_run" = 0 ]; then
  [ "$(id -u)" = 0 ] || die "needs root (iptables and sysctl); try --dry-run to see the commands"
  command -v iptables >/dev/null || die "iptables is not installed (apt-get install iptables)"
fi

if [ "$action" = down ]; then
  teardown
  exit 0
fi

run sysctl -w net.ipv4.ip_forward=1
run sysctl -w net.ipv4.conf.all.send_redirects=0
rule -A 80
rule -A 443
[ "$rules_only" = 0 ] || exit 0

proxy=("$anonamoose" run --listen 0.0.0.0 --port "$port" -- --mode transparent "$@")
if [ "$dry_run" = 1 ]; then
  run "${proxy[@]}"
  echo "# when the proxy exits:"
  teardown
  exit 0
fi
# Not exec: the rules must come down again when the proxy stops, whichever way it stops.
trap teardown EXIT
"${proxy[@]}" &
child=$!
trap 'kill -TERM "$child" 2>/dev/null || true' INT TERM
status=0
wait "$child" || status=$?
if kill -0 "$child" 2>/dev/null; then wait "$child" || status=$?; fi
exit "$status"
