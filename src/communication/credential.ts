/**
 * How the identity commands authenticate to the resource: `--auth-mode key` (the default) signs requests with the
 * access key of the connection string, as az does; `--auth-mode login` sends an Entra ID bearer token for
 * https://communication.azure.com from the framework's sign-in chain (azure-credential.ts), for resources whose
 * access keys are switched off. The endpoint comes from --endpoint, AZURE_COMMUNICATION_ENDPOINT or
 * `[communication] endpoint`; @azure/identity is loaded only on the login path.
 */
import * as Flags from '@oclif/core/flags'

import type {AzureSignInCredential} from '../framework/azure-credential.js'
import {AzCliError} from '../framework/errors.js'
import {isLoopbackHost} from './connection-string.js'

/** The scope of the ACS data plane: tokens carry the audience https://communication.azure.com. */
export const COMMUNICATION_SCOPE = 'https://communication.azure.com/.default'

export const AUTH_MODES = ['key', 'login'] as const
export type AuthMode = (typeof AUTH_MODES)[number]

export const endpointFlag = Flags.string({
  summary:
    'Endpoint of the Communication Service resource, https://<resource>.communication.azure.com. ' +
    'Environment variable: AZURE_COMMUNICATION_ENDPOINT.',
  helpValue: '<url>',
})

export const authModeFlag = Flags.string({
  summary:
    'The mode in which to run the command. "login" signs in with Entra ID (service principal from AZURE_* variables, ' +
    'workload identity, managed identity, az login, azd login, in that order); "key" uses the access key of the ' +
    'connection string. Default: key (config: communication.auth_mode).',
  options: [...AUTH_MODES],
})

export const NO_ENDPOINT_FOR_LOGIN =
  '--auth-mode login needs the resource endpoint: give --endpoint https://<resource>.communication.azure.com ' +
  '(or set AZURE_COMMUNICATION_ENDPOINT).'

export const ENDPOINT_WITHOUT_KEY =
  '--endpoint with --auth-mode key needs the access key: give --connection-string (or set ' +
  'AZURE_COMMUNICATION_CONNECTION_STRING), or sign in with Entra ID using --auth-mode login.'

/** The endpoint URL as `https://host[:port]`, checked as a connection string's endpoint is. */
export function parseEndpoint(text: string, mode: AuthMode): string {
  const withScheme = text.includes('://') ? text : `https://${text}`
  let url: URL
  try {
    url = new URL(withScheme)
  } catch {
    throw new AzCliError(
      `Invalid --endpoint '${text}': it is not a URL. Expected https://<resource>.communication.azure.com`,
    )
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new AzCliError(`Invalid --endpoint '${text}': it is not an https URL.`)
  }
  if (url.pathname !== '/' || url.search || url.hash || url.username || url.password) {
    throw new AzCliError(`Invalid --endpoint '${text}': give only scheme, host and port.`)
  }
  if (url.protocol === 'http:') {
    if (mode === 'login') {
      throw new AzCliError(
        `Invalid --endpoint '${text}': Entra ID tokens are sent only over https (for the emulator, start it with --cert and --key).`,
      )
    }
    if (!isLoopbackHost(url.hostname)) {
      throw new AzCliError(`Invalid --endpoint '${text}': http:// is accepted only for a local emulator, use https://`)
    }
  }
  return `${url.protocol}//${url.host}`
}

export interface EntraSignIn {
  endpoint: string
  credential: AzureSignInCredential
}

/** The credential of `--auth-mode login`, with its first token already fetched (so sign-in errors come first). */
export async function signInToResource(options: {
  endpoint: string
  configDir: string
  subscription?: string
  onToken: (credential: AzureSignInCredential, token: string) => void
}): Promise<EntraSignIn> {
  // Loaded here, not at the top: the key path never evaluates the sign-in code.
  const {azureSignIn} = await import('../framework/azure-credential.js')
  const {credential} = azureSignIn({configDir: options.configDir, subscription: options.subscription})
  const token = await credential.getToken(COMMUNICATION_SCOPE)
  options.onToken(credential, token.token)
  return {endpoint: options.endpoint, credential}
}

/** IdentityNotOwned: a foreign user id; InvalidAccessToken: the Teams user's token in the body of the exchange. */
const NOT_ABOUT_THE_CALLER = new Set(['IdentityNotOwned', 'InvalidAccessToken'])

/** A 401/403 from the service to a bearer request: one line naming the credential, the code and what to check. */
export function rejectedTokenError(error: unknown, credentialName: string): AzCliError | undefined {
  const rest = error as {
    statusCode?: number
    code?: string
    message?: string
    details?: {error?: {code?: string; message?: string}}
  }
  if (rest?.statusCode !== 401 && rest?.statusCode !== 403) return undefined
  const code = rest.details?.error?.code ?? rest.code ?? 'Unauthorized'
  // 401s about the request's content, not its caller, keep the service's own error (as under key mode).
  if (rest.statusCode === 401 && NOT_ABOUT_THE_CALLER.has(code)) return undefined
  const message = rest.details?.error?.message ?? rest.message ?? ''
  const fix =
    rest.statusCode === 403
      ? 'give the principal a role on the resource (for example "Communication and Email Service Owner")'
      : 'check that the token is for https://communication.azure.com and from the tenant of the resource'
  return new AzCliError(
    `The service rejected the Entra ID token from ${credentialName} (HTTP ${rest.statusCode}, ${code}: ${message.trim()}); ${fix}.`,
    {cause: error},
  )
}
