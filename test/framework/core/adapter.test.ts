/**
 * AzCommand as an oclif adapter, in process with @oclif/test's runCommand (a host CLI of
 * test/fixtures/core-host): oclif's lifecycle, this.log/warn/error/exit in az's voice, az's exit
 * codes, `--json`, and rebranding from package.json and from a base class's static.
 */
import {runCommand} from '@oclif/test'
import {expect} from 'chai'
import {mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'

import {makeTempDir} from '../../helpers/cli.js'

const ROOT = fileURLToPath(new URL('../../fixtures/core-host/', import.meta.url))
const events = () => (globalThis as {lifecycleEvents?: string[]}).lifecycleEvents

describe('AzCommand under oclif (runCommand)', function () {
  this.timeout(60_000)
  let temp: ReturnType<typeof makeTempDir>
  const saved: Record<string, string | undefined> = {}
  const setEnv = (name: string, value: string | undefined) => {
    if (!(name in saved)) saved[name] = process.env[name]
    if (value === undefined) delete process.env[name]
    else process.env[name] = value
  }

  beforeEach(() => {
    temp = makeTempDir('azc-adapter-')
    setEnv('HOME', temp.path)
    setEnv('AZURE_CONFIG_DIR', undefined)
    setEnv('OPSCTL_CONFIG_DIR', undefined)
    setEnv('OPSCTL_CORE_OUTPUT', undefined)
    setEnv('AZURE_CORE_OUTPUT', undefined)
    ;(globalThis as {lifecycleEvents?: string[]}).lifecycleEvents = undefined
  })
  afterEach(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name]
      else process.env[name] = value
      delete saved[name]
    }
    temp.remove()
  })

  const run = (args: string[]) => runCommand(args, {root: ROOT})

  it('captures stdout and returns: init, run, finally, with this.parse() in init', async () => {
    const {stdout, stderr, error, result} = await run(['life', 'w1', '--say', 'hello'])
    expect(error).to.equal(undefined)
    expect(stderr).to.equal('')
    expect(stdout).to.equal('hello\n{\n  "name": "w1",\n  "ok": true\n}\n')
    expect(result).to.deep.equal({name: 'w1', ok: true})
    expect(events()).to.deep.equal(['init:hello:w1', 'run', 'finally:ok'])
  })

  it("an error in run: catch then finally, az's unexpected-error line, exit 1", async () => {
    const {stderr, error} = await run(['life', '--fail', 'throw'])
    expect(events()).to.deep.equal(['init::', 'run', 'catch:boom', 'finally:error'])
    expect(stderr).to.equal(
      'ERROR: The command failed with an unexpected error: boom\nRun the command again with --debug for more details.\n',
    )
    expect((error as {oclif?: {exit?: number}}).oclif?.exit).to.equal(1)
  })

  it('this.error(msg, {exit}) is ERROR: msg with that exit code', async () => {
    const {stderr, error} = await run(['life', '--fail', 'error'])
    expect(stderr).to.equal('ERROR: bad widget\n')
    expect((error as {oclif?: {exit?: number}}).oclif?.exit).to.equal(5)
  })

  it('this.exit(n) ends with n and prints nothing', async () => {
    const {stderr, error} = await run(['life', '--fail', 'exit'])
    expect(stderr).to.equal('')
    expect((error as {oclif?: {exit?: number}}).oclif?.exit).to.equal(4)
  })

  it('ResourceNotFoundError from run exits 3', async () => {
    const {stderr, error} = await run(['life', '--fail', 'notfound'])
    expect(stderr).to.equal("ERROR: Widget 'w' not found.\n")
    expect((error as {oclif?: {exit?: number}}).oclif?.exit).to.equal(3)
  })

  it('a catch() that keeps the error ends with 0, and finally still runs', async () => {
    const {stderr, error} = await run(['life', '--fail', 'throw', '--swallow'])
    expect(error).to.equal(undefined)
    expect(stderr).to.equal('')
    expect(events()).to.deep.equal(['init::', 'run', 'catch:boom', 'finally:error'])
  })

  it('this.warn is WARNING:, hidden by --only-show-errors', async () => {
    expect((await run(['life', '--warn', 'careful', '-o', 'none'])).stderr).to.equal('WARNING: careful\n')
    expect((await run(['life', '--warn', 'careful', '-o', 'none', '--only-show-errors'])).stderr).to.equal('')
  })

  it('a parse error is exit 2 and nothing of the command runs', async () => {
    const {stderr, error} = await run(['life', '--fail', 'nope'])
    expect(stderr.split('\n')[0]).to.equal(
      "ERROR: opsctl life: 'nope' is not a valid value for '--fail'. Allowed values: throw, error, exit, notfound.",
    )
    expect((error as {oclif?: {exit?: number}}).oclif?.exit).to.equal(2)
    expect(events()).to.deep.equal([])
  })

  it('--json prints what -o json prints', async () => {
    const json = await run(['life', 'w2', '--json'])
    const dashO = await run(['life', 'w2', '-o', 'json'])
    expect(json.stdout).to.equal(dashO.stdout)
    expect(JSON.parse(json.stdout)).to.deep.equal({name: 'w2', ok: true})
  })

  it('rebranding from package.json: config folder, environment prefix, name', async () => {
    const {stdout} = await run(['where'])
    expect(JSON.parse(stdout)).to.deep.equal({
      configPath: join(temp.path, '.opsctl', 'config'),
      envVar: 'OPSCTL_CORE_OUTPUT',
      cliName: 'opsctl',
      color: null,
    })
    const dir = join(temp.path, 'elsewhere')
    mkdirSync(dir)
    writeFileSync(join(dir, 'config'), '[widgets]\ncolor = blue\n')
    setEnv('OPSCTL_CONFIG_DIR', dir)
    setEnv('OPSCTL_CORE_OUTPUT', 'tsv')
    setEnv('AZURE_CORE_OUTPUT', 'yaml')
    const rebranded = await run(['where', '--query', 'color'])
    expect(rebranded.stdout).to.equal('blue\n')
  })

  it('a base class without --subscription: the parser rejects it and help does not list it', async () => {
    const {stderr, error} = await run(['nosub', '--subscription', 'x'])
    expect(stderr.split('\n')[0]).to.equal('ERROR: unrecognized arguments: --subscription x')
    expect((error as {oclif?: {exit?: number}}).oclif?.exit).to.equal(2)
    const ok = await run(['nosub', '--name', 'n'])
    expect(JSON.parse(ok.stdout)).to.deep.equal({name: 'n', hasSubscription: false})
    const help = await run(['nosub', '--help'])
    expect(help.stdout).to.include('--output')
    expect(help.stdout).not.to.include('--subscription')
    const lifeHelp = await run(['life', '--help'])
    expect(lifeHelp.stdout).to.include('--subscription')
    expect(lifeHelp.stdout).to.include('--json')
  })

  describe('the same definitions under Command and under AzCommand give the same values and types', () => {
    const lines = [
      ['myvm', '3', '--name', 'w1', '--count', '4', '--no-wait', '--size', 'm'],
      ['--label', 'w2', '--wait', '--endpoint', 'https://example.test/a', '--length', 'abcd'],
      ['-n', 'w3', '--tag', 'a,b'],
      [],
    ]
    for (const argv of lines) {
      it(argv.join(' ') || '(no arguments)', async () => {
        setEnv('PAIR_REGION', 'westus')
        const oclif = await run(['pair:oclif', ...argv])
        const az = await run(['pair:az', ...argv, '-o', 'json'])
        expect(oclif.error, oclif.stderr).to.equal(undefined)
        expect(az.error, az.stderr).to.equal(undefined)
        expect(JSON.parse(az.stdout)).to.deep.equal(JSON.parse(oclif.stdout))
      })
    }
  })
})
