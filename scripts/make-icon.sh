#!/bin/sh
# build/icon.ico from build/icon.svg: every size Windows asks for (16 … 256 px; 256 stored as PNG, as Explorer
# expects), rendered from the vector, not scaled down from one bitmap. Needs `rsvg-convert` and `icotool`
# (apt-get install librsvg2-bin icoutils). The .ico is committed; run this only when icon.svg changes.
set -eu
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for s in 16 24 32 48 64 128 256; do
  rsvg-convert -w "$s" -h "$s" build/icon.svg -o "$tmp/$s.png"
done
icotool -c -o build/icon.ico "$tmp/16.png" "$tmp/24.png" "$tmp/32.png" "$tmp/48.png" "$tmp/64.png" "$tmp/128.png" -r "$tmp/256.png"
icotool -l build/icon.ico
