/**
 * The invocation core against oclif's own parser: for valid input every oclif flag and argument
 * feature gives the command the value (and type) oclif's `Command.parse` gives it; invalid input is
 * one az `ERROR:` line and exit 2, never a wrong value handed to run().
 */
import {Args, Flags} from '@oclif/core'
import {parse as oclifParse} from '@oclif/core/parser'
import {expect} from 'chai'
import {mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {invoke} from '../../../src/framework/core/invoke.js'
import type {ArgDefinitions, CommandSpec, FlagDefinitions, ParsedInput} from '../../../src/framework/core/spec.js'
import {makeTempDir} from '../../helpers/cli.js'

interface Run {
  code: number
  stdout: string
  stderr: string
  parsed?: ParsedInput
}

async function runCore(argv: string[], spec: Partial<CommandSpec>, result?: unknown): Promise<Run> {
  let stdout = ''
  let stderr = ''
  let parsed: ParsedInput | undefined
  const code = await invoke(
    {
      id: 'widget:show',
      bin: 'opsctl',
      ...spec,
      async run(invocation) {
        parsed = invocation.parsed
        return result
      },
    },
    {
      argv,
      env: {...process.env, AZURE_CONFIG_DIR: temp.path},
      isTTY: false,
      stdout: (t) => void (stdout += t),
      stderr: (t) => void (stderr += t),
    },
  )
  return {code, stdout, stderr, parsed}
}

/** What oclif's Command.parse gives for the same definitions (the framework's global flags aside). */
async function oclifValues(argv: string[], flags: FlagDefinitions, args: ArgDefinitions = {}, strict = true) {
  const output = await oclifParse(argv, {flags, args, strict} as never)
  return {
    flags: output.flags as Record<string, unknown>,
    args: output.args as Record<string, unknown>,
    argv: output.argv,
  }
}

/** Same values for the command's own flags and args, and the same types. */
async function expectSame(argv: string[], flags: FlagDefinitions, args: ArgDefinitions = {}, azArgv = argv) {
  const az = await runCore(azArgv, {flags, args})
  expect(az.stderr).to.equal('')
  expect(az.code).to.equal(0)
  const oclif = await oclifValues(argv, flags, args)
  for (const name of Object.keys(flags)) {
    expect(az.parsed!.flags[name], `--${name}`).to.deep.equal(oclif.flags[name])
    expect(typeof az.parsed!.flags[name]).to.equal(typeof oclif.flags[name])
  }
  for (const name of Object.keys(args)) {
    expect(az.parsed!.args[name], name).to.deep.equal(oclif.args[name])
  }
  return az.parsed!
}

async function expectUsageError(argv: string[], spec: Partial<CommandSpec>, line: string) {
  const az = await runCore(argv, spec)
  expect(az.code, az.stderr).to.equal(2)
  expect(az.stderr.split('\n')[0]).to.equal(`ERROR: ${line}`)
  expect(az.stdout).to.equal('')
  expect(az.parsed, 'run() must not run').to.equal(undefined)
}

let temp: ReturnType<typeof makeTempDir>

describe('invocation core: oclif flag and argument semantics', () => {
  before(() => {
    temp = makeTempDir('azc-core-')
  })
  after(() => temp.remove())

  it('Flags.string', async () => {
    await expectSame(['--name', 'w1'], {name: Flags.string()})
  })

  it('unambiguous prefixes and --flag=value resolve to the same value', async () => {
    const flags = {name: Flags.string(), count: Flags.integer()}
    await expectSame(['--name', 'w1', '--count', '3'], flags, {}, ['--na=w1', '--cou', '3'])
  })

  it("Flags.integer gives a number; a non-integer is argparse's invalid int value", async () => {
    const parsed = await expectSame(['--count', '42'], {count: Flags.integer()})
    expect(parsed.flags.count).to.equal(42)
    await expectUsageError(
      ['--count', 'abc'],
      {flags: {count: Flags.integer()}},
      "argument --count: invalid int value: 'abc'",
    )
  })

  it('Flags.integer min and max are usage errors', async () => {
    const flags = {count: Flags.integer({min: 1, max: 5})}
    await expectSame(['--count', '5'], flags)
    const az = await runCore(['--count', '9'], {flags})
    expect(az.code).to.equal(2)
    expect(az.stderr).to.match(/^ERROR: argument --count: Expected an integer less than or equal to 5/)
  })

  it('Flags.boolean with allowNo takes --no-x', async () => {
    const flags = {wait: Flags.boolean({allowNo: true})}
    expect((await expectSame(['--no-wait'], flags)).flags.wait).to.equal(false)
    expect((await expectSame(['--wait'], flags)).flags.wait).to.equal(true)
    await expectUsageError(['--no-wait'], {flags: {wait: Flags.boolean()}}, 'unrecognized arguments: --no-wait')
  })

  it('Flags.option and options', async () => {
    const flags = {size: Flags.option({options: ['s', 'm', 'l'] as const})()}
    await expectSame(['--size', 'm'], flags)
    await expectUsageError(
      ['--size', 'xl'],
      {flags},
      "opsctl widget show: 'xl' is not a valid value for '--size'. Allowed values: s, m, l.",
    )
  })

  it('Flags.url gives a URL', async () => {
    const parsed = await expectSame(['--endpoint', 'https://example.test/x'], {endpoint: Flags.url()})
    expect(parsed.flags.endpoint).to.be.instanceOf(URL)
    await expectUsageError(
      ['--endpoint', 'not a url'],
      {flags: {endpoint: Flags.url()}},
      'argument --endpoint: Expected a valid url but received: not a url',
    )
  })

  it('Flags.file and Flags.directory with exists', async () => {
    const file = join(temp.path, 'f.txt')
    writeFileSync(file, 'x')
    mkdirSync(join(temp.path, 'd'), {recursive: true})
    await expectSame(['--file', file, '--dir', join(temp.path, 'd')], {
      file: Flags.file({exists: true}),
      dir: Flags.directory({exists: true}),
    })
    const az = await runCore(['--file', join(temp.path, 'missing')], {flags: {file: Flags.file({exists: true})}})
    expect(az.code).to.equal(2)
    expect(az.stderr).to.match(/^ERROR: argument --file: No file found at /)
  })

  it('Flags.custom with parse; a parse that throws is exit 2', async () => {
    const length = Flags.custom<number>({parse: async (input) => input.length})
    const parsed = await expectSame(['--word', 'abcd'], {word: length()})
    expect(parsed.flags.word).to.equal(4)
    const failing = Flags.custom<number>({
      async parse() {
        throw new Error('not a widget')
      },
    })
    await expectUsageError(['--word', 'x'], {flags: {word: failing()}}, 'argument --word: not a widget')
  })

  it('env, default and an async default', async () => {
    process.env.CORE_TEST_REGION = 'westus'
    try {
      const flags = {
        region: Flags.string({env: 'CORE_TEST_REGION', required: true}),
        tier: Flags.string({default: 'basic'}),
        zone: Flags.string({default: async () => 'z1'}),
        count: Flags.integer({default: 3}),
      }
      const parsed = await expectSame([], flags)
      expect(parsed.flags).to.include({region: 'westus', tier: 'basic', zone: 'z1', count: 3})
    } finally {
      delete process.env.CORE_TEST_REGION
    }
  })

  it("required is argparse's message", async () => {
    await expectUsageError(
      [],
      {flags: {name: Flags.string({required: true})}},
      'the following arguments are required: --name',
    )
  })

  it('multiple takes nargs=+ values; given twice, az keeps the last list', async () => {
    const flags = {tag: Flags.string({multiple: true})}
    await expectSame(['--tag', 'a', '--tag', 'b'], flags, {}, ['--tag', 'a', 'b'])
    const az = await runCore(['--tag', 'a', 'b', '--tag', 'c'], {flags})
    expect(az.parsed!.flags.tag).to.deep.equal(['c'])
  })

  it('multiple with a delimiter', async () => {
    await expectSame(['--tag', 'a,b', '--tag', 'c'], {tag: Flags.string({multiple: true, delimiter: ','})}, {}, [
      '--tag',
      'a,b',
      'c',
    ])
  })

  it('exclusive, dependsOn, exactlyOne and relationships are usage errors', async () => {
    await expectUsageError(
      ['--a', 'x', '--b', 'y'],
      {flags: {a: Flags.string({exclusive: ['b']}), b: Flags.string()}},
      'argument --b: not allowed with argument --a',
    )
    await expectUsageError(
      ['--a', 'x'],
      {flags: {a: Flags.string({dependsOn: ['b']}), b: Flags.string()}},
      'All of the following must be provided when using --a: --b',
    )
    await expectUsageError(
      [],
      {flags: {a: Flags.string({exactlyOne: ['a', 'b']}), b: Flags.string({exactlyOne: ['a', 'b']})}},
      'Exactly one of the following must be provided: --a, --b',
    )
    await expectUsageError(
      ['--a', 'x'],
      {flags: {a: Flags.string({relationships: [{type: 'all', flags: ['b']}]}), b: Flags.string()}},
      'All of the following must be provided when using --a: --b',
    )
    await expectSame(['--a', 'x', '--b', 'y'], {a: Flags.string({dependsOn: ['b']}), b: Flags.string()})
  })

  it('aliases and charAliases', async () => {
    const flags = {color: Flags.string({aliases: ['colour'], charAliases: ['k']})}
    expect((await expectSame(['--colour', 'red'], flags)).flags.color).to.equal('red')
    expect((await expectSame(['-k', 'red'], flags)).flags.color).to.equal('red')
  })

  it("deprecated prints az's WARNING line; hidden flags are accepted", async () => {
    const flags = {
      old: Flags.string({deprecated: {to: 'new'}}),
      new: Flags.string(),
      secret: Flags.string({hidden: true}),
    }
    const az = await runCore(['--old', 'x', '--secret', 'y'], {flags})
    expect(az.code).to.equal(0)
    expect(az.stderr).to.equal(
      "WARNING: Argument '--old' has been deprecated and will be removed in a future release. Use '--new' instead.\n",
    )
    expect(az.parsed!.flags).to.include({old: 'x', secret: 'y'})
  })

  it('Args: required, optional, options and parse', async () => {
    const args = {
      vm: Args.string({required: true}),
      size: Args.string({options: ['s', 'm']}),
      count: Args.integer(),
    }
    const parsed = await expectSame(['myvm', 'm', '3'], {}, args)
    expect(parsed.args).to.deep.equal({vm: 'myvm', size: 'm', count: 3})
    await expectUsageError(
      [],
      {args: {vm: Args.string({required: true, ignoreStdin: true} as never)}},
      'the following arguments are required: vm',
    )
    await expectUsageError(
      ['myvm', 'xl'],
      {args},
      "opsctl widget show: 'xl' is not a valid value for 'size'. Allowed values: s, m.",
    )
    await expectUsageError(['a', 'b'], {args: {vm: Args.string()}}, 'unrecognized arguments: b')
    await expectUsageError(['myvm', 's', 'three'], {args}, 'argument count: Expected an integer but received: three')
  })

  it('static strict = false passes extra values and unknown options to argv', async () => {
    const az = await runCore(['a', '--other', 'b'], {strict: false, args: {first: Args.string()}})
    expect(az.code).to.equal(0)
    expect(az.parsed!.args.first).to.equal('a')
    expect(az.parsed!.argv).to.include.members(['a', 'b', '--other'])
  })

  it('flags of the base flags are accepted; --subscription goes with the settings', async () => {
    expect((await runCore(['--subscription', 'x'], {})).code).to.equal(0)
    await expectUsageError(
      ['--subscription', 'x'],
      {settings: {subscription: false}},
      'unrecognized arguments: --subscription x',
    )
    await expectUsageError(['-o', 'json'], {baseFlags: {}}, 'unrecognized arguments: -o json')
  })

  it('enableJsonFlag: --json prints what -o json prints', async () => {
    const result = {b: 1, a: [1, 2]}
    const json = await runCore(['--json'], {enableJsonFlag: true}, result)
    const dashO = await runCore(['-o', 'json'], {}, result)
    expect(json.code).to.equal(0)
    expect(json.stdout).to.equal(dashO.stdout)
    await expectUsageError(['--json'], {}, 'unrecognized arguments: --json')
  })

  it('--query is compiled while parsing: a bad one is exit 2 before run()', async () => {
    const az = await runCore(['--query', '[['], {})
    expect(az.code, az.stderr).to.equal(2)
    expect(az.parsed).to.equal(undefined)
    const good = await runCore(['--query', 'a', '-o', 'tsv'], {}, {a: 'x'})
    expect(good.stdout).to.equal('x\n')
  })
})
