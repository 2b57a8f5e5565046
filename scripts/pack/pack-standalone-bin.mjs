#!/usr/bin/env node
/**
 * The `pretarball` step of `oclif pack tarballs` (run in its workspace, tmp/azc, after it wrote bin/azc): replaces
 * oclif's bash launcher with a small POSIX one that starts the tarball's own Node on bin/run.js with `exec`.
 *
 * oclif's script looks for an auto-updated client under ~/.local/share and for other Node binaries, and keeps bash
 * running as Node's parent: several subshells and milliseconds on every run, for an update channel azc does not
 * have. It also failed without HOME (`CLI_HOME=$(cd && pwd)` under `set -e`), so `env -i bin/azc` exited 1. The
 * launcher here resolves symbolic links (`ln -s .../bin/azc ~/.local/bin/azc`) and needs no environment at all.
 */
import {readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

const pjson = JSON.parse(readFileSync('package.json', 'utf8'))
const bin = pjson.oclif.bin
const envPrefix = bin.toUpperCase().replaceAll('-', '_')
const launcher = `#!/bin/sh
# ${bin}'s standalone launcher: the Node in this folder runs bin/run.js.
set -e
self=$(readlink -f -- "$0")
dir=\${self%/*}
# oclif reads the binary's path from ${envPrefix}_BINPATH, as oclif's own launcher sets it.
export ${envPrefix}_BINPATH="\${${envPrefix}_BINPATH:-$dir/${bin}}"
exec "$dir/node" "$dir/run.js" "$@"
`
writeFileSync(join('bin', bin), launcher, {mode: 0o755})
// oclif's other launchers (bin/${bin}.cmd in the Windows tarball, /usr/bin/${bin} of the .deb) run bin/run, the name
// oclif CLIs used to give their entry point; this package's is bin/run.js (CommonJS, as bin/package.json says).
writeFileSync(join('bin', 'run'), "require('./run.js')\n")
