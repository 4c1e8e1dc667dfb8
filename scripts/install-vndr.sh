#!/usr/bin/env bash
# Builds vndr v0.1.2 (the version moby pinned) into .tools/bin/vndr, for the
# tests and the demo. Uses the module in tools/vndr, whose go.sum pins the
# checksums, so only the Go module proxy is needed: `go install
# github.com/LK4D4/vndr@v0.1.2` also asks the checksum database, which some
# machines cannot reach.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/.tools/bin/vndr"
if [ -x "$out" ] && go version -m "$out" 2>/dev/null | grep -q 'github.com/LK4D4/vndr[[:space:]]*v0.1.2'; then
  exit 0
fi
command -v go >/dev/null || { echo "install-vndr: go is not on PATH; install Go first" >&2; exit 1; }
mkdir -p "$(dirname "$out")"
(cd "$root/tools/vndr" && GOFLAGS=-mod=readonly go build -o "$out" github.com/LK4D4/vndr)
echo "install-vndr: built $out ($(go version -m "$out" | awk '$1=="mod"{print $2, $3}'))"
