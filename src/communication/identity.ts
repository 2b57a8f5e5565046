/**
 * The ACS Identity operations behind the commands, through @azure/communication-identity, shaped as
 * az prints them. The SDK is loaded only when a command calls the service.
 */
import type {CommunicationIdentityClient} from '@azure/communication-identity'
import type {TokenCredential} from '@azure/core-auth'
import type {FullOperationResponse, OperationOptions} from '@azure/core-client'
import {STATUS_CODES} from 'node:http'

import {AzCliError} from '../framework/errors.js'
import type {AzLogger} from '../framework/log.js'
import type {ConnectionString} from './connection-string.js'
import {httpTracePolicy} from './http-trace.js'
import {ipv6HostPolicy} from './ipv6-host.js'
import {requestsCaBundlePolicy} from './ca-bundle.js'
import {loopbackProxyBypassPolicy} from './loopback-proxy.js'
import {loopbackTlsUpgradePolicy} from './loopback-tls.js'
import {noResendPolicy} from './no-resend.js'
import {azureCoreDecodeError} from './python-json-error.js'
import {retryAfterCapPolicy} from './retry-after.js'
import {escapeControlCharacters} from './terminal-text.js'

/** The scopes the service knows, in az's documentation order. */
export const KNOWN_SCOPES = ['chat', 'voip', 'chat.join', 'chat.join.limited', 'voip.join'] as const
export type Scope = (typeof KNOWN_SCOPES)[number]

// Key order matters for queries such as keys(@) and for table/tsv with --query: it is the order of
// the Python objects az prints.

/** `token issue` prints the extension's dict: user, token, and the service's expiresOn text. */
export interface IssuedToken {
  user_id: string
  token: string
  expires_on: string
}

/** `user create` prints CommunicationUserIdentifier as az's todict() renders its attributes. */
export interface CreatedUser {
  rawId: string
  properties: {id: string}
}

/** `token get-for-teams-user` prints the AccessToken named tuple. */
export interface TeamsToken {
  token: string
  expires_on: string
}

export interface IdentityServiceOptions {
  /** A connection string (access key), or an endpoint with an Entra ID credential (--auth-mode login). */
  connection: ConnectionString | {endpoint: string; credential: TokenCredential}
  logger: AzLogger
  /** Put first in User-Agent: `azc/<version>`. */
  userAgentPrefix: string
  /** Per-attempt timeout in milliseconds. */
  timeoutMs: number
}

export class IdentityService {
  private constructor(
    private readonly client: CommunicationIdentityClient,
    private readonly logger: AzLogger,
  ) {}

  static async connect(options: IdentityServiceOptions): Promise<IdentityService> {
    const {CommunicationIdentityClient, AzureKeyCredential} = await import('./sdk.js')
    const {connection} = options
    // The SDK's constructor overloads take one kind of credential each; both are valid here.
    const credential = (
      'credential' in connection ? connection.credential : new AzureKeyCredential(connection.accessKey)
    ) as TokenCredential
    const client = new CommunicationIdentityClient(connection.endpoint, credential, {
      // The SDK refuses http:// unless told; connection-string.ts admits it only for loopback hosts.
      allowInsecureConnection: options.connection.endpoint.startsWith('http:'),
      userAgentOptions: {userAgentPrefix: options.userAgentPrefix},
      additionalPolicies: [
        {policy: retryAfterCapPolicy(options), position: 'perRetry'},
        {policy: noResendPolicy(), position: 'perRetry'},
        {policy: loopbackProxyBypassPolicy(), position: 'perRetry'},
        {policy: loopbackTlsUpgradePolicy(), position: 'perRetry'},
        {policy: requestsCaBundlePolicy(), position: 'perRetry'},
        {policy: httpTracePolicy(options), position: 'perRetry'},
        {policy: ipv6HostPolicy(), position: 'perRetry'},
      ],
    })
    return new IdentityService(client, options.logger)
  }

  async issueToken(scopes: string[], user: string | undefined, expiresInMinutes?: number): Promise<IssuedToken> {
    const raw = rawBodyCapture()
    return checked(raw, async () => {
      const options = {...raw.options, tokenExpiresInMinutes: expiresInMinutes}
      if (user === undefined) {
        const created = await this.client.createUserAndToken(scopes as Scope[], options)
        const body = raw.body() as {identity: {id: string}; accessToken: {token: string; expiresOn: string}}
        this.logger.addSecret(created.token)
        return {
          user_id: required(created.user.communicationUserId, 'identity.id'),
          token: required(created.token, 'accessToken.token'),
          expires_on: required(body.accessToken?.expiresOn, 'accessToken.expiresOn'),
        }
      }

      const issued = await this.client.getToken({communicationUserId: user}, scopes as Scope[], options)
      const body = raw.body() as {token: string; expiresOn: string}
      this.logger.addSecret(issued.token)
      return {user_id: user, token: required(issued.token, 'token'), expires_on: required(body.expiresOn, 'expiresOn')}
    })
  }

  async revokeTokens(user: string): Promise<void> {
    await checked(undefined, () => this.client.revokeTokens({communicationUserId: user}))
  }

  async createUser(): Promise<CreatedUser> {
    const raw = rawBodyCapture()
    return checked(raw, async () => {
      const user = await this.client.createUser(raw.options)
      const id = required(user.communicationUserId, 'identity.id')
      return {rawId: id, properties: {id}}
    })
  }

  async deleteUser(user: string): Promise<void> {
    await checked(undefined, () => this.client.deleteUser({communicationUserId: user}))
  }

  async exchangeTeamsToken(aadToken: string, clientId: string, userObjectId: string): Promise<TeamsToken> {
    const raw = rawBodyCapture()
    return checked(raw, async () => {
      const exchanged = await this.client.getTokenForTeamsUser({
        teamsUserAadToken: aadToken,
        clientId,
        userObjectId,
        ...raw.options,
      })
      const body = raw.body() as {token: string; expiresOn: string}
      this.logger.addSecret(exchanged.token)
      return {token: required(exchanged.token, 'token'), expires_on: required(body.expiresOn, 'expiresOn')}
    })
  }
}

/**
 * The SDK turns expiresOn into a Date and loses its digits and offset; az prints the service's text,
 * so the raw body of the final response is kept.
 */
function rawBodyCapture(): RawBodyCapture {
  let text: string | undefined
  let final: FullOperationResponse | undefined
  return {
    response: () => final,
    options: {
      onResponse(response: FullOperationResponse) {
        final = response
        text = response.bodyAsText ?? undefined
      },
    },
    body() {
      return text === undefined ? {} : JSON.parse(text)
    },
  }
}

interface RawBodyCapture {
  options: OperationOptions
  body: () => unknown
  /** The final response, once the SDK has one. */
  response: () => FullOperationResponse | undefined
}

/** A success answer without what the operation returns: one clear error, never a TypeError. */
class MissingResultError extends Error {
  constructor(
    readonly field: string,
    problem = `the body has no ${field}`,
  ) {
    super(problem)
  }
}

const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/

/**
 * A value the result must have. Ids, tokens and times never hold control characters; one that does
 * is refused rather than printed to stdout, where an escape sequence would reach the terminal.
 */
function required<T>(value: T | undefined | null, field: string): T {
  if (value === undefined || value === null || value === '') throw new MissingResultError(field)
  if (typeof value === 'string' && CONTROL_CHARACTERS.test(value)) {
    throw new MissingResultError(field, `the body's ${field} holds control characters`)
  }
  return value
}

/**
 * Runs one SDK call so that nothing the server sent can crash it or reach the terminal raw: a
 * success whose body does not decode gets az's message (`JSON is invalid: ...`) or one clear line,
 * and a service error's text is escaped before anything (even --debug's stack trace) shows it.
 */
async function checked<T>(raw: RawBodyCapture | undefined, call: () => Promise<T>): Promise<T> {
  try {
    return await call()
  } catch (error) {
    const response = raw?.response()
    if (response && response.status >= 200 && response.status < 300 && !(error as {statusCode?: number}).statusCode) {
      throw unusableAnswer(response, error)
    }
    if (error instanceof Error && (error as {name?: string}).name === 'RestError') escapeErrorText(error)
    throw error
  }
}

function unusableAnswer(response: FullOperationResponse, cause: unknown): AzCliError {
  const body = response.bodyAsText ?? ''
  const contentType = response.headers.get('content-type')
  const decodeError = azureCoreDecodeError(body, contentType)
  if (decodeError) return new AzCliError(decodeError, {cause})

  let reason: string
  if (!body.replace(/^\ufeff+/, '')) reason = 'the body is empty'
  else if (cause instanceof MissingResultError) reason = cause.message
  else if (contentType && !/json/i.test(contentType))
    reason = `the body is ${escapeControlCharacters(contentType.split(';')[0].trim())}, not JSON`
  else reason = 'the body is not the expected JSON'
  return new AzCliError(
    `The service answered ${response.status} (${STATUS_CODES[response.status] ?? 'Unknown'}) without the expected result: ${reason}.`,
    {cause},
  )
}

/** A RestError's message is the service's text: escaped, and in the stack trace too. */
function escapeErrorText(error: Error): void {
  const escaped = escapeControlCharacters(error.message)
  if (escaped === error.message) return
  const original = error.message
  error.message = escaped
  if (error.stack) error.stack = error.stack.replace(original, () => escaped)
}
