/**
 * The Retry-After budget inside the SDK's real retry loop (core-rest-pipeline's default retry policy)
 * with a fake transport: short waits (milliseconds) and a shortened budget stand in for minutes, so
 * nothing sleeps long.
 */
import {
  createEmptyPipeline,
  createHttpHeaders,
  createPipelineRequest,
  defaultRetryPolicy,
  type PipelineRequest,
  type PipelineResponse,
} from '@azure/core-rest-pipeline'
import {expect} from 'chai'

import {retryAfterCapPolicy, retryAfterMs, RetryAfterTooLongError} from '../../src/communication/retry-after.js'
import {AzLogger} from '../../src/framework/log.js'

const THROTTLED = '{"error":{"code":"TooManyRequests","message":"Rate limit exceeded"}}'

function answer(
  request: PipelineRequest,
  status: number,
  headers: Record<string, string>,
  body = THROTTLED,
): PipelineResponse {
  return {
    request,
    status,
    headers: createHttpHeaders({'content-type': 'application/json', ...headers}),
    bodyAsText: body,
  }
}

async function run(
  answers: Array<(request: PipelineRequest) => PipelineResponse>,
  options: {maxTotalWaitMs?: number; now?: () => number} = {},
) {
  const lines: string[] = []
  const logger = new AzLogger({level: 'info', write: (text) => lines.push(text)})
  const pipeline = createEmptyPipeline()
  pipeline.addPolicy(defaultRetryPolicy(), {phase: 'Retry'})
  pipeline.addPolicy(retryAfterCapPolicy({logger, ...options}), {afterPhase: 'Retry'})
  let calls = 0
  const httpClient = {
    async sendRequest(request: PipelineRequest) {
      return answers[Math.min(calls++, answers.length - 1)](request)
    },
  }
  const request = createPipelineRequest({url: 'https://contoso.communication.azure.com/identities', method: 'POST'})
  const started = Date.now()
  const outcome = await pipeline.sendRequest(httpClient, request).then(
    (response) => ({response, error: undefined}),
    (error: unknown) => ({response: undefined, error: error as Error}),
  )
  return {...outcome, calls, lines, elapsed: Date.now() - started}
}

describe('the Retry-After budget', () => {
  it('waits as asked while the total stays within the budget, saying so', async () => {
    const result = await run([(r) => answer(r, 429, {'retry-after-ms': '20'}), (r) => answer(r, 201, {}, '{}')], {
      maxTotalWaitMs: 100,
    })
    expect(result.response?.status).to.equal(201)
    expect(result.calls).to.equal(2)
    expect(result.elapsed).to.be.at.least(15)
    expect(result.lines).to.deep.equal([
      'INFO: The service answered 429 (TooManyRequests) and asks to retry after 0 seconds: waiting 0 seconds (at most 0.1 seconds in all).\n',
    ])
  })

  it('counts every wait of the invocation: the one that would pass the budget is not waited', async () => {
    const result = await run([(r) => answer(r, 503, {'retry-after-ms': '30'})], {maxTotalWaitMs: 70})
    expect(result.calls).to.equal(3)
    expect(result.lines).to.have.length(2)
    expect(result.error).to.be.instanceOf(RetryAfterTooLongError)
    expect(result.error!.message).to.match(
      /^\(TooManyRequests\) Rate limit exceeded\. The service asks to retry after 0 seconds, at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ; azc waits at most 0\.1 seconds in all\.$/,
    )
  })

  it('an hour-long Retry-After stops at once, naming the code and when to retry', async () => {
    const now = Date.parse('2026-11-30T12:00:00Z')
    const result = await run([(r) => answer(r, 429, {'retry-after': '3600'})], {now: () => now})
    expect(result.calls).to.equal(1)
    expect(result.elapsed).to.be.lessThan(1000)
    expect(result.error!.message).to.equal(
      '(TooManyRequests) Rate limit exceeded. The service asks to retry after 3600 seconds, at 2026-11-30T13:00:00Z; azc waits at most 60 seconds in all.',
    )
    expect((result.error as RetryAfterTooLongError).exitCode).to.equal(1)
  })

  it('a Retry-After date, and an answer without an Azure error body', async () => {
    const now = Date.parse('2026-11-30T12:00:00Z')
    const result = await run(
      [(r) => answer(r, 503, {'retry-after': 'Mon, 30 Nov 2026 14:00:00 GMT'}, '<html>busy</html>')],
      {now: () => now},
    )
    expect(result.error!.message).to.equal(
      '(503 Service Unavailable) The service asks to retry after 7200 seconds, at 2026-11-30T14:00:00Z; azc waits at most 60 seconds in all.',
    )
    const short = await run([(r) => answer(r, 503, {'retry-after-ms': '1'}, ''), (r) => answer(r, 201, {}, '{}')])
    expect(short.lines).to.deep.equal([
      'INFO: The service answered 503 (Service Unavailable) and asks to retry after 0 seconds: waiting 0 seconds (at most 60 seconds in all).\n',
    ])
  })

  it("escapes the service's text", async () => {
    const body = JSON.stringify({error: {code: 'Busy\u001B[2J', message: 'go\r\naway'}})
    const result = await run([(r) => answer(r, 429, {'retry-after': '61'}, body)])
    expect(result.error!.message).to.match(/^\(Busy\\x1b\[2J\) go\\r\\naway\. The service asks/)
  })

  it('the answer to the last attempt is returned as it is: the SDK does not wait on it', async () => {
    const result = await run([(r) => answer(r, 429, {'retry-after-ms': '1'})], {maxTotalWaitMs: 60_000})
    expect(result.calls).to.equal(4)
    expect(result.response?.status).to.equal(429)
    expect(result.lines).to.have.length(3)
  })

  it('ignores retry-after on answers the SDK does not throttle on', async () => {
    const result = await run([(r) => answer(r, 400, {'retry-after': '3600'})])
    expect(result.calls).to.equal(1)
    expect(result.response?.status).to.equal(400)
    expect(result.lines).to.deep.equal([])
  })
})

describe('retryAfterMs: the wait the SDK will take', () => {
  const request = createPipelineRequest({url: 'https://x.example/', method: 'GET'})
  const of = (status: number, headers: Record<string, string>) =>
    retryAfterMs(answer(request, status, headers), () => 0)
  it('reads retry-after-ms, x-ms-retry-after-ms and Retry-After in that order', () => {
    expect(of(429, {'retry-after-ms': '250', 'retry-after': '9'})).to.equal(250)
    expect(of(429, {'x-ms-retry-after-ms': '300', 'retry-after': '9'})).to.equal(300)
    expect(of(503, {'retry-after': '2'})).to.equal(2000)
    expect(of(503, {'retry-after': 'Thu, 01 Jan 1970 00:00:05 GMT'})).to.equal(5000)
    expect(of(503, {'retry-after': 'Thu, 01 Jan 1970 00:00:00 GMT'})).to.equal(0)
    expect(of(429, {'retry-after': 'soon'})).to.equal(undefined)
    expect(of(429, {})).to.equal(undefined)
    expect(of(500, {'retry-after': '2'})).to.equal(undefined)
    expect(of(429, {'retry-after': '-5'})).to.equal(0)
    expect(of(429, {'retry-after': 'Infinity'})).to.equal(Infinity)
  })
})
