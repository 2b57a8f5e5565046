import {expect} from 'chai'

import {AzLogger, LogLevel} from '../../src/framework/log.js'
import {statusNotice} from '../../src/framework/status.js'

function capture(level: LogLevel, color = false) {
  const lines: string[] = []
  const logger = new AzLogger({level, color, write: (text) => lines.push(text)})
  return {lines, logger}
}

describe('az-style logging', () => {
  it('prefixes warnings and errors with their level', () => {
    const {lines, logger} = capture('warning')
    logger.warning('careful')
    logger.error('broken')
    expect(lines).to.deep.equal(['WARNING: careful\n', 'ERROR: broken\n'])
  })

  it('hides info and debug lines by default', () => {
    const {lines, logger} = capture('warning')
    logger.info('i')
    logger.debug('d')
    expect(lines).to.deep.equal([])
  })

  it('shows INFO lines with --verbose but not DEBUG', () => {
    const {lines, logger} = capture('info')
    logger.info('i')
    logger.debug('d')
    expect(lines).to.deep.equal(['INFO: i\n'])
  })

  it('names the logger on every line with --debug, as knack does', () => {
    const {lines, logger} = capture('debug')
    logger.debug('d', 'cli.azc.sample')
    logger.warning('w', 'cli.azc.sample')
    expect(lines).to.deep.equal(['DEBUG: cli.azc.sample: d\n', 'WARNING: cli.azc.sample: w\n'])
  })

  it('shows only errors with --only-show-errors', () => {
    const {lines, logger} = capture('error')
    logger.warning('w')
    logger.error('e')
    expect(lines).to.deep.equal(['ERROR: e\n'])
  })

  it('replaces the level name by colour when colour is on', () => {
    const {lines, logger} = capture('warning', true)
    logger.warning('w')
    logger.error('e')
    expect(lines).to.deep.equal(['\u001B[33mw\u001B[0m\n', '\u001B[91me\u001B[0m\n'])
  })

  it('never prints a registered secret', () => {
    const {lines, logger} = capture('debug')
    logger.addSecret('c2VjcmV0LWtleQ==')
    logger.debug('key=c2VjcmV0LWtleQ== twice c2VjcmV0LWtleQ==', 'x')
    logger.plain('plain c2VjcmV0LWtleQ==')
    expect(lines.join('')).to.not.include('c2VjcmV0LWtleQ==')
    expect(lines).to.deep.equal(['DEBUG: x: key=*** twice ***\n', 'plain ***\n'])
  })
})

describe('status notices', () => {
  it('words a preview group as az does', () => {
    expect(statusNotice({state: 'preview', group: 'communication user-identity token'}).text).to.equal(
      "Command group 'communication user-identity token' is in preview and under development. Reference and support levels: https://aka.ms/CLI_refstatus",
    )
  })

  it('words an experimental command as az does', () => {
    expect(statusNotice({state: 'experimental'}).text).to.equal(
      'This command is experimental and under development. Reference and support levels: https://aka.ms/CLI_refstatus',
    )
  })

  it('words an implicitly deprecated command with its redirect as knack does', () => {
    expect(
      statusNotice({state: 'deprecated', group: 'communication identity', redirect: 'communication user-identity'})
        .text,
    ).to.equal(
      "This command is implicitly deprecated because command group 'communication identity' is deprecated and will be removed in a future release. Use 'communication user-identity' instead.",
    )
  })

  it('words a deprecated command with an expiration as knack does', () => {
    expect(statusNotice({state: 'deprecated', expiration: '3.0.0'}).text).to.equal(
      "This command has been deprecated and will be removed in version '3.0.0'.",
    )
  })
})
