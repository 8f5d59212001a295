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
# the CLI runs below log (if at all) to a temporary folder, never to the real ~/.local/state
logs="$(mktemp -d)"
trap 'rm -rf "$logs"' EXIT
export HANDOFF_LOG_DIR="$logs"
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
if command -v xvfb-run >/dev/null 2>&1; then
  # the workbench itself: a real window on a virtual display, open for 20 s on the bundled sample, then it quits;
  # a screenshot of that display goes beside the image (needs ImageMagick's import)
  shot="$dist/workbench-window.png"
  # a first start: a fresh home, preferences and working directory (Java reads user.home from the passwd entry, not
  # $HOME), so the workbench must find the sample project bundled in the image
  home="$(mktemp -d)"
  trap 'rm -rf "$home" "$logs"' EXIT
  # the default log location of that fresh home ($XDG_STATE_HOME and $HANDOFF_LOG_DIR unset)
  out=$(env -u HANDOFF_LOG_DIR -u XDG_STATE_HOME HOME="$home" JAVA_TOOL_OPTIONS="-Dhandoff.smoke.seconds=20 -Duser.home=$home -Djava.util.prefs.userRoot=$home/.java" \
    timeout 180 xvfb-run -a -s "-screen 0 1440x900x24" \
    bash -c 'cd "$3" && { "$1/bin/HandoffWorkbench" & pid=$!; }; sleep 15; command -v import >/dev/null && import -window root "$2" || true; wait $pid' \
    _ "$(cd "$app" && pwd)" "$(cd "$(dirname "$shot")" && pwd)/$(basename "$shot")" "$home" 2>&1) || { echo "$out" >&2; echo "smoke-test: the workbench did not start" >&2; exit 1; }
  echo "$out" | grep -q "handoff-workbench: window" || { echo "$out" >&2; echo "smoke-test: no workbench window" >&2; exit 1; }
  echo "$out" | grep "handoff-workbench: window" | grep -q "lib/app/sample-projects/credit-risk" \
    || { echo "$out" >&2; echo "smoke-test: the first start did not open the bundled sample project" >&2; exit 1; }
  echo "smoke-test: $(echo "$out" | grep "handoff-workbench: window")"
  log="$home/.local/state/handoff-workbench/handoff.log"
  grep -q "Handoff Workbench .* starting" "$log" 2>/dev/null \
    || { echo "smoke-test: the workbench wrote no log at $log" >&2; exit 1; }
  echo "smoke-test: log $log"
  [[ -f "$shot" ]] && echo "smoke-test: screenshot $shot"
else
  echo "smoke-test: xvfb-run not installed, the workbench window was not started (apt-get install xvfb)"
fi
echo "smoke-test: OK"
