/**
 * translateServiceError in process, with the SDK's own RestError: every translation (service error
 * bodies, bodies that are not Azure errors or not JSON, 404 -> exit 3, success bodies that do not
 * decode, network and TLS failures), and that server text is escaped.
 */
import {createHttpHeaders, createPipelineRequest, RestError} from '@azure/core-rest-pipeline'
import {expect} from 'chai'

import {translateServiceError} from '../../src/communication/service-errors.js'
import {escapeControlCharacters} from '../../src/communication/terminal-text.js'
import {AzCliError, ResourceNotFoundError, ServiceResponseError} from '../../src/framework/errors.js'

const ENDPOINT = 'https://contoso.communication.azure.com'
const request = createPipelineRequest({url: `${ENDPOINT}/identities`, method: 'POST'})

function httpError(status: number, body: string, contentType = 'application/json', code?: string): RestError {
  return new RestError('from the SDK', {
    statusCode: status,
    code,
    request,
    response: {request, status, headers: createHttpHeaders({'content-type': contentType}), bodyAsText: body},
  })
}

function networkError(code: string, message: string, extra: object = {}): RestError {
  return Object.assign(new RestError(message, {code, request}), extra)
}

const translate = (error: unknown) => translateServiceError(error, ENDPOINT)

describe('translateServiceError', () => {
  it("a service error body: az's (Code) Message / Code / Message lines, exit 1", () => {
    const error = translate(
      httpError(
        401,
        '{"error":{"code":"IdentityNotOwned","message":"Provided identity doesn\'t belong to the resource."}}',
      ),
    )
    expect(error).to.be.instanceOf(ServiceResponseError)
    expect(error!.message).to.equal(
      "(IdentityNotOwned) Provided identity doesn't belong to the resource.\nCode: IdentityNotOwned\nMessage: Provided identity doesn't belong to the resource.",
    )
    expect(error!.exitCode).to.equal(1)
  })

  it('with a target, a Target: line', () => {
    const error = translate(
      httpError(
        400,
        '{"error":{"code":"ValidationError","message":"Provided AppId has invalid format.","target":"appId"}}',
      ),
    )
    expect(error!.message).to.match(/\nTarget: appId$/)
  })

  it('HTTP 404 exits 3, with or without an error body', () => {
    expect(
      translate(httpError(404, '{"error":{"code":"IdentityNotFound","message":"The identity does not exist."}}'))!
        .exitCode,
    ).to.equal(3)
    const bare = translate(httpError(404, '<html>Not Found</html>', 'text/html'))
    expect(bare).to.be.instanceOf(ResourceNotFoundError)
    expect(bare!.message).to.equal("Operation returned an invalid status 'Not Found'")
    expect(bare!.exitCode).to.equal(3)
  })

  it("an error body that is not JSON, or JSON but not an Azure error: azure-core's invalid-status text", () => {
    for (const [status, body, type] of [
      [500, '<html><body>Internal Server Error</body></html>', 'text/html'],
      [502, 'Bad Gateway', 'text/plain'],
      [503, '', 'application/json'],
      [400, '{"error":"just a string"}', 'application/json'],
      [400, '{"error":{"code":42,"message":"not a string code"}}', 'application/json'],
      [400, '{"message":"no error object"}', 'application/json'],
      [400, '{"error": {"code": "Cut', 'application/json'],
    ] as const) {
      const error = translate(httpError(status, body, type))
      expect(error, body).to.be.instanceOf(AzCliError)
      expect(error!.message, body).to.match(/^Operation returned an invalid status '[A-Z][A-Za-z ]+'$/)
      expect(error!.exitCode).to.equal(1)
    }
  })

  it('a status Node has no name for', () => {
    expect(translate(httpError(599, ''))!.message).to.equal("Operation returned an invalid status '599'")
  })

  it('a success whose body does not parse: what az says', () => {
    const cut = translate(httpError(201, '{"identity": {"id": ', 'application/json; charset=utf-8', 'PARSE_ERROR'))
    expect(cut!.message).to.equal('JSON is invalid: Expecting value: line 1 column 21 (char 20)')
    expect(cut!.exitCode).to.equal(1)
    const html = translate(httpError(200, '<html>', 'application/json', 'PARSE_ERROR'))
    expect(html!.message).to.equal('JSON is invalid: Expecting value: line 1 column 1 (char 0)')
  })

  it('escapes control characters in code, message and target', () => {
    const hostile = {
      error: {code: 'X\u001B[31m', message: 'line one\r\nERROR: forged\u0007\u009B2J', target: 'a\u202Eb'},
    }
    const error = translate(httpError(400, JSON.stringify(hostile)))!
    expect(error.message).to.equal(
      String.raw`(X\x1b[31m) line one\r\nERROR: forged\x07\x9b2J` +
        '\n' +
        String.raw`Code: X\x1b[31m` +
        '\n' +
        String.raw`Message: line one\r\nERROR: forged\x07\x9b2J` +
        '\n' +
        String.raw`Target: a\u202eb`,
    )
  })

  it("leaves errors that are not the service's or the network's to the caller", () => {
    expect(translate(new TypeError('x'))).to.equal(undefined)
    expect(translate('text')).to.equal(undefined)
    expect(translate(null)).to.equal(undefined)
  })

  describe('network failures', () => {
    const cases: Array<[string, RestError, string]> = [
      [
        'refused',
        networkError('ECONNREFUSED', 'connect ECONNREFUSED'),
        'the connection was refused. Is the service (or the emulator) running there?',
      ],
      [
        'unresolvable',
        networkError('ENOTFOUND', 'getaddrinfo ENOTFOUND'),
        "the host name 'contoso.communication.azure.com' could not be resolved.",
      ],
      [
        'unresolvable, with a host name that mentions TLS',
        networkError('ENOTFOUND', 'getaddrinfo ENOTFOUND tls-certificate.example'),
        "the host name 'contoso.communication.azure.com' could not be resolved.",
      ],
      ['timed out', networkError('ETIMEDOUT', 'no response within 30 seconds'), 'no response within 30 seconds.'],
      ['closed', networkError('ECONNRESET', 'socket hang up'), 'the server closed the connection before answering.'],
      [
        'closed after a POST was sent: not sent again',
        networkError('ECONNRESET', 'socket hang up', {azcNotRepeated: true}),
        'the server closed the connection before answering. It was not sent again, as the service may have acted on it.',
      ],
      [
        'timed out after a POST was sent: not sent again',
        networkError('ETIMEDOUT', 'no response within 30 seconds', {azcNotRepeated: true}),
        'no response within 30 seconds. It was not sent again, as the service may have acted on it.',
      ],
      [
        'closed during the TLS handshake',
        networkError('ECONNRESET', 'Client network socket disconnected before secure TLS connection was established'),
        'the server closed the connection before answering.',
      ],
    ]
    for (const [what, error, expected] of cases) {
      it(what, () => expect(translate(error)!.message).to.equal(`Unable to connect to ${ENDPOINT}: ${expected}`))
    }
  })

  describe('TLS failures: only an unknown issuer suggests NODE_EXTRA_CA_CERTS', () => {
    for (const [code, message] of [
      ['DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate'],
      ['SELF_SIGNED_CERT_IN_CHAIN', 'self-signed certificate in certificate chain'],
      ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'unable to verify the first certificate'],
      ['UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'unable to get local issuer certificate'],
    ]) {
      it(code, () => {
        expect(translate(networkError(code, message))!.message).to.equal(
          `Unable to connect to ${ENDPOINT}: TLS failed: ${message}. For a local emulator's own certificate, set NODE_EXTRA_CA_CERTS to its certificate file.`,
        )
      })
    }

    const others: Array<[string, string, RegExp]> = [
      [
        'CERT_HAS_EXPIRED',
        'certificate has expired',
        /TLS failed: certificate has expired: the server's certificate is out of date/,
      ],
      ['CERT_NOT_YET_VALID', 'certificate is not yet valid', /TLS failed: certificate is not yet valid: .*clock/],
      [
        'ERR_TLS_CERT_ALTNAME_INVALID',
        "Hostname/IP does not match certificate's altnames: Host: contoso.communication.azure.com. is not in the cert's altnames: DNS:other.example",
        /TLS failed: Hostname\/IP does not match .*: the server's certificate was not issued for 'contoso\.communication\.azure\.com'/,
      ],
      [
        'ERR_SSL_WRONG_VERSION_NUMBER',
        'wrong version number',
        /TLS failed: wrong version number: the server does not speak TLS there/,
      ],
      ['EPROTO', 'write EPROTO', /TLS failed: write EPROTO\.$/],
    ]
    for (const [code, message, expected] of others) {
      it(`${code} says what is wrong, without NODE_EXTRA_CA_CERTS`, () => {
        const text = translate(networkError(code, message))!.message
        expect(text).to.match(expected)
        expect(text).to.not.include('NODE_EXTRA_CA_CERTS')
      })
    }

    it("an http:// endpoint that speaks only TLS reports the https attempt's failure", () => {
      const error = networkError('DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate', {azcTriedHttps: true})
      expect(translateServiceError(error, 'http://127.0.0.1:8080')!.message).to.equal(
        'Unable to connect to http://127.0.0.1:8080: it answers only over https, and TLS failed: self-signed certificate. ' +
          "For a local emulator's own certificate, set NODE_EXTRA_CA_CERTS to its certificate file.",
      )
    })
  })
})

describe('escapeControlCharacters', () => {
  it('escapes C0, DEL, C1 and the Unicode controls that hide or reorder text; keeps the rest', () => {
    expect(escapeControlCharacters('a\u0000b\u0007c\u001Bd\u007Fe\u0085f\u009Fg')).to.equal(
      String.raw`a\x00b\x07c\x1bd\x7fe\x85f\x9fg`,
    )
    expect(escapeControlCharacters('\r\n\t')).to.equal(String.raw`\r\n\t`)
    expect(escapeControlCharacters('\u202E\u2066\u200B\u2028\uFEFF')).to.equal(
      String.raw`\u202e\u2066\u200b\u2028\ufeff`,
    )
    expect(escapeControlCharacters('plain text, é ü ☃ 😀 \\x1b')).to.equal('plain text, é ü ☃ 😀 \\x1b')
  })
})
