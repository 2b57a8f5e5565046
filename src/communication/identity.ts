/**
 * The ACS Identity operations behind the commands, through @azure/communication-identity, shaped as
 * az prints them. The SDK is loaded only when a command calls the service.
 */
import type {CommunicationIdentityClient} from '@azure/communication-identity'
import type {TokenCredential} from '@azure/core-auth'
import type {FullOperationResponse, OperationOptions} from '@azure/core-client'

import type {AzLogger} from '../framework/log.js'
import type {ConnectionString} from './connection-string.js'
import {httpTracePolicy} from './http-trace.js'
import {requestsCaBundlePolicy} from './ca-bundle.js'
import {loopbackTlsUpgradePolicy} from './loopback-tls.js'

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
    const credential = ('credential' in connection ? connection.credential : new AzureKeyCredential(connection.accessKey)) as TokenCredential
    const client = new CommunicationIdentityClient(connection.endpoint, credential, {
      // The SDK refuses http:// unless told; connection-string.ts admits it only for loopback hosts.
      allowInsecureConnection: options.connection.endpoint.startsWith('http:'),
      userAgentOptions: {userAgentPrefix: options.userAgentPrefix},
      additionalPolicies: [
        {policy: loopbackTlsUpgradePolicy(), position: 'perRetry'},
        {policy: requestsCaBundlePolicy(), position: 'perRetry'},
        {policy: httpTracePolicy(options), position: 'perRetry'},
      ],
    })
    return new IdentityService(client, options.logger)
  }

  async issueToken(scopes: string[], user: string | undefined, expiresInMinutes?: number): Promise<IssuedToken> {
    const raw = rawBodyCapture()
    const options = {...raw.options, tokenExpiresInMinutes: expiresInMinutes}
    if (user === undefined) {
      const created = await this.client.createUserAndToken(scopes as Scope[], options)
      const body = raw.body() as {identity: {id: string}; accessToken: {token: string; expiresOn: string}}
      this.logger.addSecret(created.token)
      return {user_id: created.user.communicationUserId, token: created.token, expires_on: body.accessToken.expiresOn}
    }

    const issued = await this.client.getToken({communicationUserId: user}, scopes as Scope[], options)
    const body = raw.body() as {token: string; expiresOn: string}
    this.logger.addSecret(issued.token)
    return {user_id: user, token: issued.token, expires_on: body.expiresOn}
  }

  async revokeTokens(user: string): Promise<void> {
    await this.client.revokeTokens({communicationUserId: user})
  }

  async createUser(): Promise<CreatedUser> {
    const user = await this.client.createUser()
    return {rawId: user.communicationUserId, properties: {id: user.communicationUserId}}
  }

  async deleteUser(user: string): Promise<void> {
    await this.client.deleteUser({communicationUserId: user})
  }

  async exchangeTeamsToken(aadToken: string, clientId: string, userObjectId: string): Promise<TeamsToken> {
    const raw = rawBodyCapture()
    const exchanged = await this.client.getTokenForTeamsUser({
      teamsUserAadToken: aadToken,
      clientId,
      userObjectId,
      ...raw.options,
    })
    const body = raw.body() as {token: string; expiresOn: string}
    this.logger.addSecret(exchanged.token)
    return {token: exchanged.token, expires_on: body.expiresOn}
  }
}

/**
 * The SDK turns expiresOn into a Date and loses its digits and offset; az prints the service's text,
 * so the raw body of the final response is kept.
 */
function rawBodyCapture(): {options: OperationOptions; body: () => unknown} {
  let text: string | undefined
  return {
    options: {
      onResponse(response: FullOperationResponse) {
        text = response.bodyAsText ?? undefined
      },
    },
    body() {
      return text === undefined ? {} : JSON.parse(text)
    },
  }
}
