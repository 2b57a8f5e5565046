/**
 * Mutation-killing tests of secret redaction: the logger's secret filter and the HTTP trace policy
 * (headers, JSON bodies, non-JSON bodies, per-attempt timeouts), driven with a fake next policy.
 */
import {
  createHttpHeaders,
  createPipelineRequest,
  type PipelineRequest,
  type PipelineResponse,
} from '@azure/core-rest-pipeline'
import {expect} from 'chai'

import {httpTracePolicy, redactBody, TIMEOUT_CODE} from '../../src/communication/http-trace.js'
import {AzLogger, COLORS, LOGGER_NAMES, type LogLevel, REDACTED} from '../../src/framework/log.js'

function capture(level: LogLevel, color = false) {
  const lines: string[] = []
  const logger = new AzLogger({level, color, write: (text) => lines.push(text)})
  return {lines, logger, text: () => lines.join('')}
}

describe('logger: secrets and levels', () => {
  it('uses *** and the logger names az shows', () => {
    expect(REDACTED).to.equal('***')
    expect(LOGGER_NAMES).to.deep.equal({
      cli: 'cli.azc',
      error: 'cli.azure.cli.core.azclierror',
      http: 'cli.azure.core.pipeline.policies.http_logging_policy',
    })
  })

  it('redacts a secret of exactly 8 characters, but not shorter values', () => {
    const {logger, text} = capture('debug')
    logger.addSecret('12345678')
    logger.addSecret('1234567')
    logger.addSecret('')
    logger.addSecret(undefined)
    logger.debug('a 12345678 b 1234567')
    expect(text()).to.equal('DEBUG: cli.azc: a *** b 1234567\n')
  })

  it('redacts every occurrence of every secret, on every level and in plain lines', () => {
    const {logger, lines} = capture('debug')
    logger.addSecret('first-secret')
    logger.addSecret('second-secret')
    logger.error('first-secret second-secret first-secret')
    logger.warning('x first-secret')
    logger.info('second-secret')
    logger.plain('first-secret!')
    expect(lines).to.deep.equal([
      'ERROR: cli.azure.cli.core.azclierror: *** *** ***\n',
      'WARNING: cli.azc: x ***\n',
      'INFO: cli.azc: ***\n',
      '***!\n',
    ])
  })

  it('redacts a connection string key even if it was never registered, in any case', () => {
    const {logger, lines} = capture('warning')
    logger.warning('endpoint=https://a/;accesskey=abc+/= ; AccessKey=XYZ,next "ACCESSKEY=q" accesskey=\'r\' accesskey=')
    expect(lines).to.deep.equal([
      `WARNING: endpoint=https://a/;accesskey=*** ; AccessKey=***,next "ACCESSKEY=***" accesskey='r' accesskey=\n`,
    ])
  })

  it('redacts in the default write to stderr too', () => {
    const logger = new AzLogger()
    const written: string[] = []
    const original = process.stderr.write
    process.stderr.write = ((text: string) => written.push(text) > 0) as typeof process.stderr.write
    try {
      logger.addSecret('stderr-secret')
      logger.warning('stderr-secret')
    } finally {
      process.stderr.write = original
    }
    expect(written).to.deep.equal(['WARNING: ***\n'])
    expect([logger.level, logger.color]).to.deep.equal(['warning', false])
  })

  it('shows levels up to the one chosen', () => {
    const levels: LogLevel[] = ['critical', 'error', 'warning', 'info', 'debug']
    for (const [rank, level] of levels.entries()) {
      const {logger} = capture(level)
      expect(
        levels.map((l) => logger.isEnabled(l)),
        level,
      ).to.deep.equal(levels.map((_, r) => r <= rank))
    }
  })

  it("colours each level with knack's colours and drops the level name", () => {
    const {logger, lines} = capture('debug', true)
    logger.error('e', 'n')
    logger.warning('w', 'n')
    logger.info('i', 'n')
    logger.debug('d', 'n')
    logger.plain('p', 'deprecation')
    logger.plain('q')
    expect(lines).to.deep.equal([
      `${COLORS.error}n: e${COLORS.reset}\n`,
      `${COLORS.warning}n: w${COLORS.reset}\n`,
      `${COLORS.info}n: i${COLORS.reset}\n`,
      `${COLORS.debug}n: d${COLORS.reset}\n`,
      `${COLORS.deprecation}p${COLORS.reset}\n`,
      'q\n',
    ])
    const plain = capture('warning', false)
    plain.logger.plain('p', 'error')
    expect(plain.lines).to.deep.equal(['p\n'])
  })

  it("uses knack's colour codes", () => {
    expect(COLORS).to.deep.equal({
      reset: '\u001B[0m',
      preview: '\u001B[36m',
      experimental: '\u001B[36m',
      deprecation: '\u001B[33m',
      critical: '\u001B[41m',
      error: '\u001B[91m',
      warning: '\u001B[33m',
      info: '\u001B[32m',
      debug: '\u001B[36m',
    })
  })
})

describe('HTTP trace: redaction', () => {
  it('replaces every credential field of a JSON body, at any depth, in any case', () => {
    const body = JSON.stringify({
      token: 't1',
      Token: 't2',
      accessToken: {token: 't3', expiresOn: 'e'},
      access_token: 't4',
      AccessKey: 'k',
      nested: [{TOKEN: 't5'}],
      tokenCount: 'visible',
      scopes: ['chat'],
    })
    expect(JSON.parse(redactBody(body))).to.deep.equal({
      token: '***',
      Token: '***',
      accessToken: {token: '***', expiresOn: 'e'},
      access_token: '***',
      AccessKey: '***',
      nested: [{TOKEN: '***'}],
      tokenCount: 'visible',
      scopes: ['chat'],
    })
  })

  it('replaces each credential field name on its own', () => {
    for (const field of ['token', 'accessToken', 'access_token', 'accessKey']) {
      expect(redactBody(JSON.stringify({[field]: 'secret-value'})), field).to.equal(`{"${field}":"***"}`)
    }
  })

  it('keeps non-string values of credential fields (they carry no secret) and the JSON layout', () => {
    expect(redactBody('{"token": null, "accessToken": {"token": "x"}}')).to.equal(
      '{"token":null,"accessToken":{"token":"***"}}',
    )
    expect(redactBody('[1,"a"]')).to.equal('[1,"a"]')
  })

  it('shows a body that is not JSON only by its size in bytes', () => {
    expect(redactBody('token=abc')).to.equal('<9 bytes, not JSON: not shown>')
    expect(redactBody('é')).to.equal('<2 bytes, not JSON: not shown>')
    expect(redactBody('')).to.equal('<0 bytes, not JSON: not shown>')
  })
})

describe('HTTP trace: the policy', () => {
  const response = (request: PipelineRequest, status = 200, bodyAsText?: string): PipelineResponse => ({
    request,
    status,
    headers: createHttpHeaders({'Set-Cookie': 'session=secret-cookie', 'x-ms-request-id': 'rid'}),
    bodyAsText,
  })
  const newRequest = (body?: string) => {
    const request = createPipelineRequest({url: 'https://a.example/identities?api-version=1', method: 'POST'})
    request.headers.set('Authorization', 'HMAC-SHA256 Signature=secret-signature')
    request.headers.set('Cookie', 'c=secret-cookie')
    request.headers.set('content-type', 'application/json')
    request.body = body
    return request
  }

  it('traces request and response with --debug, credentials replaced', async () => {
    const {logger, lines} = capture('debug')
    const policy = httpTracePolicy({logger, timeoutMs: 0})
    const request = newRequest('{"token":"secret-token","scopes":["chat"]}')
    const result = await policy.sendRequest(request, async (r) =>
      response(r, 201, '{"accessToken":{"token":"issued-secret"}}'),
    )
    expect(result.status).to.equal(201)
    const text = lines.join('')
    for (const secret of ['secret-signature', 'secret-cookie', 'secret-token', 'issued-secret'])
      expect(text).to.not.include(secret)
    const prefix = `DEBUG: ${LOGGER_NAMES.http}: `
    expect(lines.slice(0, 8)).to.deep.equal([
      `${prefix}Request URL: 'https://a.example/identities?api-version=1'\n`,
      `${prefix}Request method: 'POST'\n`,
      `${prefix}Request headers:\n`,
      `${prefix}    'Authorization': '***'\n`,
      `${prefix}    'Cookie': '***'\n`,
      `${prefix}    'content-type': 'application/json'\n`,
      `${prefix}Request body:\n{"token":"***","scopes":["chat"]}\n`,
      expect(lines[7]).to.match(
        /^INFO: cli\.azure\.core\.pipeline\.policies\.http_logging_policy: POST https:\/\/a\.example\/identities\?api-version=1 201 \(\d+ ms\)\n$/,
      ) && lines[7],
    ])
    expect(lines[8]).to.equal(`${prefix}Response status: 201\n`)
    expect(lines[9]).to.match(/^DEBUG: .*: Response time: \d+ ms\n$/)
    expect(lines.slice(10)).to.deep.equal([
      `${prefix}Response headers:\n`,
      `${prefix}    'Set-Cookie': '***'\n`,
      `${prefix}    'x-ms-request-id': 'rid'\n`,
      `${prefix}Response content:\n{"accessToken":{"token":"***"}}\n`,
    ])
  })

  it('says when a request has no body, and leaves out an empty response body', async () => {
    const {logger, lines} = capture('debug')
    await httpTracePolicy({logger, timeoutMs: 0}).sendRequest(newRequest(), async (r) => response(r, 204))
    expect(lines).to.include(`DEBUG: ${LOGGER_NAMES.http}: No body was attached to the request\n`)
    expect(lines.some((line) => line.includes('Response content'))).to.equal(false)
  })

  it('prints one INFO line with --verbose and nothing by default', async () => {
    const verbose = capture('info')
    await httpTracePolicy({logger: verbose.logger, timeoutMs: 0}).sendRequest(newRequest('{}'), async (r) =>
      response(r),
    )
    expect(verbose.lines).to.have.length(1)
    expect(verbose.lines[0]).to.match(/^INFO: POST https:\/\/a\.example\/identities\?api-version=1 200 \(\d+ ms\)\n$/)
    const quiet = capture('warning')
    await httpTracePolicy({logger: quiet.logger, timeoutMs: 0}).sendRequest(newRequest('{}'), async (r) => response(r))
    expect(quiet.lines).to.deep.equal([])
  })

  it("leaves the attempt alone without a timeout: no timer, the caller's own abort signal", async () => {
    const {logger} = capture('warning')
    const request = newRequest()
    const callerSignal = new AbortController().signal
    request.abortSignal = callerSignal
    const answered = await httpTracePolicy({logger, timeoutMs: 0}).sendRequest(request, async (r) => {
      expect(r.abortSignal).to.equal(callerSignal)
      await new Promise((resolve) => setTimeout(resolve, 20))
      expect(r.abortSignal!.aborted).to.equal(false)
      return response(r)
    })
    expect(answered.status).to.equal(200)
  })

  it('reports how long the attempt took', async () => {
    const {logger, lines} = capture('debug')
    const policy = httpTracePolicy({logger, timeoutMs: 0})
    const started = performance.now()
    await policy.sendRequest(newRequest(), async (r) => response(r))
    await policy
      .sendRequest(newRequest(), async () => {
        throw new Error('refused')
      })
      .catch(() => {})
    const elapsed = performance.now() - started
    const times = lines
      .join('')
      .match(/\d+ ms/g)!
      .map((text) => Number.parseInt(text, 10))
    expect(times).to.have.length(3)
    for (const ms of times) expect(ms).to.be.within(0, Math.ceil(elapsed) + 1)
  })

  it('reports a failed attempt in one INFO line and rethrows the error', async () => {
    const {logger, lines} = capture('info')
    const failure = new Error('connect ECONNREFUSED')
    const error = await httpTracePolicy({logger, timeoutMs: 0})
      .sendRequest(newRequest(), async () => {
        throw failure
      })
      .catch((error_: unknown) => error_)
    expect(error).to.equal(failure)
    expect(lines).to.have.length(1)
    expect(lines[0]).to.match(
      /^INFO: POST https:\/\/a\.example\/identities\?api-version=1 failed after \d+ ms: connect ECONNREFUSED\n$/,
    )
  })

  it("aborts an attempt after the timeout with ETIMEDOUT, and restores the caller's abort signal", async () => {
    const {logger, lines} = capture('info')
    const request = newRequest()
    const callerSignal = new AbortController().signal
    request.abortSignal = callerSignal
    let seen: {aborted: boolean} | undefined
    const error = (await httpTracePolicy({logger, timeoutMs: 30})
      .sendRequest(request, (r) => {
        seen = r.abortSignal
        return new Promise((_resolve, reject) =>
          r.abortSignal!.addEventListener('abort', () => reject(new Error('aborted'))),
        )
      })
      .catch((error_: unknown) => error_)) as Error & {code?: string}
    expect(seen).to.not.equal(callerSignal)
    expect(seen!.aborted).to.equal(true)
    expect(error.code).to.equal(TIMEOUT_CODE)
    expect(TIMEOUT_CODE).to.equal('ETIMEDOUT')
    expect(error.message).to.equal('no response within 0.03 seconds')
    expect(request.abortSignal).to.equal(callerSignal)
    expect(lines[0]).to.match(/failed after \d+ ms: no response within 0\.03 seconds\n$/)
  })

  it("passes the caller's abort on to the attempt, and an answered attempt is not a timeout", async () => {
    const {logger} = capture('warning')
    const caller = new AbortController()
    const request = newRequest()
    request.abortSignal = caller.signal
    const error = await httpTracePolicy({logger, timeoutMs: 60_000})
      .sendRequest(request, (r) => {
        setImmediate(() => caller.abort())
        return new Promise((_resolve, reject) =>
          r.abortSignal!.addEventListener('abort', () => reject(new Error('cancelled by caller'))),
        )
      })
      .catch((error_: unknown) => error_)
    expect((error as Error).message).to.equal('cancelled by caller')
    expect(request.abortSignal).to.equal(caller.signal)
    const answered = await httpTracePolicy({logger, timeoutMs: 60_000}).sendRequest(newRequest(), async (r) =>
      response(r),
    )
    expect(answered.status).to.equal(200)
  })

  it('is named azcHttpTrace', () => {
    expect(httpTracePolicy({logger: new AzLogger(), timeoutMs: 0}).name).to.equal('azcHttpTrace')
  })
})
