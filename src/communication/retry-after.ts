/**
 * A bound on how long the CLI waits when the service says "retry after". The SDK's retry policy
 * honours any Retry-After (az's too: `Retry-After: 3600` keeps it silent for hours, retry after
 * retry). This policy sits inside the retry loop and looks at each throttled answer (429 or 503 with
 * a retry-after header) before the SDK waits: within the budget (60 seconds in all per invocation)
 * it says with --verbose that it is waiting, how long and why; past it, the command stops at once
 * with one error line giving the service's code and when to retry.
 */
import type {PipelinePolicy, PipelineResponse} from '@azure/core-rest-pipeline'
import {STATUS_CODES} from 'node:http'

import {AzCliError} from '../framework/errors.js'
import type {AzLogger} from '../framework/log.js'
import {errorBody} from './service-errors.js'
import {escapeControlCharacters} from './terminal-text.js'

/** The most the CLI waits for Retry-After over one invocation. */
export const MAX_TOTAL_RETRY_AFTER_MS = 60_000
/** The SDK's retry count: the answer to the last attempt is returned, not waited on. */
const SDK_MAX_RETRIES = 3

export interface RetryAfterOptions {
  logger: AzLogger
  /** Tests shorten the budget; the CLI always uses MAX_TOTAL_RETRY_AFTER_MS. */
  maxTotalWaitMs?: number
  /** Tests fix the clock. */
  now?: () => number
}

/** Thrown past the budget: the command ends with this line, exit 1. */
export class RetryAfterTooLongError extends AzCliError {}

export function retryAfterCapPolicy({
  logger,
  maxTotalWaitMs = MAX_TOTAL_RETRY_AFTER_MS,
  now = Date.now,
}: RetryAfterOptions): PipelinePolicy {
  let waited = 0
  const attempts = new WeakMap<object, number>()
  return {
    name: 'azcRetryAfterCap',
    async sendRequest(request, next) {
      const attempt = (attempts.get(request) ?? 0) + 1
      attempts.set(request, attempt)
      const response = await next(request)
      const delay = retryAfterMs(response, now)
      // The SDK returns the last attempt's answer without waiting: nothing to bound.
      if (delay === undefined || attempt > SDK_MAX_RETRIES) return response

      const what = serviceCode(response)
      const seconds = formatSeconds(delay)
      const budget = formatSeconds(maxTotalWaitMs)
      if (waited + delay > maxTotalWaitMs) {
        const when = new Date(now() + delay).toISOString().replace(/\.\d+Z$/, 'Z')
        throw new RetryAfterTooLongError(
          `${what.lead}The service asks to retry after ${seconds} seconds, at ${when}; azc waits at most ${budget} seconds in all.`,
        )
      }
      waited += delay
      logger.info(
        `The service answered ${response.status} (${what.code}) and asks to retry after ${seconds} seconds: ` +
          `waiting ${seconds} seconds (at most ${budget} seconds in all).`,
      )
      return response
    },
  }
}

/** The wait the SDK's throttling strategy will take for this answer, as it computes it; undefined if none. */
export function retryAfterMs(response: PipelineResponse, now: () => number = Date.now): number | undefined {
  if (response.status !== 429 && response.status !== 503) return undefined
  for (const [header, factor] of [
    ['retry-after-ms', 1],
    ['x-ms-retry-after-ms', 1],
    ['retry-after', 1000],
  ] as const) {
    const value = response.headers.get(header)
    if (!value) continue
    const number = Number(value)
    if (!Number.isNaN(number)) return Math.max(0, number * factor)
  }
  const date = response.headers.get('retry-after')
  if (!date) return undefined
  const diff = Date.parse(date) - now()
  return Number.isFinite(diff) ? Math.max(0, diff) : undefined
}

/** `(Code) Message. ` from the error body (escaped) and the code alone; the HTTP status and its name when there is none. */
function serviceCode(response: PipelineResponse): {lead: string; code: string} {
  const body = errorBody({response})
  const name = STATUS_CODES[response.status] ?? 'Unknown'
  if (typeof body?.code !== 'string' || !body.code) return {lead: `(${response.status} ${name}) `, code: name}
  const code = escapeControlCharacters(body.code)
  const message =
    typeof body.message === 'string' && body.message
      ? ` ${escapeControlCharacters(body.message).replace(/\.?$/, '.')}`
      : ''
  return {lead: `(${code})${message} `, code}
}

function formatSeconds(ms: number): string {
  return String(Math.round(ms / 100) / 10)
}
