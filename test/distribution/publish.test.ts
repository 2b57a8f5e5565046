/**
 * The package as npm would publish it: `npm pack` (with its prepack build) quiet and holding only what a user needs,
 * `npm publish --dry-run` clean, and the tarball giving a working `azc` both through `npm install -g` (into a
 * temporary prefix) and through `npx` — each run against the emulator.
 */
import {expect} from 'chai'
import {existsSync, readFileSync, writeFileSync} from 'node:fs'
import {basename, delimiter, dirname, join} from 'node:path'

import {startEmulator, type RunningEmulator} from '../../src/emulator/index.js'
import {cleanEnv, makeTempDir} from '../helpers/cli.js'
import {copyProject, run, runNpm, succeeded} from './helpers.js'

/** What a user of the package needs, and nothing else: the CLI entry, the compiled code, the manifest, the docs. */
const SHIPPED =
  /^(bin\/(run\.js|package\.json|pack-standalone\.mjs)|lib\/.+\.(js|cjs|d\.ts|d\.cts|json|txt)|lib\/completion\/completion\.(bash|zsh|ps1)|oclif\.manifest\.json|package\.json|README\.md|LICENSE)$/

interface PackResult {
  filename: string
  size: number
  unpackedSize: number
  files: Array<{path: string; size: number}>
}

describe('the npm package', function () {
  this.timeout(600_000)
  let work: ReturnType<typeof makeTempDir>
  let project: string
  let packed: PackResult
  let packStderr: string
  let tarball: string
  let service: RunningEmulator
  let env: NodeJS.ProcessEnv

  before(async () => {
    work = makeTempDir('azc-publish-')
    // npm's own settings from outside stay outside: those an outer `npm test` exports to its children, and the
    // user's ~/.npmrc (an empty one instead; the machine-wide npmrc, such as a registry's CA, still applies).
    writeFileSync(join(work.path, 'npmrc'), '')
    const outer = Object.keys(process.env).filter((name) => /^npm_(config|package|lifecycle)_/i.test(name))
    env = cleanEnv({
      ...Object.fromEntries(outer.map((name) => [name, undefined])),
      npm_config_userconfig: join(work.path, 'npmrc'),
      XDG_DATA_HOME: join(work.path, 'data'),
      XDG_CACHE_HOME: join(work.path, 'cache'),
      XDG_CONFIG_HOME: join(work.path, 'config'),
      AZURE_CONFIG_DIR: join(work.path, 'azure'),
      npm_config_audit: 'false',
      npm_config_fund: 'false',
      npm_config_update_notifier: 'false',
      npm_config_prefer_offline: 'true',
    })
    project = copyProject(join(work.path, 'project'))
    const result = succeeded(
      await runNpm(['pack', '--json', '--pack-destination', work.path], {cwd: project, env}),
      'npm pack',
    )
    // prepack's build prints progress on stdout before npm's JSON.
    ;[packed] = JSON.parse(result.stdout.slice(result.stdout.search(/^\[/m)))
    packStderr = result.stderr
    tarball = join(work.path, packed.filename)
    service = await startEmulator({port: 0, host: '127.0.0.1'})
  })

  after(async () => {
    await service?.close()
    work?.remove()
  })

  it('packs quietly: no npm warning, no oclif update notice', () => {
    expect(packStderr).not.to.match(/npm warn/i)
    expect(packStderr).not.to.match(/update available/i)
  })

  it('holds only what a user needs, about 1 MB', () => {
    const unexpected = packed.files.map((file) => file.path).filter((path) => !SHIPPED.test(path))
    expect(unexpected, 'files a user does not need').to.deep.equal([])
    expect(packed.files.map((file) => file.path)).to.include.members([
      'bin/run.js',
      'lib/index.js',
      'oclif.manifest.json',
      'README.md',
    ])
    // The README states these figures; a package that grows past them needs a look (and the README an update).
    expect(packed.size, 'packed bytes').to.be.below(1.5 * 1024 * 1024)
    expect(packed.unpackedSize, 'unpacked bytes').to.be.below(5 * 1024 * 1024)
  })

  it('passes npm publish --dry-run without warnings', async () => {
    // The tree is built (by npm pack above); publish packs the same files.
    const result = await runNpm(['publish', '--dry-run', '--ignore-scripts'], {cwd: project, env})
    expect(result.code, result.stderr).to.equal(0)
    // Without npm credentials a dry run always says so; that line is about this machine, not the package.
    const warnings = result.stderr
      .split('\n')
      .filter((line) => /npm warn/i.test(line) && !/requires you to be logged in/.test(line))
    expect(warnings).to.deep.equal([])
    expect(result.stderr).to.include(`package size: `)
  })

  it('gives a working azc through npm install -g into a prefix', async () => {
    const prefix = join(work.path, 'prefix')
    succeeded(
      await runNpm(['install', '--global', '--prefix', prefix, tarball], {env, timeoutMs: 300_000}),
      'npm install -g',
    )
    const bin = join(prefix, 'bin', 'azc')
    expect(existsSync(bin), bin).to.equal(true)
    const pathEnv = {...env, PATH: [join(prefix, 'bin'), dirname(process.execPath), env.PATH].join(delimiter)}
    const version = await run('azc', ['--version'], {env: pathEnv})
    expect(version.code, version.stderr).to.equal(0)
    expect(version.stdout).to.match(/^azc-communication\/0\.1\.0 /)
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
    const issued = await run('azc', args, {env: pathEnv})
    expect(issued.code, issued.stderr).to.equal(0)
    expect(service.checkAccessToken(JSON.parse(issued.stdout).token)).to.equal('valid')
  })

  it('gives a working azc through npx', async () => {
    // `npx azc-communication ...` once published; here the same package spec as a path to its tarball: npx runs
    // the package's only bin, azc.
    const args = ['communication', 'user-identity', 'user', 'create', '--connection-string', service.connectionString]
    const created = await runNpm(
      ['exec', '--yes', '--', `./${basename(tarball)}`, ...args, '--only-show-errors', '--query', 'rawId', '-o', 'tsv'],
      {
        cwd: work.path,
        env,
        timeoutMs: 300_000,
      },
    )
    expect(created.code, created.stderr).to.equal(0)
    expect(created.stdout.trim()).to.match(/^8:acs:/)
    const readme = readFileSync(join(project, 'README.md'), 'utf8')
    expect(readme).to.include('npx azc-communication')
  })
})
