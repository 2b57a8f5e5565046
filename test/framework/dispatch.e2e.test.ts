/**
 * Dispatch through bin/run.js: `-h` wherever `--help` works, and a group followed by options before
 * the command's word answered as az answers it.
 */
import {expect} from 'chai'

import {makeTempDir, runCli} from '../helpers/cli.js'

describe('dispatch (bin/run.js)', function () {
  this.timeout(120_000)
  let temp: ReturnType<typeof makeTempDir>
  const run = (args: string[]) =>
    runCli(args, {env: {AZURE_CONFIG_DIR: temp.path, HOME: temp.path, AZC_NO_FAST_PATH: '1'}})

  beforeEach(() => {
    temp = makeTempDir()
  })
  afterEach(() => temp.remove())

  it('azc -h is azc --help, exit 0', async () => {
    const [short, long] = await Promise.all([run(['-h']), run(['--help'])])
    expect(short.code).to.equal(0)
    expect(short.stderr).to.equal('')
    expect(short.stdout).to.equal(long.stdout)
  })

  for (const words of [
    ['autocomplete'],
    ['communication'],
    ['communication', 'user-identity', 'token'],
    ['communication', 'user-identity', 'token', 'issue'],
  ]) {
    it(`azc ${words.join(' ')} -h is its --help`, async () => {
      const [short, long] = await Promise.all([run([...words, '-h']), run([...words, '--help'])])
      expect(short.code).to.equal(0)
      expect(short.stdout).to.include('USAGE')
      expect(short.stdout).to.equal(long.stdout)
    })
  }

  // argparse's help action ends parsing where it stands: no required option or unknown argument after it counts.
  for (const argv of [['--hel'], ['--scope', 'chat', '--he', '--bogus'], ['--user', 'x', '-h']]) {
    it(`token issue ${argv.join(' ')} is its help, exit 0, on both paths`, async () => {
      const words = ['communication', 'user-identity', 'token', 'issue']
      const env = {AZURE_CONFIG_DIR: temp.path, HOME: temp.path}
      const [oclif, fast, help] = await Promise.all([
        run([...words, ...argv]),
        runCli([...words, ...argv], {env}),
        run([...words, '--help']),
      ])
      for (const result of [oclif, fast]) {
        expect(result.code, result.stderr).to.equal(0)
        expect(result.stdout).to.equal(help.stdout)
      }
    })
  }

  it("a group, then options before the command word: az's unrecognized arguments, exit 2", async () => {
    const result = await run([
      'communication',
      'user-identity',
      'token',
      '--only-show-errors',
      'issue',
      '--scope',
      'chat',
    ])
    expect(result.code).to.equal(2)
    expect(result.stdout).to.equal('')
    expect(result.stderr).to.equal('ERROR: unrecognized arguments: --only-show-errors --scope chat\n')
  })

  it('a group alone still shows its help', async () => {
    const result = await run(['communication', 'user-identity', 'token'])
    expect(result.code).to.equal(0)
    expect(result.stdout).to.include('USAGE')
  })
})
