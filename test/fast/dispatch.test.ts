/**
 * The launcher's dispatch (src/fast/launcher.cts) against oclif's own: for thousands of command lines made
 * of the words and options that matter (every bundled command, misspellings, `name=value` words, help in
 * all its forms, `--`), whenever the launcher runs a bundled command oclif would run the same command
 * with the same arguments and no help (oclif's normalizeArgv and helpAddition, over this package's
 * config), and argparse would not read help in them; whenever it serves the build's help text, oclif
 * would show that command's help. Everything else it hands to oclif itself.
 */
import {Config} from '@oclif/core'
import {normalizeArgv} from '@oclif/core/help'
import {helpAddition} from '@oclif/core/run'
import {expect} from 'chai'
import {readFileSync} from 'node:fs'
import {join} from 'node:path'

import {dispatch, type FastTable} from '../../src/fast/launcher.cjs'
import {type OptionSpec, parseArguments} from '../../src/framework/argparse.js'
import {ROOT} from '../helpers/cli.js'

const table = JSON.parse(readFileSync(join(ROOT, 'lib', 'fast', 'commands.json'), 'utf8')) as FastTable

/** Options of the kinds the bundled commands have: switches (one with a short form) and options taking values. */
const SPECS: OptionSpec[] = [
  {dest: 'help', optionStrings: ['--help', '-h'], nargs: 'zero'},
  {dest: 'verbose', optionStrings: ['--verbose'], nargs: 'zero'},
  {dest: 'debug', optionStrings: ['--debug'], nargs: 'zero'},
  {dest: 'output', optionStrings: ['--output', '-o'], nargs: 'one'},
  {dest: 'query', optionStrings: ['--query'], nargs: 'one'},
  {dest: 'scope', optionStrings: ['--scope', '-s'], nargs: 'oneOrMore'},
  {dest: 'user', optionStrings: ['--user', '-u'], nargs: 'one'},
  {dest: 'yes', optionStrings: ['--yes', '-y'], nargs: 'zero'},
]

/** Whether argparse would read help in these arguments (a usage error is not help). */
function argparseHelp(argv: string[]): boolean {
  try {
    return Boolean(parseArguments(argv, SPECS, 'azc').values.help)
  } catch {
    return false
  }
}

const TOKENS = [
  '--help',
  '-h',
  '--h',
  '--he',
  '--hel',
  '--help=1',
  '--hel=',
  '-yh',
  '-hy',
  '-oh',
  '-uh',
  '-y',
  '-o',
  'json',
  '--',
  '--scope',
  'chat',
  'x',
  'a=b',
  '--debug',
  '--query',
  '-',
  '--output=json',
  '--yes',
  '-yo',
  '--HELP',
  'help',
]

/** A small deterministic generator, so a failure can be reproduced. */
function* random(seed: number): Generator<number> {
  let state = seed
  for (;;) {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31
    yield state / 2 ** 31
  }
}

function commandLines(): string[][] {
  const heads: string[][] = []
  for (const words of Object.keys(table.commands)) {
    const parts = words.split(' ')
    heads.push(
      parts,
      parts.slice(0, -1),
      [...parts.slice(0, -1), `${parts.at(-1)}x`],
      [...parts, 'extra'],
      [...parts.slice(0, -1), 'a=b', parts.at(-1)!],
    )
  }
  heads.push([], ['communication'], ['communication', 'emulator', 'start'], ['autocomplete'])
  const tails: string[][] = [[]]
  for (const a of TOKENS) {
    tails.push([a])
    for (const b of TOKENS) tails.push([a, b])
  }
  const next = random(20_261_130)
  for (let i = 0; i < 1500; i++) {
    const length = 3 + Math.floor(next.next().value * 3)
    tails.push(Array.from({length}, () => TOKENS[Math.floor(next.next().value * TOKENS.length)]))
  }
  return heads.flatMap((head) => tails.map((tail) => [...head, ...tail]))
}

describe("the fast path's dispatch agrees with oclif's", function () {
  this.timeout(300_000)
  let config: Config

  before(async () => {
    config = await Config.load({root: ROOT, userPlugins: false, pluginAdditions: {core: ['@oclif/plugin-help']}})
  })

  it('runs a command only where oclif would run it with the same arguments, and serves help only where oclif shows it', () => {
    const counts = {run: 0, help: 0, oclif: 0}
    for (const argv of commandLines()) {
      const way = dispatch(argv, table.commands, {helpIsPlain: true})
      counts[way.kind]++
      if (way.kind === 'oclif') continue
      const [id, ...rest] = normalizeArgv(config, [...argv])
      const what = JSON.stringify(argv)
      expect(id, what).to.equal(table.commands[way.words].id)
      expect(config.findCommand(id), what).to.not.equal(undefined)
      if (way.kind === 'help') {
        expect(helpAddition([...argv], config), what).to.equal(true)
        expect(rest, what).to.deep.equal(['--help'])
      } else {
        expect(helpAddition([...argv], config), what).to.equal(false)
        expect(way.rest, what).to.deep.equal(rest)
        expect(argparseHelp(way.rest), what).to.equal(false)
      }
    }

    // And it does not step aside for nothing: most command lines of a bundled command run it.
    expect(counts.run).to.be.greaterThan(3000)
    expect(counts.help).to.equal(Object.keys(table.commands).length)
  })

  it('leaves help on a terminal, or coloured, or at other widths, to oclif', () => {
    for (const words of Object.keys(table.commands)) {
      expect(dispatch([...words.split(' '), '--help'], table.commands, {helpIsPlain: false})).to.deep.equal({
        kind: 'oclif',
      })
    }
  })
})
