/**
 * The base class end to end: the sample plugin of test/fixtures (commands that extend AzCommand)
 * run through bin/run.js as a child process, linked as a user plugin of the real CLI.
 */
import {expect} from 'chai'
import {existsSync, mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {type CliOptions, makeTempDir, runCli, runCliInTerminal, sampleDataDir} from '../helpers/cli.js'

const RESULT = JSON.stringify([
  {name: 'b-item', id: '/x/1', count: 2, enabled: true, tags: {env: 'prod'}},
  {name: 'a-item', id: '/x/2', count: 10, enabled: false, tags: {}},
])
const PREVIEW =
  "WARNING: Command group 'sample' is in preview and under development. Reference and support levels: https://aka.ms/CLI_refstatus\n"

describe('AzCommand through bin/run.js', function () {
  this.timeout(120_000)
  let temp: ReturnType<typeof makeTempDir>
  let config: string
  let run: (args: string[], options?: CliOptions) => ReturnType<typeof runCli>

  beforeEach(() => {
    temp = makeTempDir()
    config = join(temp.path, 'config-dir')
    const data = sampleDataDir(temp.path)
    run = (args, options = {}) =>
      runCli(args, {...options, env: {AZURE_CONFIG_DIR: config, AZC_DATA_DIR: data, ...options.env}})
  })
  afterEach(() => temp.remove())

  const writeConfig = (text: string) => {
    mkdirSync(config, {recursive: true})
    writeFileSync(join(config, 'config'), text)
  }

  describe('output', () => {
    it('prints json with sorted keys by default, and the preview notice on stderr', async () => {
      const result = await run(['sample', 'echo', '--result', '{"b": 1, "a": "x"}'])
      expect(result.code).to.equal(0)
      expect(result.stdout).to.equal('{\n  "a": "x",\n  "b": 1\n}\n')
      expect(result.stderr).to.equal(PREVIEW)
    })

    it('renders -o table with az row rules', async () => {
      const result = await run(['sample', 'echo', '--result', RESULT, '-o', 'table'])
      expect(result.code).to.equal(0)
      expect(result.stdout).to.equal(
        'Count    Enabled    Name\n-------  ---------  ------\n2        True       b-item\n10       False      a-item\n',
      )
    })

    it('keeps the query order in table output', async () => {
      const result = await run([
        'sample',
        'echo',
        '--result',
        RESULT,
        '-o',
        'table',
        '--query',
        '[].{Name: name, C: count}',
      ])
      expect(result.stdout).to.equal('Name    C\n------  ---\nb-item  2\na-item  10\n')
    })

    it('prints a tsv value raw for scripts: token=$(... --query x -o tsv)', async () => {
      const result = await run([
        'sample',
        'echo',
        '--result',
        '{"token": "eyJ0eXAi.abc"}',
        '--query',
        'token',
        '-o',
        'tsv',
      ])
      expect(result.stdout).to.equal('eyJ0eXAi.abc\n')
    })

    it('prints nothing when the query matches nothing', async () => {
      const result = await run(['sample', 'echo', '--result', RESULT, '--query', 'missing'])
      expect(result.code).to.equal(0)
      expect(result.stdout).to.equal('')
    })

    it('prints nothing with -o none', async () => {
      const result = await run(['sample', 'echo', '--result', RESULT, '-o', 'none'])
      expect(result.stdout).to.equal('')
    })

    it('accepts -o in any case, as az lower-cases it', async () => {
      const result = await run(['sample', 'echo', '--result', '[1]', '-o', 'TSV'])
      expect(result.stdout).to.equal('1\n')
    })

    it('writes jsonc without colour when stdout is not a terminal', async () => {
      const result = await run(['sample', 'echo', '--result', '{"a": 1}', '-o', 'jsonc'])
      expect(result.stdout).to.equal('{\n  "a": 1\n}\n')
    })

    it('writes jsonc with colour on a terminal', async () => {
      const result = await runCliInTerminal(['sample', 'echo', '--result', '{"a": 1}', '-o', 'jsonc'], {
        env: {AZURE_CONFIG_DIR: config, AZC_DATA_DIR: temp.path, TERM: 'xterm'},
      })
      expect(result.code).to.equal(0)
      expect(result.terminal).to.include('\u001B[')
      expect(result.terminal.replaceAll(/\u001B\[[\d;]*m/g, '')).to.include('"a": 1')
    })

    for (const [name, env] of [
      ['NO_COLOR', {NO_COLOR: '1'}],
      ['AZURE_CORE_NO_COLOR', {AZURE_CORE_NO_COLOR: 'true'}],
    ] as const) {
      it(`writes jsonc without colour on a terminal when ${name} is set`, async () => {
        const result = await runCliInTerminal(
          ['sample', 'echo', '--result', '{"a": 1}', '-o', 'jsonc', '--warn', 'w'],
          {
            env: {AZURE_CONFIG_DIR: config, AZC_DATA_DIR: temp.path, TERM: 'xterm', ...env},
          },
        )
        expect(result.terminal).to.not.include('\u001B[')
        expect(result.terminal).to.include('WARNING: w')
      })
    }
  })

  describe('configuration', () => {
    it('takes the default output from [core] output in the config file', async () => {
      writeConfig('[core]\noutput = tsv\n')
      const result = await run(['sample', 'echo', '--result', '{"b": 1, "a": "x"}'])
      expect(result.stdout).to.equal('x\t1\n')
    })

    it('lets AZURE_CORE_OUTPUT win over the file, and -o over both', async () => {
      writeConfig('[core]\noutput = tsv\n')
      const fromEnv = await run(['sample', 'echo', '--result', '[1]'], {env: {AZURE_CORE_OUTPUT: 'yaml'}})
      expect(fromEnv.stdout).to.equal('- 1\n')
      const fromFlag = await run(['sample', 'echo', '--result', '[1]', '-o', 'json'], {
        env: {AZURE_CORE_OUTPUT: 'yaml'},
      })
      expect(fromFlag.stdout).to.equal('[\n  1\n]\n')
    })

    it('hides warnings and the preview notice with core.only_show_errors', async () => {
      writeConfig('[core]\nonly_show_errors = yes\n')
      const result = await run(['sample', 'echo', '--result', '1', '--warn', 'careful'])
      expect(result.stderr).to.equal('')
    })

    it('rejects a config output that is not a format, naming where it came from', async () => {
      const result = await run(['sample', 'echo', '--result', '1'], {env: {AZURE_CORE_OUTPUT: 'xml'}})
      expect(result.code).to.equal(1)
      expect(result.stderr).to.include("ERROR: 'xml' is not a valid value for core.output (from AZURE_CORE_OUTPUT)")
    })
  })

  describe('logging', () => {
    it('prints warnings as WARNING: lines on stderr', async () => {
      const result = await run(['sample', 'echo', '--result', '1', '--warn', 'careful'])
      expect(result.stderr).to.equal(`${PREVIEW}WARNING: careful\n`)
    })

    it('suppresses warnings and notices with --only-show-errors', async () => {
      const result = await run(['sample', 'echo', '--result', '1', '--warn', 'careful', '--only-show-errors'])
      expect(result.stderr).to.equal('')
      expect(result.stdout).to.equal('1\n')
    })

    it('adds INFO lines with --verbose', async () => {
      const result = await run(['sample', 'echo', '--result', '1', '--verbose'])
      expect(result.stderr).to.include('INFO: echo ran\n')
      expect(result.stderr).to.match(
        /INFO: Command ran in \d+\.\d{3} seconds \(init: \d+\.\d{3}, invoke: \d+\.\d{3}\)\n/,
      )
      expect(result.stderr).to.not.include('DEBUG:')
    })

    it('adds DEBUG lines with the logger name with --debug', async () => {
      const result = await run(['sample', 'echo', '--result', '1', '--debug'])
      expect(result.stderr).to.include('DEBUG: cli.azc: echo debug line\n')
    })

    it('refuses --only-show-errors with --debug or --verbose', async () => {
      for (const other of ['--debug', '--verbose']) {
        const result = await run(['sample', 'echo', '--result', '1', '--only-show-errors', other])
        expect(result.code).to.equal(1)
        // az raises this before its logging is set up: the bare message, no ERROR: prefix.
        expect(result.stderr).to.equal("--only-show-errors can't be used together with --debug or --verbose\n")
        expect(result.stdout).to.equal('')
      }
    })
  })

  describe('errors and exit codes', () => {
    it('exits 2 with az wording for a missing required option', async () => {
      const result = await run(['sample', 'echo'])
      expect(result.code).to.equal(2)
      expect(result.stderr).to.equal(
        'ERROR: the following arguments are required: --result\n\nExamples:\n' +
          `azc sample echo --result '{"a": 1}'\nEcho an object\n\n` +
          'Read more about the command with: azc sample echo --help\n',
      )
    })

    it('exits 2 with az wording for an unknown option', async () => {
      const result = await run(['sample', 'echo', '--result', '1', '--bogus', '1'])
      expect(result.code).to.equal(2)
      expect(result.stderr).to.equal(
        'ERROR: unrecognized arguments: --bogus 1\n\nRead more about the command with: azc sample echo --help\n',
      )
    })

    it('exits 2 with az wording for a bad choice, naming this CLI', async () => {
      const result = await run(['sample', 'echo', '--result', '1', '-o', 'xml'])
      expect(result.code).to.equal(2)
      expect(result.stderr).to.equal(
        "ERROR: azc sample echo: 'xml' is not a valid value for '--output'. Allowed values: json, jsonc, yaml, yamlc, table, tsv, none.\n" +
          `\nExamples:\nazc sample echo --result '{"a": 1}'\nEcho an object\n\n` +
          'Read more about the command with: azc sample echo --help\n',
      )
    })

    it('exits 2 for a query that does not parse, before the command runs', async () => {
      const result = await run(['sample', 'echo', '--result', '1', '--warn', 'ran', '--query', '[?'])
      expect(result.code).to.equal(2)
      expect(result.stderr).to.equal(
        "ERROR: argument --query: invalid jmespath_type value: '[?'\n" +
          "To learn more about --query, please visit: 'https://docs.microsoft.com/cli/azure/query-azure-cli'\n",
      )
    })

    it('exits 1 for a query that fails while evaluating', async () => {
      const result = await run(['sample', 'echo', '--result', '{"a": 1}', '--query', 'length(a)'])
      expect(result.code).to.equal(1)
      expect(result.stderr).to.match(
        /^WARNING: Command group 'sample'.*\nERROR: Invalid jmespath query supplied for `--query`: .*length\(\)/,
      )
    })

    it('prints an empty line when nothing in the result is tabular, as knack does', async () => {
      const result = await run(['sample', 'echo', '--result', '{"a": {"b": 1}}', '-o', 'table'])
      expect(result.code).to.equal(0)
      expect(result.stdout).to.equal('\n')
    })

    it('prints an az error and its recommendation, exit 1', async () => {
      const result = await run(['sample', 'fail', '--kind', 'error'])
      expect(result.code).to.equal(1)
      expect(result.stderr).to.equal(
        'WARNING: This command is experimental and under development. Reference and support levels: https://aka.ms/CLI_refstatus\n' +
          'ERROR: Something went wrong.\nTry again later.\n',
      )
    })

    it('exits 3 for not found', async () => {
      const result = await run(['sample', 'fail', '--kind', 'notfound', '--only-show-errors'])
      expect(result.code).to.equal(3)
      expect(result.stderr).to.equal('ERROR: The thing was not found.\n')
    })

    it('prints a service error as (Code) Message / Code / Message / Target, exit 1', async () => {
      const result = await run(['sample', 'fail', '--kind', 'service', '--only-show-errors'])
      expect(result.code).to.equal(1)
      expect(result.stderr).to.equal(
        'ERROR: (ValidationError) Provided AppId has invalid format.\nCode: ValidationError\n' +
          'Message: Provided AppId has invalid format.\nTarget: appId\n',
      )
    })

    it('prints an unexpected exception as one ERROR line and a hint, never a stack trace', async () => {
      const result = await run(['sample', 'fail', '--kind', 'unexpected', '--only-show-errors'])
      expect(result.code).to.equal(1)
      expect(result.stderr).to.equal(
        "ERROR: The command failed with an unexpected error: Cannot read properties of undefined (reading 'x')\n" +
          'Run the command again with --debug for more details.\n',
      )
    })

    it('shows the stack trace with --debug', async () => {
      const result = await run(['sample', 'fail', '--kind', 'unexpected', '--debug'])
      expect(result.code).to.equal(1)
      expect(result.stderr).to.match(/DEBUG: cli\.azc: TypeError: Cannot read properties.*\n\s+at /)
    })

    it('exits 130 on Ctrl-C', async () => {
      const {spawn} = await import('node:child_process')
      const {BIN, cleanEnv} = await import('../helpers/cli.js')
      const child = spawn(process.execPath, [BIN, 'sample', 'fail', '--kind', 'hang'], {
        env: cleanEnv({AZURE_CONFIG_DIR: config, AZC_DATA_DIR: temp.path}),
      })
      await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()))
      child.kill('SIGINT')
      const code = await new Promise((resolve) => child.on('close', resolve))
      expect(code).to.equal(130)
    })
  })

  describe('--subscription', () => {
    it("is accepted, with az's warning when az has no such subscription", async () => {
      const result = await run(['sample', 'echo', '--result', '1', '--subscription', 'prod'])
      expect(result.code).to.equal(0)
      expect(result.stderr).to.equal(`WARNING: Subscription 'prod' not recognized.\n${PREVIEW}`)
    })

    it('is accepted silently when az knows it (by name or id) from azureProfile.json', async () => {
      mkdirSync(config, {recursive: true})
      const profile = {subscriptions: [{id: '00000000-0000-0000-0000-00000000000a', name: 'Prod'}]}
      writeFileSync(join(config, 'azureProfile.json'), `\uFEFF${JSON.stringify(profile)}`)
      for (const value of ['prod', '00000000-0000-0000-0000-00000000000A']) {
        const result = await run(['sample', 'echo', '--result', '1', '--subscription', value])
        expect(result.stderr).to.equal(PREVIEW)
      }
    })
  })

  describe('@file arguments', () => {
    it('reads an option value from @path', async () => {
      const file = join(temp.path, 'result.json')
      writeFileSync(file, '{"from": "file"}\n')
      const result = await run(['sample', 'echo', '--result', `@${file}`, '--query', 'from', '-o', 'tsv'])
      expect(result.stdout).to.equal('file\n')
    })

    it('reads an option value from standard input with @-', async () => {
      const result = await run(['sample', 'echo', '--result=@-', '--query', 'from', '-o', 'tsv'], {
        input: '{"from": "stdin"}',
      })
      expect(result.stdout).to.equal('stdin\n')
    })
  })

  describe('confirmation', () => {
    const DEPRECATED =
      "WARNING: This command is implicitly deprecated because command group 'sample old' is deprecated and will be removed in a future release. Use 'sample new' instead.\n"

    it('refuses without a terminal: warning, Operation cancelled, exit 1, nothing done', async () => {
      const marker = join(temp.path, 'marker')
      const result = await run(['sample', 'delete', '--marker', marker])
      expect(result.code).to.equal(1)
      expect(result.stderr).to.equal(
        `${DEPRECATED}WARNING: Unable to prompt for confirmation as no tty available. Use --yes.\nERROR: Operation cancelled.\n`,
      )
      expect(existsSync(marker)).to.equal(false)
    })

    it('goes ahead with --yes or -y', async () => {
      for (const flag of ['--yes', '-y']) {
        const marker = join(temp.path, `marker${flag}`)

        const result = await run(['sample', 'delete', '--marker', marker, flag])
        expect(result.code).to.equal(0)
        expect(existsSync(marker)).to.equal(true)
      }
    })

    it('goes ahead when core.disable_confirm_prompt is set', async () => {
      const marker = join(temp.path, 'marker')
      const result = await run(['sample', 'delete', '--marker', marker], {
        env: {AZURE_CORE_DISABLE_CONFIRM_PROMPT: 'yes'},
      })
      expect(result.code).to.equal(0)
      expect(existsSync(marker)).to.equal(true)
    })

    it('asks on a terminal and goes ahead on y', async () => {
      const marker = join(temp.path, 'marker')
      const result = await runCliInTerminal(['sample', 'delete', '--marker', marker], {
        env: {AZURE_CONFIG_DIR: config, AZC_DATA_DIR: temp.path, NO_COLOR: '1'},
        answers: ['y'],
      })
      expect(result.terminal).to.include('Are you sure you want to perform this operation? (y/n): ')
      expect(result.code).to.equal(0)
      expect(existsSync(marker)).to.equal(true)
    })

    it('asks again after an answer that is neither y nor n, and cancels on n', async () => {
      const marker = join(temp.path, 'marker')
      const result = await runCliInTerminal(['sample', 'delete', '--marker', marker], {
        env: {AZURE_CONFIG_DIR: config, AZC_DATA_DIR: temp.path, NO_COLOR: '1'},
        answers: ['maybe', 'n'],
      })
      expect(result.terminal.split('Are you sure you want to perform this operation? (y/n): ').length).to.equal(3)
      expect(result.terminal).to.include('ERROR: Operation cancelled.')
      expect(result.code).to.equal(1)
      expect(existsSync(marker)).to.equal(false)
    })
  })
})
