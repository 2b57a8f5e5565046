/**
 * The HTTP trace policy in process, with a real pipeline request and a fake transport: what
 * --verbose and --debug print, that credentials are redacted whatever the header's case, and that no
 * secret or raw control character ever reaches a line.
 */
import {createHttpHeaders, createPipelineRequest, type PipelineResponse} from '@azure/core-rest-pipeline'
import {expect} from 'chai'

import {httpTracePolicy, redactBody, redactHeader} from '../../src/communication/http-trace.js'
import {AzLogger, type LogLevel} from '../../src/framework/log.js'

const ACCESS_KEY = 'c2VjcmV0IGtleSB0aGF0IG11c3Qgbm90IGxlYWs='
const SIGNATURE = 'HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=c2lnbmF0dXJlIHNlY3JldA=='
const ISSUED = 'eyJhbGciOiJSUzI1NiJ9.eyJpc3N1ZWQiOiJ0b2tlbiJ9.c2lnbmF0dXJl'
const AAD = 'eyJhbGciOiJSUzI1NiJ9.eyJhYWQiOiJ0b2tlbiJ9.YWFkIHNpZ25hdHVyZQ'

async function trace(
  level: LogLevel,
  respond: (request: ReturnType<typeof createPipelineRequest>) => PipelineResponse,
) {
  const lines: string[] = []
  const logger = new AzLogger({level, write: (text) => lines.push(text)})
  const request = createPipelineRequest({
    url: 'https://contoso.communication.azure.com/teamsUser/:exchangeAccessToken?api-version=2023-10-01',
    method: 'POST',
    headers: createHttpHeaders({
      authorization: SIGNATURE,
      'x-ms-date': 'Mon, 30 Nov 2026 12:00:00 GMT',
      Cookie: 'session=s3cr3t',
    }),
    body: JSON.stringify({token: AAD, appId: 'a', userId: 'u', nested: {AccessToken: AAD, accessKey: ACCESS_KEY}}),
  })
  const policy = httpTracePolicy({logger, timeoutMs: 0})
  const outcome = await policy
    .sendRequest(request, async (sent) => respond(sent))
    .then(
      (response) => ({response}),
      (error: unknown) => ({error}),
    )
  return {text: lines.join(''), outcome}
}

function response(
  request: ReturnType<typeof createPipelineRequest>,
  status: number,
  body: string,
  headers: Record<string, string> = {},
): PipelineResponse {
  return {
    request,
    status,
    headers: createHttpHeaders({'content-type': 'application/json', ...headers}),
    bodyAsText: body,
  }
}

describe('the HTTP trace policy', () => {
  it('--verbose: one INFO line per request, no headers or bodies', async () => {
    const {text} = await trace('info', (request) =>
      response(request, 200, JSON.stringify({token: ISSUED, expiresOn: 'x'})),
    )
    expect(text).to.match(
      /^INFO: POST https:\/\/contoso\.communication\.azure\.com\/teamsUser\/:exchangeAccessToken\?api-version=2023-10-01 200 \(\d+ ms\)\n$/,
    )
  })

  it('--debug: headers and bodies, with every credential redacted whatever its case', async () => {
    const {text} = await trace('debug', (request) =>
      response(request, 200, JSON.stringify({TOKEN: ISSUED, expiresOn: '2026-12-01T00:00:00.0000000+00:00'}), {
        'Set-Cookie': 'id=s3cr3t',
        'x-ms-request-id': 'abc',
      }),
    )
    for (const secret of [ACCESS_KEY, SIGNATURE, 'Signature=', ISSUED, AAD, 's3cr3t'])
      expect(text).to.not.include(secret)
    expect(text).to.include("'authorization': '***'")
    expect(text).to.include("'Cookie': '***'")
    expect(text).to.include("'Set-Cookie': '***'")
    expect(text).to.include("'x-ms-request-id': 'abc'")
    expect(text).to.include('"token":"***"')
    expect(text).to.include('"AccessToken":"***"')
    expect(text).to.include('"accessKey":"***"')
    expect(text).to.include('"TOKEN":"***"')
    expect(text).to.include('"expiresOn":"2026-12-01T00:00:00.0000000+00:00"')
  })

  it('redacts header names in any case', () => {
    for (const name of ['Authorization', 'AUTHORIZATION', 'authorization', 'Cookie', 'SET-COOKIE']) {
      expect(redactHeader(name, 'secret value')).to.equal('***')
    }
    expect(redactHeader('x-ms-date', 'Mon')).to.equal('Mon')
  })

  it('shows a body that is not JSON only by its size, since it could hold anything', () => {
    expect(redactBody(`token=${ISSUED}`)).to.equal(`<${`token=${ISSUED}`.length} bytes, not JSON: not shown>`)
    expect(redactBody('')).to.equal('<0 bytes, not JSON: not shown>')
    expect(redactBody('{"token": 5}')).to.equal('{"token":5}')
  })

  it('escapes control characters of server text in bodies, headers and failures', async () => {
    const {text} = await trace('debug', (request) =>
      response(request, 400, '{"error":{"message":"a\\u001b[2Jb\\u009bc\\u202ed"}}', {'x-note': 'a\u009Bb'}),
    )

    expect(text).to.not.match(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u202E]/)
    expect(text).to.include(String.raw`a\u001b[2Jb\x9bc\u202ed`)
    expect(text).to.include(String.raw`'x-note': 'a\x9bb'`)
    const failed = await trace('info', () => {
      throw Object.assign(new Error('bad\u001B[31m\r\nINFO: forged'), {code: 'EPROTO'})
    })
    expect(failed.text).to.include(String.raw`failed after`)
    expect(failed.text).to.include(String.raw`bad\x1b[31m\r\nINFO: forged`)
    expect(failed.text.split('\n').filter(Boolean)).to.have.length(1)
  })

  it('turns an attempt that takes too long into ETIMEDOUT, which the SDK retries', async () => {
    const lines: string[] = []
    const logger = new AzLogger({level: 'info', write: (text) => lines.push(text)})
    const request = createPipelineRequest({url: 'http://127.0.0.1:1/identities', method: 'POST'})
    const policy = httpTracePolicy({logger, timeoutMs: 50})
    const error = await policy
      .sendRequest(
        request,
        (sent) =>
          new Promise((_resolve, reject) =>
            sent.abortSignal!.addEventListener('abort', () => reject(new Error('aborted'))),
          ),
      )
      .catch((error_: unknown) => error_ as {code?: string; message: string})
    expect(error).to.include({code: 'ETIMEDOUT', message: 'no response within 0.05 seconds'})
    expect(request.abortSignal).to.equal(undefined)
  })
})
