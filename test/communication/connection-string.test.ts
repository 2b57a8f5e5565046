/**
 * The connection-string parser and the loopback rule, in process: what is accepted, what is refused
 * (one line, never quoting the key), and which hosts count as this machine.
 */
import {expect} from 'chai'

import {
  InvalidConnectionStringError,
  isLoopbackHost,
  parseConnectionString,
} from '../../src/communication/connection-string.js'

const KEY = 'c2VjcmV0IGtleSB0aGF0IG11c3Qgbm90IGxlYWs='

function refusal(text: string): string {
  try {
    parseConnectionString(text)
  } catch (error) {
    expect(error).to.be.instanceOf(InvalidConnectionStringError)
    const {message} = error as Error
    expect(message).to.not.include(KEY)
    expect(message).to.not.include('\n')
    return message
  }
  expect.fail(`accepted ${text}`)
}

describe('parseConnectionString', () => {
  it('accepts what az accepts: any order, keys in any case, a trailing ;, spaces around values', () => {
    const parsed = parseConnectionString(` AccessKey = ${KEY} ; ENDPOINT=https://contoso.communication.azure.com/ ;`)
    expect(parsed).to.deep.equal({
      endpoint: 'https://contoso.communication.azure.com',
      accessKey: KEY,
      host: 'contoso.communication.azure.com',
    })
  })

  it('adds https:// to an endpoint without a scheme, as az (which always speaks https) does', () => {
    expect(parseConnectionString(`endpoint=contoso.communication.azure.com;accesskey=${KEY}`).endpoint).to.equal(
      'https://contoso.communication.azure.com',
    )
  })

  it('keeps a port', () => {
    expect(parseConnectionString(`endpoint=https://contoso.example:8443/;accesskey=${KEY}`)).to.include({
      endpoint: 'https://contoso.example:8443',
      host: 'contoso.example:8443',
    })
  })

  it('accepts an IPv6 loopback endpoint, [::1], over http', () => {
    expect(parseConnectionString(`endpoint=http://[::1]:8080/;accesskey=${KEY}`)).to.include({
      endpoint: 'http://[::1]:8080',
      host: '[::1]:8080',
    })
  })

  it('refuses a user name or password in the endpoint, never echoing them', () => {
    for (const userinfo of ['alice@', 'alice:s3cret@', ':s3cret@']) {
      const message = refusal(`endpoint=https://${userinfo}contoso.communication.azure.com/;accesskey=${KEY}`)
      expect(message).to.include('must not carry a user name or password')
      expect(message).to.not.include('s3cret')
      expect(message).to.not.include('alice')
    }
  })

  it('refuses a scheme other than http and https', () => {
    for (const scheme of ['ftp', 'file', 'ws', 'javascript']) {
      expect(refusal(`endpoint=${scheme}://contoso.example/;accesskey=${KEY}`)).to.include('is not an http(s) URL')
    }
  })

  it('refuses a path, a query or a fragment', () => {
    for (const tail of ['/api', '/?x=1', '/#frag']) {
      expect(refusal(`endpoint=https://contoso.example${tail};accesskey=${KEY}`)).to.include('has a path')
    }
  })

  it('refuses what is missing or malformed', () => {
    expect(refusal(`accesskey=${KEY}`)).to.include('it has no endpoint')
    expect(refusal('endpoint=https://contoso.example/')).to.include('it has no accesskey')
    expect(refusal(`endpoint=https://exa mple.com/;accesskey=${KEY}`)).to.include('is not a URL')
    expect(refusal('endpoint=https://contoso.example/;accesskey=not*base64')).to.include('the accesskey is not base64')
    expect(refusal('endpoint=https://contoso.example/;accesskey=abc')).to.include('the accesskey is not base64')
  })

  it('accepts http:// only for this machine', () => {
    for (const host of [
      'localhost',
      'LOCALHOST',
      '127.0.0.1',
      '127.1.2.3',
      '127.255.255.254',
      '[::1]',
      '[0:0:0:0:0:0:0:1]',
    ]) {
      expect(parseConnectionString(`endpoint=http://${host}:1/;accesskey=${KEY}`).endpoint).to.match(/^http:\/\//)
    }
    for (const host of [
      '127.evil.example',
      '127.0.0.1.nip.io',
      'localhost.evil.example',
      '10.0.0.1',
      '[::2]',
      'example.com',
      '128.0.0.1',
    ]) {
      expect(refusal(`endpoint=http://${host}/;accesskey=${KEY}`), host).to.include('is not encrypted')
    }
  })
})

describe('isLoopbackHost', () => {
  it('is true only for 127.0.0.0/8 literals, ::1 and localhost', () => {
    for (const host of [
      'localhost',
      'Localhost',
      '127.0.0.1',
      '127.0.0.0',
      '127.255.255.255',
      '127.10.20.30',
      '::1',
      '[::1]',
    ]) {
      expect(isLoopbackHost(host), host).to.equal(true)
    }
    for (const host of [
      '127.evil.example',
      '127.0.0.1.evil.example',
      '127.0.0',
      '127.0.0.1.',
      '127.256.0.1',
      '127.999.0.1',
      '1127.0.0.1',
      'localhost.',
      'localhost.evil.example',
      'evil-localhost',
      '0.0.0.0',
      '::',
      '[::]',
      '::2',
      '::ffff:7f00:1',
      '',
      ' 127.0.0.1',
    ]) {
      expect(isLoopbackHost(host), host).to.equal(false)
    }
  })
})
