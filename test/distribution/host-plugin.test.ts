/**
 * The package as a plugin of another oclif CLI: its `npm pack` tarball installed into a separate host (its own
 * package.json, bin and a command of its own that extends AzCommand from the installed package), and through
 * `plugins install file:<tarball>` of a host that has @oclif/plugin-plugins. Both run
 * `communication user-identity token issue` against the emulator.
 *
 * The host's install is offline: its package-lock.json is this project's, so every version it needs is one npm
 * already has in its cache (a range would pick the registry's newest, which the cache may not hold).
 */
import {Config} from '@oclif/core'
import {expect} from 'chai'
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {stripVTControlCharacters} from 'node:util'

import {startEmulator, type RunningEmulator} from '../../src/emulator/index.js'
import {cleanEnv, makeTempDir} from '../helpers/cli.js'
import {installedVersion, packedTarball, ROOT, run, runNpm, succeeded, writeHost} from './helpers.js'

describe('the package in a host oclif CLI', function () {
  this.timeout(300_000)
  let work: ReturnType<typeof makeTempDir>
  let tarball: string
  let service: RunningEmulator
  let env: NodeJS.ProcessEnv

  before(async () => {
    work = makeTempDir('azc-host-')
    // Where `plugins install` keeps user plugins, oclif's caches, and az's config: all inside the test's folder.
    env = cleanEnv({
      XDG_DATA_HOME: join(work.path, 'data'),
      XDG_CACHE_HOME: join(work.path, 'cache'),
      XDG_CONFIG_HOME: join(work.path, 'config'),
      AZURE_CONFIG_DIR: join(work.path, 'azure'),
      npm_config_audit: 'false',
      npm_config_fund: 'false',
      npm_config_update_notifier: 'false',
    })
    tarball = await packedTarball()
    service = await startEmulator({port: 0, host: '127.0.0.1'})
  })

  after(async () => {
    await service?.close()
    work?.remove()
  })

  it('ships the manifest, the compiled code and bin/run.js, and lists no oclif plugins of its own', async () => {
    const listing = succeeded(await run('tar', ['-tzf', tarball]), 'tar').stdout.split('\n')
    expect(listing).to.include.members([
      'package/oclif.manifest.json',
      'package/bin/run.js',
      'package/lib/index.js',
      'package/package.json',
    ])
    expect(listing.filter((file) => file.startsWith('package/src/') || file.startsWith('package/test/'))).to.deep.equal(
      [],
    )
    const pjson = JSON.parse(succeeded(await run('tar', ['-xzOf', tarball, 'package/package.json']), 'tar').stdout)
    expect(pjson.oclif.plugins).to.equal(undefined)
    const manifest = JSON.parse(
      succeeded(await run('tar', ['-xzOf', tarball, 'package/oclif.manifest.json']), 'tar').stdout,
    )
    expect(manifest.commands).to.have.property('communication:user-identity:token:issue')
  })

  describe('installed from the tarball as a dependency', () => {
    let host: string

    before(async () => {
      host = join(work.path, 'host')
      const dependencies = {
        '@oclif/core': installedVersion('@oclif/core'),
        '@oclif/plugin-help': installedVersion('@oclif/plugin-help'),
        'azc-communication': `file:${tarball}`,
      }
      writeHost(host, dependencies, ['@oclif/plugin-help', 'azc-communication'])
      succeeded(
        await runNpm(['install', '--prefer-offline', '--no-audit', '--no-fund'], {cwd: host, env}),
        'npm install --prefer-offline',
      )
    })

    it('runs communication user-identity token issue through the host against the emulator', async () => {
      const result = await run(
        process.execPath,
        [join(host, 'bin', 'run.js'), 'communication', 'user-identity', 'token', 'issue', '--scope', 'chat'],
        {env: {...env, AZURE_COMMUNICATION_CONNECTION_STRING: service.connectionString}},
      )
      expect(result.code, result.stderr).to.equal(0)
      const issued = JSON.parse(result.stdout)
      expect(issued.user_id).to.match(/^8:acs:/)
      expect(service.checkAccessToken(issued.token)).to.equal('valid')
    })

    it("runs the host's own command on the plugin's AzCommand: --query, --output and az's errors", async () => {
      const bin = join(host, 'bin', 'run.js')
      const tsv = await run(
        process.execPath,
        [bin, 'status', '--service', 'db', '--query', '{s: service, c: checks}', '-o', 'tsv'],
        {env},
      )
      expect(tsv.code, tsv.stderr).to.equal(0)
      expect(tsv.stdout).to.equal('db\t3\n')
      const missing = await run(process.execPath, [bin, 'status'], {env})
      expect(missing.code).to.equal(2)
      expect(missing.stderr).to.include('the following arguments are required: --service')
    })

    it("keeps the host's help plugin: the package loads no plugins as its children", async () => {
      const config = await Config.load({root: host, userPlugins: false})
      const plugin = config.plugins.get('azc-communication')
      expect(plugin?.type).to.equal('core')
      expect((plugin as {children?: unknown[]} | undefined)?.children ?? []).to.deep.equal([])
      expect(config.plugins.get('@oclif/plugin-help')?.parent).to.equal(undefined)
      expect(config.findCommand('help')?.pluginName).to.equal('@oclif/plugin-help')
    })
  })

  describe('installed with plugins install file:<tarball>', () => {
    let host: string

    before(async () => {
      host = join(work.path, 'plugins-host')
      const dependencies = {
        '@oclif/core': installedVersion('@oclif/core'),
        '@oclif/plugin-plugins': installedVersion('@oclif/plugin-plugins'),
      }
      writeHost(host, dependencies, ['@oclif/plugin-plugins'])
      succeeded(
        await runNpm(['install', '--prefer-offline', '--no-audit', '--no-fund'], {cwd: host, env}),
        'npm install --prefer-offline',
      )
      // plugin-plugins runs npm in the user data folder, where no lock pins versions: the cache first, then the registry.
      const installed = await run(
        process.execPath,
        [join(host, 'bin', 'run.js'), 'plugins', 'install', `file:${tarball}`],
        {
          env: {...env, npm_config_prefer_offline: 'true'},
        },
      )
      succeeded(installed, 'ops plugins install')
    })

    it('lists the package as a user plugin', async () => {
      const result = succeeded(
        await run(process.execPath, [join(host, 'bin', 'run.js'), 'plugins'], {env}),
        'ops plugins',
      )
      const {version} = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'))
      // plugin-plugins colours the version when it thinks the terminal can (CI=true is enough for it).
      expect(stripVTControlCharacters(result.stdout)).to.include(`azc-communication ${version}`)
    })

    it('adds no help command to a host that has none', async () => {
      const result = await run(process.execPath, [join(host, 'bin', 'run.js'), 'help'], {env})
      expect(result.code).to.not.equal(0)
      expect(result.stderr).to.include('command help not found')
    })

    it('runs communication user-identity token issue against the emulator', async () => {
      const result = await run(
        process.execPath,
        [
          join(host, 'bin', 'run.js'),
          'communication',
          'user-identity',
          'token',
          'issue',
          '--scope',
          'chat',
          'voip',
          '-o',
          'json',
        ],
        {env: {...env, AZURE_COMMUNICATION_CONNECTION_STRING: service.connectionString}},
      )
      expect(result.code, result.stderr).to.equal(0)
      const issued = JSON.parse(result.stdout)
      expect(service.checkAccessToken(issued.token)).to.equal('valid')
    })
  })
})
