/**
 * Entra ID sign-in for host commands, in az's spirit: one credential that tries, in this order,
 *
 *   1. EnvironmentCredential        AZURE_TENANT_ID + AZURE_CLIENT_ID + AZURE_CLIENT_SECRET
 *                                   (or AZURE_CLIENT_CERTIFICATE_PATH [+ _PASSWORD])
 *   2. WorkloadIdentityCredential   AZURE_FEDERATED_TOKEN_FILE + AZURE_CLIENT_ID + AZURE_TENANT_ID
 *   3. ManagedIdentityCredential    App Service / Functions (IDENTITY_ENDPOINT), Arc, Cloud Shell, the VM's IMDS
 *   4. AzureCliCredential           the account of `az login`
 *   5. AzureDeveloperCliCredential  the account of `azd auth login`
 *
 * and the subscription in effect (`--subscription`, then the default of `az account set` in azureProfile.json):
 *
 *   import {azureSignIn} from 'azc-communication'
 *   const {credential, subscription} = azureSignIn({configDir: this.azConfig.configDir, subscription: flags.subscription})
 *   const client = new ResourceManagementClient(credential, subscription!.id)
 *
 * @azure/identity is imported on the first `getToken`, so a host that never signs in never loads it.
 * Tokens are cached until five minutes before they expire; `credential.selected` names the credential that gave
 * the first one. When no credential is available, `getToken` throws NoAzureCredentialError, one line listing what
 * was tried and how to fix it; when one is available but fails (a wrong secret, say), AzureSignInError.
 */
import {readFileSync} from 'node:fs'
import {join} from 'node:path'

import type {AccessToken, GetTokenOptions, TokenCredential} from '@azure/core-auth'

import {AzCliError} from './errors.js'

/** The credentials tried, in order. */
export const SIGN_IN_ORDER = [
  'EnvironmentCredential',
  'WorkloadIdentityCredential',
  'ManagedIdentityCredential',
  'AzureCliCredential',
  'AzureDeveloperCliCredential',
] as const
export type SignInCredentialName = (typeof SIGN_IN_ORDER)[number]

/** Authority hosts that have Entra instance discovery; any other (a sovereign stack, the emulator) skips it. */
const PUBLIC_AUTHORITY_HOSTS = new Set([
  'login.microsoftonline.com',
  'login.microsoftonline.us',
  'login.chinacloudapi.cn',
  'login.partner.microsoftonline.cn',
])

export interface AzureSignInOptions {
  /** az's configuration folder, where azureProfile.json lives (AzConfig.configDir); default AZURE_CONFIG_DIR or ~/.azure. */
  configDir?: string
  /** The value of --subscription: a subscription id or name. */
  subscription?: string
  /** Restricts sign-in to this tenant where the credential allows it. */
  tenantId?: string
  /** Only these credentials, in SIGN_IN_ORDER (for tests or a host that forbids some routes). */
  only?: readonly SignInCredentialName[]
  /** Environment to read AZURE_* from; default process.env. */
  env?: NodeJS.ProcessEnv
}

export interface SubscriptionInEffect {
  id: string
  name?: string
  tenantId?: string
  /** Where it came from: the --subscription flag or az's default in azureProfile.json. */
  source: 'flag' | 'profile'
}

export interface AzureSignIn {
  credential: AzureSignInCredential
  /** Undefined when neither --subscription nor an az default gives one. */
  subscription?: SubscriptionInEffect
}

/** No credential in the chain could be used; the message lists each one's reason and the usual fixes. */
export class NoAzureCredentialError extends AzCliError {
  constructor(readonly tried: Array<{name: string; reason: string}>) {
    super(
      `No Entra ID credential is available (tried ${tried.map((t) => `${t.name}: ${t.reason}`).join('; ')}). ` +
        'Sign in with `az login` (or `azd auth login`), or set AZURE_TENANT_ID, AZURE_CLIENT_ID and ' +
        'AZURE_CLIENT_SECRET (or AZURE_CLIENT_CERTIFICATE_PATH) for a service principal, or run where a managed identity is assigned.',
    )
  }
}

/** A credential was available but could not get a token (a wrong secret, an unknown tenant, a refused request). */
export class AzureSignInError extends AzCliError {
  constructor(
    readonly credentialName: string,
    reason: string,
    options?: {cause?: unknown},
  ) {
    super(`Entra ID sign-in with ${credentialName} failed: ${reason}`, options)
  }
}

/** The credential and subscription in effect for a host command. Synchronous; loads nothing until getToken. */
export function azureSignIn(options: AzureSignInOptions = {}): AzureSignIn {
  const env = options.env ?? process.env
  const configDir = options.configDir ?? env.AZURE_CONFIG_DIR ?? join(env.HOME ?? '', '.azure')
  const subscription = subscriptionInEffect(configDir, options.subscription)
  return {credential: new AzureSignInCredential({...options, env}, subscription), subscription}
}

/** `--subscription` (an id or a name, resolved through azureProfile.json), else az's default subscription. */
export function subscriptionInEffect(configDir: string, flag?: string): SubscriptionInEffect | undefined {
  const known = readProfile(configDir)
  if (flag !== undefined && flag !== '') {
    const wanted = flag.toLowerCase()
    const match = known.find((s) => s.id?.toLowerCase() === wanted || s.name?.toLowerCase() === wanted)
    return match?.id
      ? {id: match.id, name: match.name, tenantId: match.tenantId, source: 'flag'}
      : {id: flag, source: 'flag'}
  }
  const current = known.find((s) => s.isDefault && s.id)
  return current ? {id: current.id!, name: current.name, tenantId: current.tenantId, source: 'profile'} : undefined
}

interface ProfileSubscription {
  id?: string
  name?: string
  tenantId?: string
  isDefault?: boolean
}

function readProfile(configDir: string): ProfileSubscription[] {
  try {
    // az writes azureProfile.json with a UTF-8 BOM.
    const text = readFileSync(join(configDir, 'azureProfile.json'), 'utf8').replace(/^\uFEFF/, '')
    const subscriptions = (JSON.parse(text) as {subscriptions?: unknown}).subscriptions
    return Array.isArray(subscriptions) ? (subscriptions as ProfileSubscription[]) : []
  } catch {
    return []
  }
}

const REFRESH_MARGIN_MS = 5 * 60 * 1000

/** A TokenCredential that tries SIGN_IN_ORDER and then keeps to the first credential that answered. */
export class AzureSignInCredential implements TokenCredential {
  /** The credential that gave the first token. */
  selected?: SignInCredentialName
  private chosen?: TokenCredential
  private readonly cache = new Map<string, AccessToken>()

  constructor(
    private readonly options: AzureSignInOptions & {env: NodeJS.ProcessEnv},
    private readonly subscription?: SubscriptionInEffect,
  ) {}

  async getToken(scopes: string | string[], getTokenOptions?: GetTokenOptions): Promise<AccessToken> {
    const key = ([] as string[]).concat(scopes).join(' ')
    const cached = this.cache.get(key)
    if (cached && cached.expiresOnTimestamp - REFRESH_MARGIN_MS > Date.now()) return cached
    const token = this.chosen
      ? await this.fromChosen(scopes, getTokenOptions)
      : await this.firstAvailable(scopes, getTokenOptions)
    this.cache.set(key, token)
    return token
  }

  private async fromChosen(scopes: string | string[], getTokenOptions?: GetTokenOptions): Promise<AccessToken> {
    try {
      const token = await this.chosen!.getToken(scopes, getTokenOptions)
      if (!token) throw new Error('no token was returned')
      return token
    } catch (error) {
      throw new AzureSignInError(this.selected!, shortReason(error), {cause: error})
    }
  }

  private async firstAvailable(scopes: string | string[], getTokenOptions?: GetTokenOptions): Promise<AccessToken> {
    const identity = await import('@azure/identity')
    const tried: Array<{name: string; reason: string}> = []
    for (const name of this.options.only ?? SIGN_IN_ORDER) {
      const credential = this.create(identity, name)
      try {
        const token = await credential.getToken(scopes, getTokenOptions)
        if (!token) throw new identity.CredentialUnavailableError('no token was returned')
        this.chosen = credential
        this.selected = name
        return token
      } catch (error) {
        if ((error as Error)?.name === 'CredentialUnavailableError') {
          tried.push({name, reason: shortReason(error)})
          continue
        }
        throw new AzureSignInError(name, shortReason(error), {cause: error})
      }
    }
    throw new NoAzureCredentialError(tried)
  }

  private create(identity: typeof import('@azure/identity'), name: SignInCredentialName): TokenCredential {
    const {env} = this.options
    const tenantId = this.options.tenantId ?? this.subscription?.tenantId
    const authorityHost = env.AZURE_AUTHORITY_HOST
    // Entra instance discovery exists only on the public clouds' hosts: any other authority is trusted as given.
    const disableInstanceDiscovery = authorityHost ? !PUBLIC_AUTHORITY_HOSTS.has(hostOf(authorityHost)) : false
    switch (name) {
      case 'EnvironmentCredential': {
        return new identity.EnvironmentCredential({authorityHost, disableInstanceDiscovery})
      }

      case 'WorkloadIdentityCredential': {
        if (!env.AZURE_FEDERATED_TOKEN_FILE || !env.AZURE_CLIENT_ID || !env.AZURE_TENANT_ID) {
          return unavailable(
            identity,
            'AZURE_FEDERATED_TOKEN_FILE, AZURE_CLIENT_ID and AZURE_TENANT_ID are not all set',
          )
        }
        return new identity.WorkloadIdentityCredential({
          tenantId: env.AZURE_TENANT_ID,
          clientId: env.AZURE_CLIENT_ID,
          tokenFilePath: env.AZURE_FEDERATED_TOKEN_FILE,
          authorityHost,
          disableInstanceDiscovery,
        })
      }

      case 'ManagedIdentityCredential': {
        // As DefaultAzureCredential does: AZURE_CLIENT_ID names a user-assigned identity, and the VM's IMDS is
        // probed with a short timeout first so that a machine without one moves on quickly.
        const options = {
          retryOptions: {maxRetries: 5, retryDelayInMs: 800},
          sendProbeRequest: true,
          ...(env.AZURE_CLIENT_ID ? {clientId: env.AZURE_CLIENT_ID} : {}),
        }
        // sendProbeRequest is the option DefaultAzureCredential passes; it is not in the public options type.
        return new identity.ManagedIdentityCredential(options as unknown as {clientId: string})
      }

      case 'AzureCliCredential': {
        return new identity.AzureCliCredential({tenantId, subscription: this.subscription?.id})
      }

      case 'AzureDeveloperCliCredential': {
        return new identity.AzureDeveloperCliCredential({tenantId})
      }
    }
  }
}

function unavailable(identity: typeof import('@azure/identity'), reason: string): TokenCredential {
  return {
    async getToken() {
      throw new identity.CredentialUnavailableError(reason)
    },
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname.toLowerCase()
  } catch {
    return url.toLowerCase()
  }
}

/** One line of a credential's failure: its first sentence-ish, without the library's troubleshooting links. */
export function shortReason(error: unknown): string {
  // AuthenticationError keeps Entra's own words (AADSTS...) in errorResponse.errorDescription.
  const described = (error as {errorResponse?: {errorDescription?: unknown}} | undefined)?.errorResponse
    ?.errorDescription
  const message =
    typeof described === 'string' && described.trim()
      ? described
      : error instanceof Error
        ? error.message
        : String(error)
  const line = message
    .replace(/\s*(?:To troubleshoot|Troubleshooting guide|For more information|See the troubleshooting)[\s\S]*$/i, '')
    .replace(/\s+/g, ' ')
    .trim()
  return line.length > 200 ? `${line.slice(0, 197)}...` : line || 'unknown error'
}
