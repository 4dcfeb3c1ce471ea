#!/usr/bin/env bash
# Renders the Khan Tuman HTML report in headless Chromium to PNG pages, to look at it as a
# reader would (desktop width and phone width). Needs `apt-get install chromium`.
# Usage: scripts/render-report.sh [out-dir]   (default /tmp/casualty-render)
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-/tmp/casualty-render}"
mkdir -p "$out"
bin="$(swift build --show-bin-path)/casualty"
"$bin" report Models/khan-tuman-2016/case.yaml --format html --out "$out/khan-tuman-2016.html"
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome)
for spec in "desktop 1200,5200" "phone 420,9000"; do
  set -- $spec
  "$browser" --headless --disable-gpu --no-sandbox --hide-scrollbars --window-size="$2" \
    --screenshot="$out/$1.png" "file://$(realpath "$out/khan-tuman-2016.html")" 2>/dev/null
  echo "wrote $out/$1.png"
done
