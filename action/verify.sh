#!/usr/bin/env bash
# The step of action.yml: builds zdd-learn in the action's own checkout (once), then runs
# `zdd-learn verify` in the working directory on the app or the command given, with the extra
# flags. Its exit code is verify's: 0 clean, 1 not, 2 not verified; a non-zero one fails the step.
# verify writes its Markdown report to $GITHUB_STEP_SUMMARY itself.
#
# Inputs, as action.yml maps them (a composite action gets no INPUT_* variables):
#   ZDD_APP                the file that starts the app, relative to the working directory
#   ZDD_COMMAND            or the command that starts it (split at whitespace)
#   ZDD_ARGS               extra flags for verify (split at whitespace, lines included)
#   ZDD_WORKING_DIRECTORY  where to run it (default: the current directory)
set -euo pipefail

root="${GITHUB_ACTION_PATH:?GITHUB_ACTION_PATH must name the checkout of the action}"
if [ ! -f "$root/dist/cli.js" ]; then
	echo "Building zdd-learn in $root…"
	(cd "$root" && npm ci --no-audit --no-fund --loglevel=error && npm run build --silent)
fi

cd "${ZDD_WORKING_DIRECTORY:-.}"
# Split at any whitespace, newlines included (an input written over several lines); no quoting.
extra=()
command=()
read -r -d '' -a extra <<< "${ZDD_ARGS:-}" || true
read -r -d '' -a command <<< "${ZDD_COMMAND:-}" || true
if [ -n "${ZDD_APP:-}" ] && [ ${#command[@]} -gt 0 ]; then
	echo "zdd-learn: give the action app or command, not both" >&2
	exit 2
fi

args=(verify)
[ -n "${ZDD_APP:-}" ] && args+=("$ZDD_APP")
# (Each list expanded only when it has words: an empty one is unset to bash 3.2 under set -u.)
[ ${#extra[@]} -gt 0 ] && args+=("${extra[@]}")
[ ${#command[@]} -gt 0 ] && args+=(-- "${command[@]}")
status=0
node "$root/dist/cli.js" "${args[@]}" < /dev/null || status=$?
exit "$status"
