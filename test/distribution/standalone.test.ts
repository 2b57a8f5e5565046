/**
 * `npm run pack:standalone` as a release would run it: the linux-x64 tarball under dist/, unpacked elsewhere, and
 * its bin/azc run once against the emulator with an empty environment (`env -i`): no PATH to find a node, no
 * HOME, so it can only work with the Node inside the tarball. Slow (a build, an npm install, 45 MB of gzip).
 */
import {expect} from 'chai'
import {readFileSync, rmSync} from 'node:fs'
import {join} from 'node:path'

import {startEmulator, type RunningEmulator} from '../../src/emulator/index.js'
import {cleanEnv, makeTempDir} from '../helpers/cli.js'
import {ROOT, run, succeeded} from './helpers.js'

describe('the standalone tarball', function () {
  this.timeout(600_000)
  const nodeVersion: string = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).oclif.update.node.version
  let unpacked: ReturnType<typeof makeTempDir>
  let tarball: string
  let service: RunningEmulator

  before(async () => {
    const packed = succeeded(await run('npm', ['run', '--silent', 'pack:standalone'], {cwd: ROOT, env: cleanEnv(), timeoutMs: 540_000}), 'npm run pack:standalone')
    // The script's last line: "<tarball> (<size> MiB, Node <version>, <seconds> s)".
    tarball = packed.stdout.trim().split('\n').at(-1)!.split(' (')[0]
    unpacked = makeTempDir('azc-standalone-')
    succeeded(await run('tar', ['-xzf', tarball, '-C', unpacked.path]), 'tar')
    service = await startEmulator({port: 0, host: '127.0.0.1'})
  })

  after(async () => {
    await service?.close()
    unpacked?.remove()
    if (tarball) rmSync(tarball, {force: true})
  })

  it('is a linux-x64 tarball under dist/', () => {
    expect(tarball.startsWith(join(ROOT, 'dist'))).to.equal(true)
    expect(tarball).to.match(/azc-v[\d.]+-[0-9a-f]+-linux-x64\.tar\.gz$/)
  })

  it('runs bin/azc with an empty environment on the Node inside it', async () => {
    const result = await run('/usr/bin/env', ['-i', join(unpacked.path, 'azc', 'bin', 'azc'), '--version'], {env: {}})
    expect(result.code, result.stderr).to.equal(0)
    expect(result.stdout).to.include(`node-v${nodeVersion}`)
  })

  it('issues a token against the emulator with an empty environment', async () => {
    const bin = join(unpacked.path, 'azc', 'bin', 'azc')
    const args = ['communication', 'user-identity', 'token', 'issue', '--connection-string', service.connectionString, '--scope', 'chat', '-o', 'json']
    const result = await run('/usr/bin/env', ['-i', bin, ...args], {env: {}})
    expect(result.code, result.stderr).to.equal(0)
    const issued = JSON.parse(result.stdout)
    expect(issued.user_id).to.match(/^8:acs:/)
    expect(service.checkAccessToken(issued.token)).to.equal('valid')
  })
})
