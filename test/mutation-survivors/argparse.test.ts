/**
 * argparse behaviour the Python-generated fixture cannot show: the `given` list, converters that raise their own
 * message, and options whose empty value skips the choices check (the fixture's parser has neither).
 */
import {expect} from 'chai'

import {ArgumentTypeError, ArgumentValueError, type OptionSpec, parseArguments} from '../../src/framework/argparse.js'
import {ArgumentUsageError} from '../../src/framework/errors.js'

const specs: OptionSpec[] = [
  {dest: 'yes', optionStrings: ['--yes', '-y'], nargs: 'zero'},
  {dest: 'output', optionStrings: ['--output', '-o'], nargs: 'one', choices: ['json', 'tsv']},
  {
    dest: 'scope',
    optionStrings: ['--scope'],
    nargs: 'oneOrMore',
    choices: ['chat', 'voip'],
    emptyBypassesChoices: true,
  },
  {
    dest: 'minutes',
    optionStrings: ['--minutes', '-m'],
    nargs: 'one',
    convert(value) {
      if (value === 'huge') throw new ArgumentValueError('must be at most 1440')
      if (value === 'boom') throw new RangeError('not an argparse error')
      if (!/^\d+$/.test(value)) throw new ArgumentTypeError('int')
      return Number(value)
    },
  },
]
const parse = (argv: string[]) => parseArguments(argv, specs, 'prog')
const failure = (argv: string[]) => {
  try {
    parse(argv)
  } catch (error) {
    return error as Error & {exitCode?: number}
  }
  throw new Error('parsed')
}

describe('argparse: what the fixture cannot show', () => {
  it('lists the options given, in command-line order, repeats included', () => {
    expect(parse(['-y', '--scope', 'chat', '-o', 'json', '--yes', '-yojson']).given).to.deep.equal([
      'yes',
      'scope',
      'output',
      'yes',
      'yes',
      'output',
    ])
    expect(parse(['-o', 'json']).given).to.deep.equal(['output'])
    expect(parse([]).given).to.deep.equal([])
    expect(parse(['--sc=chat']).values).to.deep.equal({scope: ['chat']})
    expect(parse(['--yes']).values).to.deep.equal({yes: true})
  })

  it('skips the choices check for an empty value only where the option asks for it', () => {
    expect(parse(['--scope', '']).values).to.deep.equal({scope: ['']})
    expect(parse(['--scope', 'chat', '']).values).to.deep.equal({scope: ['chat', '']})
    expect(failure(['--scope', 'x']).message).to.equal(
      "prog: 'x' is not a valid value for '--scope'. Allowed values: chat, voip.",
    )
    const empty = failure(['--output', ''])
    expect(empty.message).to.equal("prog: '' is not a valid value for '--output'. Allowed values: json, tsv.")
    expect(empty.exitCode).to.equal(2)
  })

  it("reports a converter's own message after the option names, as a usage error", () => {
    const error = failure(['-m', 'huge'])
    expect(error).to.be.instanceOf(ArgumentUsageError)
    expect(error.message).to.equal('argument --minutes/-m: must be at most 1440')
    expect(error.exitCode).to.equal(2)
    expect(failure(['-m', 'x']).message).to.equal("argument --minutes/-m: invalid int value: 'x'")
    expect(parse(['-m', '5']).values).to.deep.equal({minutes: 5})
  })

  it('lets other converter errors through unchanged', () => {
    const error = failure(['--minutes', 'boom'])
    expect(error).to.be.instanceOf(RangeError)
    expect(error.message).to.equal('not an argparse error')
  })

  it('words ArgumentTypeError as argparse does', () => {
    const error = new ArgumentTypeError('int')
    expect([error.typeName, error.message]).to.deep.equal(['int', 'invalid int value'])
  })
})
