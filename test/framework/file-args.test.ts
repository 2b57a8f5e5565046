import {expect} from 'chai'
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {decodeFileContent, expandFileArguments} from '../../src/framework/file-args.js'

describe('@file arguments', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'azc-fileargs-'))
  })
  afterEach(() => rmSync(dir, {recursive: true, force: true}))

  it('replaces @path by the file content without its trailing newlines', () => {
    writeFileSync(join(dir, 'token'), 'eyJ.abc.def\n\n')
    expect(expandFileArguments(['--aad-token', `@${join(dir, 'token')}`])).to.deep.equal(['--aad-token', 'eyJ.abc.def'])
  })

  it('keeps a carriage return, as Python rstrip(os.linesep) does on Linux', () => {
    writeFileSync(join(dir, 'crlf'), 'value\r\n')
    expect(expandFileArguments([`@${join(dir, 'crlf')}`])).to.deep.equal(['value\r'])
  })

  it('expands --option=@path', () => {
    writeFileSync(join(dir, 'cs'), 'endpoint=https://x/;accesskey=a2V5')
    expect(expandFileArguments([`--connection-string=@${join(dir, 'cs')}`])).to.deep.equal([
      '--connection-string=endpoint=https://x/;accesskey=a2V5',
    ])
  })

  it('reads standard input for @-', () => {
    const readStdin = () => Buffer.from('from stdin\n')
    expect(expandFileArguments(['--aad-token', '@-'], {readStdin})).to.deep.equal(['--aad-token', 'from stdin'])
  })

  it('keeps an argument whose file cannot be read, and says why in debug', () => {
    const seen: string[] = []
    const argv = expandFileArguments(['@/no/such/file'], {onUnreadable: (arg) => seen.push(arg)})
    expect(argv).to.deep.equal(['@/no/such/file'])
    expect(seen).to.deep.equal(['@/no/such/file'])
  })

  it('leaves a lone @ and an @ that is not first alone', () => {
    expect(expandFileArguments(['@', 'user@example.com', 'a=b@c'])).to.deep.equal(['@', 'user@example.com', 'a=b@c'])
  })

  it('drops a UTF-8 byte-order mark', () => {
    expect(decodeFileContent(Buffer.from('\uFEFFtext', 'utf8'))).to.equal('text')
  })

  it('reads UTF-16 text by its byte-order mark', () => {
    expect(decodeFileContent(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('héllo', 'utf16le')]))).to.equal(
      'héllo',
    )
  })

  it('passes bytes that are no text on as base64', () => {
    expect(decodeFileContent(Buffer.from([0xff, 0x00, 0xd8]))).to.equal('/wDY')
  })
})
