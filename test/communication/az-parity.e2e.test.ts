/**
 * The commands against az itself: every case of test/fixtures/az-cli/captured.json (the real az
 * 2.45 with the communication extension, run by scripts/az-oracle/capture.py against the canned
 * ACS service) is replayed through bin/run.js against the same canned service. Exit code, stdout
 * and stderr must be az's byte for byte, except where a case is listed below with the reason.
 */
import {expect} from 'chai'
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {CANNED, CANNED_TLS, type CannedService, startCannedService} from '../helpers/canned-acs-service.js'
import {type CliResult, makeTempDir, runCli, runCliInTerminal} from '../helpers/cli.js'

interface CapturedCase {
  name: string
  argv: string[]
  env: Record<string, string>
  config: string
  files: Record<string, string>
  stdin: string | null
  tty: boolean
  tty_streams?: Array<'stdin' | 'stdout' | 'stderr'>
  answers?: Array<string | null>
  exit_code: number
  stdout: string
  stderr: string
  terminal?: string
  volatile?: boolean
  requests: Array<{method: string; url: string; body: string}>
}

const captured = JSON.parse(readFileSync(new URL('../fixtures/az-cli/captured.json', import.meta.url), 'utf8')) as {
  cases: CapturedCase[]
  generic: CapturedCase[]
}

/** Cases whose difference from az is deliberate; each says what is compared instead. */
type Compare = 'exit-code' | 'pending' | 'warning-and-error-lines'
const DIFFERENT: Record<string, {why: string; compare: Compare}> = {}
const differ = (names: string[], why: string, compare: Compare) => {
  for (const name of names) DIFFERENT[name] = {why, compare}
}

differ(
  [
    'help-token-issue',
    'help-token-revoke',
    'help-token-get-for-teams-user',
    'help-user-create',
    'help-user-delete',
    'help-long-flag-token-issue',
    'help-with-other-arguments',
    'help-group-user-identity',
    'help-group-token',
    'help-group-user',
    'group-without-command-token',
    'group-without-command-user-identity',
  ],
  'help is oclif help (same texts, oclif layout); a group alone shows its help instead of an argparse error',
  'pending',
)
differ(
  [
    'connection-string-from-missing-file',
    'connection-string-malformed',
    'connection-string-missing-accesskey',
    'boolean-word-only-show-errors-maybe',
    'config-file-does-not-parse',
    'revoke-terminal-answer-end-of-input',
  ],
  'az prints a Python traceback; azc prints one clear ERROR line with the same exit code',
  'exit-code',
)
differ(
  ['config-output-invalid-value'],
  'az fails with a traceback after calling the service; azc refuses the setting before sending anything',
  'exit-code',
)
differ(
  ['query-fails-evaluating'],
  'the query error quotes the issued token; azc shows *** because a token never reaches stderr',
  'exit-code',
)
differ(
  ['connection-string-unreachable-endpoint'],
  "az shows urllib3's object text; azc names the endpoint",
  'exit-code',
)
differ(
  ['only-show-errors-with-debug-conflict', 'only-show-errors-with-verbose-conflict'],
  'az prints the bare message twice (once per logging handler); azc prints it once',
  'warning-and-error-lines',
)
differ(
  ['verbose-token-issue', 'verbose-user-delete', 'verbose-service-error', 'config-only-show-errors-with-verbose'],
  "--verbose INFO lines are azc's own (one per request, with its time)",
  'warning-and-error-lines',
)

differ(
  ['debug-token-issue'],
  "--debug DEBUG lines describe each program's own internals (az's Python modules, azc's requests)",
  'warning-and-error-lines',
)

/**
 * az's generic captures (its own commands, not the communication extension) show rules of az's framework. Each is
 * replayed as the azc command line that exercises the same rule, or is pending with the reason it cannot be.
 */
const GENERIC: Record<
  string,
  {argv: string[]; expect: (text: string) => string; compare: Compare} | {pending: string}
> = {
  'generic-cloud-bad-output-choice': {
    argv: ['communication', 'user-identity', 'user', 'create', '-o', 'xml'],
    expect: (text) => text.replace('az cloud list:', 'azc communication user-identity user create:'),
    compare: 'warning-and-error-lines',
  },
  'generic-cloud-unknown-option': {
    argv: ['communication', 'user-identity', 'user', 'create', '--bogus', '1'],
    expect: (text) => text,
    compare: 'warning-and-error-lines',
  },
  'generic-cloud-expected-one-argument': {
    argv: ['communication', 'user-identity', 'user', 'create', '--output'],
    expect: (text) => text.replace('argument --name/-n:', 'argument --output/-o:'),
    compare: 'warning-and-error-lines',
  },
  'generic-cloud-query-does-not-parse': {
    argv: ['communication', 'user-identity', 'user', 'create', '--query', '['],
    expect: (text) => text,
    compare: 'warning-and-error-lines',
  },
  'generic-cloud-only-show-errors-debug-conflict': {
    argv: ['communication', 'user-identity', 'user', 'create', '--only-show-errors', '--debug', '--query', 'length(@)'],
    // az prints the bare message once per logging handler; azc once.
    expect: (text) => [...new Set(text.split('\n'))].join('\n'),
    compare: 'warning-and-error-lines',
  },
  'generic-cloud-show-name-query-tsv': {
    pending: 'az cloud show has no azc counterpart; --query with -o tsv is compared in the query-* cases',
  },
  'generic-cloud-bad-enum-choice': {
    pending: "az cloud set's --profile values have no azc counterpart; choice errors are compared in the scope-* cases",
  },
  'generic-cloud-query-fails-evaluating': {
    pending: "the error quotes az cloud list's result; the same rule is compared in query-fails-evaluating",
  },
  'generic-cloud-not-found': {pending: "az's cloud registry has no azc counterpart"},
  'generic-account-show-not-logged-in': {pending: "az login's account store has no azc counterpart"},
  'generic-misspelt-top-level-group': {
    pending: "suggestions come from each program's own command names; compared in the misspelt-* cases",
  },
  'generic-unknown-top-level-option': {
    pending: 'az names its internal _command_package argument; azc shows its root help, as oclif does',
  },
  'generic-group-without-command': {
    pending: 'a group alone shows its help instead of an argparse error (as group-without-command-*)',
  },
}

/** az names itself in argparse's choice errors; azc names itself, as az-reference.md asks. */
const asAzc = (text: string) => text.replaceAll(/^(ERROR: )az /gm, '$1azc ')

function fill(text: string, values: Record<string, string>): string {
  return asAzc(text).replaceAll(
    /\{(canned\.[\w.]+|connection_string|endpoint|host|workdir|config_dir|home)\}/g,
    (whole, key: string) => {
      if (key.startsWith('canned.')) {
        const value = key
          .split('.')
          .slice(1)
          .reduce<unknown>((at, part) => (at as Record<string, unknown>)?.[part], CANNED)
        return typeof value === 'string' ? value : whole
      }
      return values[key] ?? whole
    },
  )
}

/** az's stderr up to its usage trailer, which azc words for itself (see AzCommand.printUsageHelp). */
function beforeUsageTrailer(stderr: string): string {
  for (const marker of [
    '\n\nExamples from AI knowledge base:',
    '\n\nExamples:',
    '\n\nRead more about the command with:',
  ]) {
    const at = stderr.indexOf(marker)
    if (at !== -1) return stderr.slice(0, at + 1)
  }
  return stderr
}

const levelLines = (stderr: string) => stderr.split(/\r?\n/).filter((line) => /^(WARNING|ERROR): /.test(line))

/**
 * A request as the service sees it: method, path, query parameters and JSON body. az's Python SDK writes an unset
 * optional field as null where the JS SDK leaves it out, and each pins its own api-version (both served alike).
 */
function asServiceSees(request: {method: string; url: string; body: string}) {
  const url = new URL(request.url, 'https://service.invalid')
  const query = [...url.searchParams].filter(([name]) => name !== 'api-version').sort()
  const dropNulls = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(dropNulls)
      : value && typeof value === 'object'
        ? Object.fromEntries(
            Object.entries(value)
              .filter(([, v]) => v !== null)
              .map(([k, v]) => [k, dropNulls(v)]),
          )
        : value
  let body: unknown = request.body
  try {
    body = request.body === '' ? '' : dropNulls(JSON.parse(request.body))
  } catch {
    // Not JSON: compared as text.
  }
  return {request: `${request.method} ${url.pathname}`, query, apiVersion: url.searchParams.has('api-version'), body}
}

const cases = captured.cases

describe('the commands against captured az output', function () {
  this.timeout(60_000)
  let service: CannedService

  before(async () => {
    service = await startCannedService({tls: true})
  })
  after(() => service.close())

  it('holds every captured case', () => {
    expect(cases.length, 'captured.json cases').to.equal(254)
    expect(captured.generic.length, 'captured.json generic cases').to.equal(13)
    expect(Object.keys(GENERIC).sort(), 'a decision for every generic case').to.deep.equal(
      captured.generic.map((c) => c.name).sort(),
    )
    for (const name of Object.keys(DIFFERENT))
      expect(
        cases.some((c) => c.name === name),
        name,
      ).to.equal(true)
  })

  for (const testCase of cases) {
    const difference = DIFFERENT[testCase.name]
    if (difference?.compare === 'pending') {
      it(`${testCase.name} (pending: ${difference.why})`)
      continue
    }
    const title = `${testCase.name}${difference ? ` (${difference.compare}: ${difference.why})` : ''}`
    it(title, () => replay(testCase, difference?.compare))
  }

  describe("az's generic captures, as the azc command that shows the same rule", () => {
    for (const generic of captured.generic) {
      const plan = GENERIC[generic.name]
      if (!plan || 'pending' in plan) {
        it(`${generic.name} (pending: ${plan?.pending ?? 'no decision yet'})`)
        continue
      }
      it(`${generic.name}: ${plan.argv.slice(2).join(' ')}`, () =>
        replay({...generic, argv: plan.argv, stderr: plan.expect(generic.stderr)}, plan.compare))
    }
  })

  async function replay(testCase: CapturedCase, compare?: Compare): Promise<void> {
    {
      const temp = makeTempDir()
      try {
        const home = join(temp.path, 'home')
        const configDir = join(temp.path, 'config')
        const workdir = join(temp.path, 'work')
        for (const dir of [home, configDir, workdir]) mkdirSync(dir)
        const endpoint = service.url.replace(/\/$/, '')
        const values = {
          connection_string: service.connectionString,
          endpoint,
          host: new URL(service.url).host,
          workdir,
          config_dir: configDir,
          home,
        }
        writeFileSync(join(configDir, 'config'), fill(testCase.config, values))
        for (const [name, content] of Object.entries(testCase.files ?? {}))
          writeFileSync(join(workdir, name), fill(content, values))
        const env: Record<string, string> = {
          HOME: home,
          AZURE_CONFIG_DIR: configDir,
          NODE_EXTRA_CA_CERTS: CANNED_TLS.certPath,
        }
        for (const [name, value] of Object.entries(testCase.env ?? {})) env[name] = fill(value, values)
        const argv = testCase.argv.map((arg) => fill(arg, values))
        service.requests.length = 0

        let result: CliResult & {terminal?: string}
        if (testCase.tty) {
          result = await runCliInTerminal(argv, {
            env,
            cwd: workdir,
            streams: testCase.tty_streams,
            answers: testCase.answers,
          })
        } else {
          result = await runCli(argv, {
            env,
            cwd: workdir,
            input: testCase.stdin === null ? undefined : fill(testCase.stdin, values),
          })
        }

        expect(result.code, `exit code; stderr: ${result.stderr}`).to.equal(testCase.exit_code)
        if (compare === 'exit-code') {
          expect(result.stderr, 'one clear error, no traceback').to.not.match(/Traceback|\n\s+at /)
          return
        }

        const expectedStdout = fill(testCase.stdout, values)
        expect(result.stdout, 'stdout').to.equal(expectedStdout)
        if (compare === 'warning-and-error-lines') {
          expect(levelLines(result.stderr), 'WARNING/ERROR lines').to.deep.equal(
            levelLines(fill(testCase.stderr, values)),
          )
        } else {
          expect(beforeUsageTrailer(result.stderr), 'stderr').to.equal(
            beforeUsageTrailer(fill(testCase.stderr, values)),
          )
        }

        if (testCase.terminal !== undefined) {
          expect(beforeUsageTrailer(result.terminal!.replaceAll('\r\n', '\n'))).to.equal(
            beforeUsageTrailer(fill(testCase.terminal, values).replaceAll('\r\n', '\n')),
          )
        }

        // The same requests reached the service (nothing at all when az sent nothing): method, path, query, body.
        expect(service.requests.map(asServiceSees), 'requests sent').to.deep.equal(testCase.requests.map(asServiceSees))
      } finally {
        temp.remove()
      }
    }
  }
})
