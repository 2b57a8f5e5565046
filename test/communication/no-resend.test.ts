/**
 * Which transport failures the SDK's real retry loop repeats once no-resend.ts is in it: a POST that
 * may have reached the service is not sent again (as az's SDK never repeats a POST); failures where
 * nothing reached it, and idempotent methods, are retried as before.
 */
import {
  createEmptyPipeline,
  createPipelineRequest,
  defaultRetryPolicy,
  type HttpMethods,
  RestError,
} from '@azure/core-rest-pipeline'
import {expect} from 'chai'

import {noResendPolicy, RequestNotRepeatedError} from '../../src/communication/no-resend.js'

async function attempts(method: HttpMethods, code: string, message = code): Promise<{calls: number; error: unknown}> {
  const pipeline = createEmptyPipeline()
  // No back-off: these tests count attempts, they do not wait.
  pipeline.addPolicy(defaultRetryPolicy({retryDelayInMs: 1, maxRetryDelayInMs: 1}), {phase: 'Retry'})
  pipeline.addPolicy(noResendPolicy(), {afterPhase: 'Retry'})
  let calls = 0
  const request = createPipelineRequest({url: 'https://contoso.communication.azure.com/identities', method})
  const httpClient = {
    async sendRequest(): Promise<never> {
      calls++
      throw new RestError(message, {code, request})
    },
  }
  const error = await pipeline.sendRequest(httpClient, request).catch((error_: unknown) => error_)
  return {calls, error}
}

describe('no resending of a POST that may have reached the service', () => {
  for (const code of ['ECONNRESET', 'EPIPE', 'ETIMEDOUT']) {
    it(`POST and PATCH after ${code}: one attempt, the original code and message`, async () => {
      for (const method of ['POST', 'PATCH'] as const) {
        const {calls, error} = await attempts(method, code, `${code} text`)
        expect(calls).to.equal(1)
        expect(error).to.be.instanceOf(RequestNotRepeatedError)
        expect(error).to.include({code, message: `${code} text`, azcNotRepeated: true})
      }
    })
  }

  it('POST when nothing reached the service: retried as the SDK does', async () => {
    for (const code of ['ECONNREFUSED', 'ENOTFOUND']) expect((await attempts('POST', code)).calls, code).to.equal(4)
    const tls = await attempts(
      'POST',
      'ECONNRESET',
      'Client network socket disconnected before secure TLS connection was established',
    )
    expect(tls.calls).to.equal(4)
    expect(tls.error).to.be.instanceOf(RestError)
  })

  it('DELETE (idempotent): retried', async () => {
    expect((await attempts('DELETE', 'ECONNRESET')).calls).to.equal(4)
    expect((await attempts('DELETE', 'ETIMEDOUT')).calls).to.equal(4)
  })
})
