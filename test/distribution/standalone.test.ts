/**
 * `npm run pack:standalone` as a release would run it: the linux-x64 tarball under dist/, unpacked elsewhere, and
 * its bin/azc run once against the emulator with an empty environment (`env -i`): no PATH to find a node, no
 * HOME, so it can only work with the Node inside the tarball. Slow (a build, an npm install, 45 MB of gzip).
 */
import {expect} from 'chai'
import {mkdirSync, readFileSync, symlinkSync} from 'node:fs'
import {dirname, join} from 'node:path'

import {startEmulator, type RunningEmulator} from '../../src/emulator/index.js'
import {cleanEnv, makeTempDir} from '../helpers/cli.js'
import {copyProject, ROOT, run, succeeded} from './helpers.js'

describe('the standalone tarball', function () {
  this.timeout(600_000)
  const nodeVersion: string = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).oclif.update.node.version
  let work: ReturnType<typeof makeTempDir>
  let unpacked: string
  let dist: string
  let tarball: string
  let service: RunningEmulator

  before(async () => {
    work = makeTempDir('azc-standalone-')
    // Packed from a copy, so the build, tmp/ and dist/ of the checkout stay as they are; the Node binary comes from
    // the checkout's tmp/cache, where it is fetched once.
    const project = copyProject(join(work.path, 'project'))
    succeeded(await run(process.execPath, [join(ROOT, 'scripts', 'pack-node.mjs')], {cwd: ROOT}), 'pack-node.mjs')
    mkdirSync(join(project, 'tmp'))
    symlinkSync(join(ROOT, 'tmp', 'cache'), join(project, 'tmp', 'cache'), 'dir')
    const sha = succeeded(await run('git', ['rev-parse', '--short', 'HEAD'], {cwd: ROOT}), 'git rev-parse').stdout.trim()
    const packed = succeeded(
      await run('npm', ['run', '--silent', 'pack:standalone', '--', '--sha', sha], {cwd: project, env: cleanEnv(), timeoutMs: 540_000}),
      'npm run pack:standalone',
    )
    // The script's last line: "<tarball> (<size> MiB, Node <version>, <seconds> s)".
    tarball = packed.stdout.trim().split('\n').at(-1)!.split(' (')[0]
    dist = join(project, 'dist')
    unpacked = join(work.path, 'unpacked')
    mkdirSync(unpacked)
    succeeded(await run('tar', ['-xzf', tarball, '-C', unpacked]), 'tar')
    service = await startEmulator({port: 0, host: '127.0.0.1'})
  })

  after(async () => {
    await service?.close()
    work?.remove()
  })

  it('is a linux-x64 tarball under dist/', () => {
    expect(dirname(tarball)).to.equal(dist)
    expect(tarball).to.match(/azc-v[\d.]+-[0-9a-f]+-linux-x64\.tar\.gz$/)
  })

  it('runs bin/azc with an empty environment on the Node inside it', async () => {
    const result = await run('/usr/bin/env', ['-i', join(unpacked, 'azc', 'bin', 'azc'), '--version'], {env: {}})
    expect(result.code, result.stderr).to.equal(0)
    expect(result.stdout).to.include(`node-v${nodeVersion}`)
  })

  it('issues a token against the emulator with an empty environment', async () => {
    const bin = join(unpacked, 'azc', 'bin', 'azc')
    const args = ['communication', 'user-identity', 'token', 'issue', '--connection-string', service.connectionString, '--scope', 'chat', '-o', 'json']
    const result = await run('/usr/bin/env', ['-i', bin, ...args], {env: {}})
    expect(result.code, result.stderr).to.equal(0)
    const issued = JSON.parse(result.stdout)
    expect(issued.user_id).to.match(/^8:acs:/)
    expect(service.checkAccessToken(issued.token)).to.equal('valid')
  })
})
