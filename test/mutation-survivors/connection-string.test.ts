/**
 * Mutation-killing tests of connection-string parsing (the loopback rule guards plain http). Written against the
 * module's public functions; the command-level behaviour is specified by the end-to-end suites.
 */
import {expect} from 'chai'

import {
  CONNECTION_STRING_FORMAT,
  InvalidConnectionStringError,
  isLoopbackHost,
  parseConnectionString,
} from '../../src/communication/connection-string.js'

const KEY = Buffer.from('a test access key, not a secret').toString('base64')
const refused = (text: string) => {
  try {
    parseConnectionString(text)
  } catch (error) {
    expect(error).to.be.instanceOf(InvalidConnectionStringError)
    expect((error as Error).message).not.to.contain(KEY)
    return (error as Error).message
  }
  throw new Error(`accepted: ${text}`)
}

describe('connection strings: what never leaves the machine', () => {
  for (const host of ['localhost', 'LOCALHOST', '127.0.0.1', '127.1.2.3', '127.255.255.255', '::1', '[::1]']) {
    it(`${host} is loopback`, () => expect(isLoopbackHost(host)).to.equal(true))
  }
  for (const host of [
    '127.evil.example',
    '127.0.0.1.evil.example',
    'evil.127.0.0.1',
    '127.0.0',
    '127.0.0.1.',
    'x127.0.0.1',
    '127.0.0.1x',
    '1270.0.0.1',
    '127.0.0.1234',
    '128.0.0.1',
    'localhost.evil.example',
    '::2',
    '0.0.0.0',
    '',
  ]) {
    it(`${JSON.stringify(host)} is not loopback`, () => expect(isLoopbackHost(host)).to.equal(false))
  }

  it('refuses plain http to a host that only starts like a loopback address', () => {
    const message = refused(`endpoint=http://127.evil.example/;accesskey=${KEY}`)
    expect(message).to.equal(
      "Invalid connection string: the endpoint 'http://127.evil.example' is not encrypted; http:// is accepted only for a local " +
        `emulator (localhost, 127.x.x.x, [::1]), use https://. Expected ${CONNECTION_STRING_FORMAT}`,
    )
  })

  it('accepts plain http to the emulator on loopback, and https anywhere', () => {
    for (const [endpoint, expected] of [
      ['http://127.0.0.1:8080/', 'http://127.0.0.1:8080'],
      ['http://localhost:1', 'http://localhost:1'],
      ['http://[::1]:9/', 'http://[::1]:9'],
      ['https://contoso.communication.azure.com/', 'https://contoso.communication.azure.com'],
      ['contoso.communication.azure.com', 'https://contoso.communication.azure.com'],
      ['HTTPS://Contoso.Communication.Azure.com:443/', 'https://contoso.communication.azure.com'],
    ]) {
      const parsed = parseConnectionString(`endpoint=${endpoint};accesskey=${KEY}`)
      expect(parsed.endpoint, endpoint).to.equal(expected)
      expect(parsed.host).to.equal(new URL(expected).host)
      expect(parsed.accessKey).to.equal(KEY)
    }
  })
})

describe('connection strings: the format', () => {
  it('takes the elements in any order, names in any case, with spaces and a trailing ;', () => {
    const parsed = parseConnectionString(` AccessKey = ${KEY} ;ENDPOINT= https://a.communication.azure.com/ ;`)
    expect(parsed).to.deep.equal({
      endpoint: 'https://a.communication.azure.com',
      accessKey: KEY,
      host: 'a.communication.azure.com',
    })
  })

  it('ignores unknown elements and keeps = inside the key', () => {
    const key = 'YWJjZA=='
    const parsed = parseConnectionString(`x=1;endpoint=https://a.example/;other;accesskey=${key}`)
    expect(parsed.accessKey).to.equal(key)
  })

  it('ignores elements without = and unknown names wherever they stand', () => {
    const parsed = parseConnectionString(`endpoint=https://a.example/;endpointx;accesskey=${KEY};other=YWJj;;`)
    expect(parsed).to.deep.equal({endpoint: 'https://a.example', accessKey: KEY, host: 'a.example'})
  })

  it('shows the expected format in its messages', () => {
    expect(CONNECTION_STRING_FORMAT).to.equal('endpoint=https://<resource>.communication.azure.com/;accesskey=<key>')
  })

  it('takes the last of a repeated element', () => {
    expect(
      parseConnectionString(`endpoint=https://a.example/;endpoint=https://b.example/;accesskey=${KEY}`).host,
    ).to.equal('b.example')
  })

  const cases: Array<[string, string]> = [
    [`accesskey=${KEY}`, 'it has no endpoint'],
    [`endpoint=;accesskey=${KEY}`, 'it has no endpoint'],
    ['endpoint=https://a.example/', 'it has no accesskey'],
    ['endpoint=https://a.example/;accesskey=', 'it has no accesskey'],
    [`endpoint=https://;accesskey=${KEY}`, "the endpoint 'https://' is not a URL"],
    [`endpoint=ftp://a.example/;accesskey=${KEY}`, "the endpoint 'ftp://a.example/' is not an http(s) URL"],
    [`endpoint=file:///etc/passwd;accesskey=${KEY}`, "the endpoint 'file:///etc/passwd' is not an http(s) URL"],
    [
      `endpoint=https://a.example/path;accesskey=${KEY}`,
      "the endpoint 'https://a.example/path' has a path; give only scheme, host and port",
    ],
    [
      `endpoint=https://a.example/?x=1;accesskey=${KEY}`,
      "the endpoint 'https://a.example/?x=1' has a path; give only scheme, host and port",
    ],
    [
      `endpoint=https://a.example/#frag;accesskey=${KEY}`,
      "the endpoint 'https://a.example/#frag' has a path; give only scheme, host and port",
    ],
    [
      `endpoint=https://user:pw@a.example/;accesskey=${KEY}`,
      "the endpoint 'a.example' must not carry a user name or password",
    ],
    [
      `endpoint=https://user@a.example/;accesskey=${KEY}`,
      "the endpoint 'a.example' must not carry a user name or password",
    ],
    [
      `endpoint=https://:pw@a.example/;accesskey=${KEY}`,
      "the endpoint 'a.example' must not carry a user name or password",
    ],
    ['endpoint=https://a.example/;accesskey=not base64!', 'the accesskey is not base64'],
    ['endpoint=https://a.example/;accesskey=YWJjZA', 'the accesskey is not base64'],
    ['endpoint=https://a.example/;accesskey=YWJjZA===', 'the accesskey is not base64'],
    ['endpoint=https://a.example/;accesskey=YW=jZA==', 'the accesskey is not base64'],
    ['endpoint=https://a.example/;accesskey=xYWJjZA==x', 'the accesskey is not base64'],
  ]
  for (const [text, problem] of cases) {
    it(`refuses ${JSON.stringify(text.replace(KEY, '<key>'))}: ${problem}`, () => {
      expect(refused(text)).to.equal(`Invalid connection string: ${problem}. Expected ${CONNECTION_STRING_FORMAT}`)
    })
  }

  it('accepts every base64 alphabet character and both paddings', () => {
    for (const key of ['YWJj', 'YWI=', 'YQ==', 'ab+/', 'AZaz09+/']) {
      expect(parseConnectionString(`endpoint=https://a.example/;accesskey=${key}`).accessKey).to.equal(key)
    }
  })

  it('is an az error with exit code 1', () => {
    const error = new InvalidConnectionStringError('x')
    expect(error.exitCode).to.equal(1)
    expect(error.message).to.equal(`Invalid connection string: x. Expected ${CONNECTION_STRING_FORMAT}`)
  })
})
