#!/usr/bin/env bash
# Refreshes the estimate block of README.md (between the estimate:begin/end markers) from
# the tool's own output, so the README never shows a number the code did not compute.
# `make readme` runs this; CLITests fails while the block is stale.
set -euo pipefail
cd "$(dirname "$0")/.."
bin="$(swift build --show-bin-path)/casualty"
out=$(OPENBLAS_NUM_THREADS=1 "$bin" estimate Models/khan-tuman-2016/case.yaml \
      --query killed:iranian --query killed:pro-government)
tmp=$(mktemp)
awk -v block="$out" '
  /<!-- estimate:begin -->/ { print; print "```text"; print block; print "```"; skip = 1; next }
  /<!-- estimate:end -->/ { skip = 0 }
  !skip { print }
' README.md > "$tmp"
mv "$tmp" README.md
echo "README.md estimate block refreshed"
