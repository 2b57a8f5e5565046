import {expect} from 'chai'
import {readFileSync} from 'node:fs'

import {ArgumentTypeError, OptionSpec, parseArguments} from '../../src/framework/argparse.js'
import {AzCliError} from '../../src/framework/errors.js'
import {itHasCases} from '../helpers/fixture-size.js'

// Cases and expectations come from Python's argparse itself: scripts/fixtures/gen-argparse-cases.py.
const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/framework/argparse-cases.json', import.meta.url), 'utf8'),
) as {
  prog: string
  cases: Array<{argv: string[]; values?: Record<string, unknown>; error?: string}>
}

const FORMATS = ['json', 'jsonc', 'yaml', 'yamlc', 'table', 'tsv', 'none']
const specs: OptionSpec[] = [
  {dest: 'help', optionStrings: ['--help', '-h'], nargs: 'zero'},
  {dest: 'verbose', optionStrings: ['--verbose'], nargs: 'zero'},
  {dest: 'debug', optionStrings: ['--debug'], nargs: 'zero'},
  {dest: 'only-show-errors', optionStrings: ['--only-show-errors'], nargs: 'zero'},
  {dest: 'output', optionStrings: ['--output', '-o'], nargs: 'one', choices: FORMATS, convert: (v) => v.toLowerCase()},
  {dest: 'query', optionStrings: ['--query'], nargs: 'one'},
  {dest: 'scope', optionStrings: ['--scope'], nargs: 'oneOrMore', required: true},
  {dest: 'user', optionStrings: ['--user'], nargs: 'one'},
  {dest: 'connection-string', optionStrings: ['--connection-string'], nargs: 'one'},
  {
    dest: 'expires-in-minutes',
    optionStrings: ['--expires-in-minutes'],
    nargs: 'one',
    convert(value) {
      if (!/^\s*[+-]?\d+(?:_\d+)*\s*$/.test(value)) throw new ArgumentTypeError('int')
      return Number(value.replaceAll('_', '').trim())
    },
  },
  {dest: 'yes', optionStrings: ['--yes', '-y'], nargs: 'zero'},
  {dest: 'subscription', optionStrings: ['--subscription'], nargs: 'one'},
]

describe('argparse rules (compared with Python argparse)', () => {
  itHasCases('argparse-cases.json', fixture.cases, 100)
  for (const testCase of fixture.cases) {
    const title = `${JSON.stringify(testCase.argv)} -> ${testCase.error ?? JSON.stringify(testCase.values)}`
    it(title, () => {
      if (testCase.error === undefined) {
        expect(parseArguments(testCase.argv, specs, fixture.prog).values).to.deep.equal(testCase.values)
      } else {
        expect(() => parseArguments(testCase.argv, specs, fixture.prog)).to.throw(AzCliError, testCase.error)
        try {
          parseArguments(testCase.argv, specs, fixture.prog)
        } catch (error) {
          expect((error as AzCliError).message).to.equal(testCase.error)
          expect((error as AzCliError).exitCode, 'usage errors exit 2').to.equal(2)
        }
      }
    })
  }

  it('lists every missing required option, in declaration order', () => {
    const required: OptionSpec[] = [
      {dest: 'aad-token', optionStrings: ['--aad-token'], nargs: 'one', required: true},
      {dest: 'client', optionStrings: ['--client'], nargs: 'one', required: true},
      {dest: 'aad-user', optionStrings: ['--aad-user'], nargs: 'one', required: true},
    ]
    expect(() => parseArguments(['--client', 'c'], required, 'p')).to.throw(
      'the following arguments are required: --aad-token, --aad-user',
    )
  })
})
