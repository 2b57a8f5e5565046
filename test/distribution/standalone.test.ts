/**
 * `npm run pack:standalone` and `npm run pack:deb` as a release would run them, packed once (in before hooks) from a
 * copy of the project: the linux-x64 tarball unpacked elsewhere and its bin/azc run with an empty environment
 * (`env -i`: no PATH to find a node, no HOME), so it can only work with the Node inside it.
 *
 * Packing every platform and the .deb takes a minute or two more, so those parts run when AZC_TEST_ALL_TARGETS=1
 * (.ci/run sets it for its first pass) and are pending otherwise: the other tarballs are checked for their layout
 * and for a Node binary of their own platform (ELF / Mach-O / PE headers); the .deb is installed with dpkg into a
 * temporary root, run, and removed.
 */
import {expect} from 'chai'
import {execFileSync} from 'node:child_process'
import {closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, symlinkSync, writeFileSync} from 'node:fs'
import {basename, dirname, join} from 'node:path'

import {startEmulator, type RunningEmulator} from '../../src/emulator/index.js'
import {cleanEnv, makeTempDir} from '../helpers/cli.js'
import {copyProject, ROOT, run, runNpm, succeeded} from './helpers.js'

const ALL_TARGETS = ['linux-x64', 'linux-arm64', 'darwin-x64', 'darwin-arm64', 'win32-x64']
const allTargets = process.env.AZC_TEST_ALL_TARGETS === '1'
const ALL_TARGETS_REASON = ' (pending: set AZC_TEST_ALL_TARGETS=1 to pack every platform and the .deb; .ci/run does)'
const nodeVersion: string = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).oclif.update.node.version

/** The platform an executable is for, read from its header as `file` reads it. */
function executableKind(file: string): string {
  const header = Buffer.alloc(4096)
  const fd = openSync(file, 'r')
  try {
    readSync(fd, header, 0, header.length, 0)
  } finally {
    closeSync(fd)
  }
  if (header.readUInt32BE(0) === 0x7f_45_4c_46) {
    const machine = header.readUInt16LE(18)
    return `ELF ${machine === 0x3e ? 'x86-64' : machine === 0xb7 ? 'aarch64' : machine}`
  }
  if (header.readUInt32LE(0) === 0xfe_ed_fa_cf) {
    const cpu = header.readUInt32LE(4)
    return `Mach-O ${cpu === 0x01_00_00_07 ? 'x86_64' : cpu === 0x01_00_00_0c ? 'arm64' : cpu}`
  }
  if (header.toString('latin1', 0, 2) === 'MZ') {
    const pe = header.readUInt32LE(0x3c)
    const machine = header.readUInt16LE(pe + 4)
    return `PE ${machine === 0x86_64 ? 'x86-64' : machine}`
  }
  return 'unknown'
}

const EXPECTED_KIND: Record<string, string> = {
  'linux-x64': 'ELF x86-64',
  'linux-arm64': 'ELF aarch64',
  'darwin-x64': 'Mach-O x86_64',
  'darwin-arm64': 'Mach-O arm64',
  'win32-x64': 'PE x86-64',
}

function commandExists(tool: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${tool}`], {stdio: 'ignore'})
    return true
  } catch {
    return false
  }
}

describe('the standalone tarballs and the .deb', function () {
  this.timeout(900_000)
  let work: ReturnType<typeof makeTempDir>
  let project: string
  let sha: string
  /** target → tarball, from the script's lines "<file> (<MiB> MiB, <target>, Node <version>, <seconds> s in all)". */
  const tarballs = new Map<string, string>()
  let service: RunningEmulator

  before(async () => {
    work = makeTempDir('azc-standalone-')
    // Packed from a copy, so the build, tmp/ and dist/ of the checkout stay as they are; the Node binaries come from
    // the checkout's tmp/cache, where each is fetched once.
    project = copyProject(join(work.path, 'project'))
    mkdirSync(join(ROOT, 'tmp', 'cache'), {recursive: true})
    mkdirSync(join(project, 'tmp'))
    symlinkSync(join(ROOT, 'tmp', 'cache'), join(project, 'tmp', 'cache'), 'dir')
    sha = succeeded(await run('git', ['rev-parse', '--short', 'HEAD'], {cwd: ROOT}), 'git rev-parse').stdout.trim()
    const targets = allTargets ? ALL_TARGETS : ['linux-x64']
    const packed = succeeded(
      await runNpm(['run', '--silent', 'pack:standalone', '--', '--sha', sha, '--targets', targets.join(',')], {
        cwd: project,
        env: cleanEnv(),
        timeoutMs: 840_000,
      }),
      'npm run pack:standalone',
    )
    for (const line of packed.stdout.trim().split('\n')) {
      const match = /^(\S+\.tar\.gz) \([\d.]+ MiB, ([\w-]+), Node /.exec(line)
      if (match) tarballs.set(match[2], match[1])
    }
    service = await startEmulator({port: 0, host: '127.0.0.1'})
  })

  after(async () => {
    await service?.close()
    work?.remove()
  })

  describe('linux-x64', () => {
    let unpacked: string

    before(async () => {
      unpacked = join(work.path, 'linux-x64')
      mkdirSync(unpacked)
      succeeded(await run('tar', ['-xzf', tarballs.get('linux-x64')!, '-C', unpacked]), 'tar')
    })

    it('is a linux-x64 tarball under dist/, named after the version and commit', () => {
      const tarball = tarballs.get('linux-x64')!
      expect(dirname(tarball)).to.equal(join(project, 'dist'))
      expect(basename(tarball)).to.equal(`azc-v0.1.0-${sha}-linux-x64.tar.gz`)
    })

    it('runs bin/azc with an empty environment on the Node inside it', async () => {
      const result = await run('/usr/bin/env', ['-i', join(unpacked, 'azc', 'bin', 'azc'), '--version'], {env: {}})
      expect(result.code, result.stderr).to.equal(0)
      expect(result.stdout).to.include(`node-v${nodeVersion}`)
    })

    it('issues a token against the emulator with an empty environment', async () => {
      const bin = join(unpacked, 'azc', 'bin', 'azc')
      const args = [
        'communication',
        'user-identity',
        'token',
        'issue',
        '--connection-string',
        service.connectionString,
        '--scope',
        'chat',
        '-o',
        'json',
      ]
      const result = await run('/usr/bin/env', ['-i', bin, ...args], {env: {}})
      expect(result.code, result.stderr).to.equal(0)
      const issued = JSON.parse(result.stdout)
      expect(issued.user_id).to.match(/^8:acs:/)
      expect(service.checkAccessToken(issued.token)).to.equal('valid')
    })
  })

  describe('every platform', function () {
    before(function () {
      if (!allTargets) {
        for (const test of this.test!.parent!.tests) test.title += ALL_TARGETS_REASON
        this.skip()
      }
    })

    for (const target of ALL_TARGETS) {
      it(`${target}: the CLI's files and a Node binary for ${target}`, async () => {
        const tarball = tarballs.get(target)!
        expect(basename(tarball)).to.equal(`azc-v0.1.0-${sha}-${target}.tar.gz`)
        const listing = succeeded(await run('tar', ['-tzf', tarball]), 'tar').stdout.split('\n')
        const node = target.startsWith('win32') ? 'azc/bin/node.exe' : 'azc/bin/node'
        const launcher = target.startsWith('win32') ? 'azc/bin/azc.cmd' : 'azc/bin/azc'
        expect(listing).to.include.members([
          node,
          launcher,
          'azc/bin/run',
          'azc/bin/run.js',
          'azc/lib/index.js',
          'azc/oclif.manifest.json',
          'azc/package.json',
          'azc/node_modules/@oclif/core/package.json',
        ])
        const out = join(work.path, `node-${target}`)
        mkdirSync(out)
        succeeded(await run('tar', ['-xzf', tarball, '-C', out, node]), 'tar')
        expect(executableKind(join(out, node)), node).to.equal(EXPECTED_KIND[target])
      })
    }
  })

  describe('the .deb', function () {
    let deb: string
    let root: string

    before(async function () {
      const missing = ['dpkg', 'dpkg-deb'].filter((tool) => !commandExists(tool))
      if (!allTargets || missing.length > 0) {
        const reason = allTargets ? ` (pending: needs ${missing.join(' and ')}, a Debian system)` : ALL_TARGETS_REASON
        for (const test of this.test!.parent!.tests) test.title += reason
        this.skip()
      }
      // One architecture is enough to check; gzip is quicker than dpkg-deb's default xz.
      const pjsonPath = join(project, 'package.json')
      const pjson = JSON.parse(readFileSync(pjsonPath, 'utf8'))
      pjson.oclif.update.node.targets = ['linux-x64']
      writeFileSync(pjsonPath, `${JSON.stringify(pjson, null, 2)}\n`)
      const packed = succeeded(
        await runNpm(['run', '--silent', 'pack:deb', '--', '--sha', sha, '--compression', 'gzip'], {
          cwd: project,
          env: cleanEnv(),
          timeoutMs: 600_000,
        }),
        'npm run pack:deb',
      )
      deb = packed.stdout.trim().split('\n').at(-1)!.split(' (')[0]
      // An empty dpkg database under a temporary root: dpkg installs there, not into the machine.
      root = join(work.path, 'root')
      mkdirSync(join(root, 'var', 'lib', 'dpkg', 'info'), {recursive: true})
      mkdirSync(join(root, 'var', 'lib', 'dpkg', 'updates'))
      writeFileSync(join(root, 'var', 'lib', 'dpkg', 'status'), '')
    })

    it('is an amd64 package of azc whose files belong to root', async () => {
      expect(basename(deb)).to.match(new RegExp(`^azc_0\\.1\\.0\\.${sha}-1_amd64\\.deb$`))
      const contents = succeeded(await run('dpkg-deb', ['-c', deb]), 'dpkg-deb -c').stdout
      expect(contents).to.match(/ root\/root .* \.\/usr\/bin\/azc -> \.\.\/lib\/azc\/bin\/azc$/m)
      expect(contents).not.to.match(/^\S+ (?!root\/root)/m)
    })

    it('installs with dpkg -i, runs from /usr/bin/azc, and is removed with dpkg -r', async () => {
      const dpkg = (args: string[]) =>
        run('dpkg', [`--root=${root}`, '--force-script-chrootless', ...args], {env: cleanEnv()})
      succeeded(await dpkg(['-i', deb]), 'dpkg -i')
      try {
        const bin = join(root, 'usr', 'bin', 'azc')
        const version = await run('/usr/bin/env', ['-i', bin, '--version'], {env: {}})
        expect(version.code, version.stderr).to.equal(0)
        expect(version.stdout).to.include(`node-v${nodeVersion}`)
        const args = [
          'communication',
          'user-identity',
          'user',
          'create',
          '--connection-string',
          service.connectionString,
          '--only-show-errors',
          '--query',
          'rawId',
          '-o',
          'tsv',
        ]
        const created = await run('/usr/bin/env', ['-i', bin, ...args], {env: {}})
        expect(created.code, created.stderr).to.equal(0)
        expect(created.stdout).to.match(/^8:acs:/)
      } finally {
        succeeded(await dpkg(['-r', 'azc']), 'dpkg -r')
      }
      expect(existsSync(join(root, 'usr', 'bin', 'azc'))).to.equal(false)
      expect(existsSync(join(root, 'usr', 'lib', 'azc'))).to.equal(false)
    })
  })
})
