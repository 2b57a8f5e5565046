#!/usr/bin/env node
/**
 * The `pretarball` step of `oclif pack tarballs` (run in its workspace, tmp/azc, after it wrote bin/azc). oclif's
 * bin script starts with `CLI_HOME=$(cd && pwd)` under `set -e`: with no HOME (`env -i bin/azc ...`, cron, some
 * service managers) `cd` fails and the script exits 1 before starting Node. `cd ~` falls back to the user's home
 * from the password database, and a user without one gets `/`, which only serves to look for updated clients.
 */
import {readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

const pjson = JSON.parse(readFileSync('package.json', 'utf8'))
const script = join('bin', pjson.oclif.bin)
const text = readFileSync(script, 'utf8')
const fragile = 'CLI_HOME=$(cd && pwd)\n'
if (!text.includes(fragile)) throw new Error(`${script}: oclif's bin script changed; no line "${fragile.trim()}" to make HOME-independent`)
writeFileSync(script, text.replace(fragile, 'CLI_HOME=$(cd ~ 2>/dev/null && pwd) || CLI_HOME=/\n'))
