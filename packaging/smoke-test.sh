#!/usr/bin/env bash
# Smoke test of the packaged app: the CLI launcher of the app-image starts, and lists the bundled sample project.
set -euo pipefail
dist="${1:?usage: smoke-test.sh DIST_DIR}"
app="$dist/HandoffWorkbench"
if [[ ! -d "$app" ]]; then
  echo "smoke-test: no app-image at $app (a .deb build is checked with dpkg-deb instead)"
  deb=$(ls "$dist"/*.deb 2>/dev/null | head -n1 || true)
  [[ -n "$deb" ]] || { echo "smoke-test: nothing was packaged in $dist" >&2; exit 1; }
  dpkg-deb --info "$deb" >/dev/null
  dpkg-deb --contents "$deb" | grep -q "bin/handoff" || { echo "smoke-test: $deb has no bin/handoff" >&2; exit 1; }
  echo "smoke-test: $deb looks complete"
  exit 0
fi
version=$("$app/bin/handoff" --version)
echo "smoke-test: $version"
[[ "$version" == handoff* ]] || { echo "smoke-test: unexpected --version output" >&2; exit 1; }
sample="$app/lib/app/sample-projects/credit-risk"
if [[ -d "$sample" ]]; then
  out=$("$app/bin/handoff" runs list --store "$sample")
  echo "$out" | tail -n 1
  echo "$out" | tail -n 1 | grep -Eq '^[0-9]+ runs?' || { echo "smoke-test: runs list on the bundled sample failed" >&2; exit 1; }
fi
[[ -x "$app/bin/HandoffWorkbench" ]] || { echo "smoke-test: no workbench launcher" >&2; exit 1; }
echo "smoke-test: OK"
