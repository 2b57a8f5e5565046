#!/usr/bin/env bash
# shellcheck disable=SC2016 # show() prints command lines as they are typed, $(...) and all.
# The main job, on a fresh clone: install, build, start the bundled ACS Identity emulator and run
# every user-identity command through the real CLI, showing each command line and its output.
# Run it with `npm run demo`. AZC_DEMO_NO_INSTALL=1 skips the install and build steps (the tree is built already).
#
# It leaves nothing running, however it ends: the emulator runs detached (`emulator start --detach`, which returns
# once it listens and records its pid in the demo's own data folder), and the EXIT trap stops it through
# `emulator stop`; Ctrl-C and SIGTERM end the script through that trap too.
set -euo pipefail
cd "$(dirname "$0")/../.."

# Bold headings only on a terminal; a pipe or a file gets plain text.
if [ -t 1 ]; then bold=$'\033[1m' plain=$'\033[0m'; else bold='' plain=''; fi
step() { printf '\n%s# %s%s\n' "$bold" "$*" "$plain"; }
show() { printf '$ %s\n' "$*"; }

if [ "${AZC_DEMO_NO_INSTALL:-}" != 1 ]; then
  if [ ! -d node_modules/@oclif/core ]; then
    step 'Installing dependencies (npm ci)'
    npm ci --no-audit --no-fund
  fi
  if [ ! -f lib/index.js ] || [ -n "$(find src -newer lib/index.js -name '*.ts' -print -quit)" ]; then
    step 'Building (npm run build)'
    npm run build >/dev/null
  fi
fi

azc() { node bin/run.js "$@"; }

work=$(mktemp -d)
# The demo's own data folder: its background emulator's record, log and state are nobody else's.
export XDG_DATA_HOME="$work/data"
# A private az config folder, so the user's own ~/.azure settings do not change the demo.
export AZURE_CONFIG_DIR="$work/azure"
cleanup() {
  # Stops the emulator if one was started (exit 3: none runs), then removes the work folder.
  azc communication emulator stop 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

step 'Starting the local ACS Identity emulator in the background on a free port'
show 'eval "$(azc communication emulator start --detach --port 0 --env)"'
eval "$(azc communication emulator start --detach --port 0 --env 2>"$work/start.err")" || {
  cat "$work/start.err" >&2
  echo 'The emulator did not start.' >&2
  exit 1
}
connection_string=$AZURE_COMMUNICATION_CONNECTION_STRING
emulator_pid=$(azc communication emulator status --query pid -o tsv)
echo "${connection_string%%;*}  pid=$emulator_pid  (the connection string is in AZURE_COMMUNICATION_CONNECTION_STRING)"

step 'Create a user'
show 'azc communication user-identity user create'
azc communication user-identity user create
user=$(azc communication user-identity user create --query rawId -o tsv --only-show-errors)

step 'Issue a token for a new user, with two scopes'
show 'azc communication user-identity token issue --scope chat voip'
azc communication user-identity token issue --scope chat voip

step 'Issue a token for an existing user, as a table of the columns a query picks'
show "azc communication user-identity token issue --scope chat --user \"$user\" --query '{User: user_id, Expires: expires_on}' -o table"
azc communication user-identity token issue --scope chat --user "$user" --query '{User: user_id, Expires: expires_on}' -o table

step 'The az scripting idiom: just the token'
show 'token=$(azc communication user-identity token issue --scope voip --user "$user" --query token -o tsv)'
token=$(azc communication user-identity token issue --scope voip --user "$user" --query token -o tsv --only-show-errors)
echo "token: ${token:0:40}... (${#token} characters)"

step 'Exchange a Teams user'"'"'s Entra token (the emulator checks its claims; signatures only with --aad-jwks)'
app_id=6a1b1d2c-0f4e-4c8b-9d55-3f6e2a7b8c90
object_id=c7e1f0a2-5b3d-4e6f-8a9b-0c1d2e3f4a5b
b64url() { base64 -w0 | tr '+/' '-_' | tr -d '='; }
exp=$(( $(date +%s) + 3600 ))
aad_token="$(printf '{"alg":"RS256","typ":"JWT"}' | b64url).$(printf '{"appid":"%s","oid":"%s","tid":"%s","exp":%s}' "$app_id" "$object_id" "$app_id" "$exp" | b64url).$(printf 'demo' | b64url)"
printf '%s\n' "$aad_token" >"$work/aad-token.txt"
show "azc communication user-identity token get-for-teams-user --aad-token @aad-token.txt --client $app_id --aad-user $object_id -o yaml"
azc communication user-identity token get-for-teams-user --aad-token "@$work/aad-token.txt" --client "$app_id" --aad-user "$object_id" -o yaml

step 'Revoke the user'"'"'s tokens (--yes: no prompt)'
show "azc communication user-identity token revoke --user \"$user\" --yes"
azc communication user-identity token revoke --user "$user" --yes

step 'Without --yes and without a terminal, az refuses and sends nothing'
show "azc communication user-identity user delete --user \"$user\" </dev/null"
azc communication user-identity user delete --user "$user" </dev/null || echo "(exit code $?)"

step 'Delete the user'
show "azc communication user-identity user delete --user \"$user\" --yes"
azc communication user-identity user delete --user "$user" --yes

step 'A deleted user is no longer the resource'"'"'s: the service error, exit 1'
show "azc communication user-identity token issue --scope chat --user \"$user\""
azc communication user-identity token issue --scope chat --user "$user" || echo "(exit code $?)"

step 'What the emulator saw (one line per request; never a key, signature or token)'
grep -v '^ACS Identity emulator' "$(azc communication emulator status --query log -o tsv)"

step 'Stop the emulator'
show 'azc communication emulator stop'
azc communication emulator stop
