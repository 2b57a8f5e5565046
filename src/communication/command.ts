/**
 * What every `communication user-identity` command shares: how it authenticates (the connection string, or
 * --endpoint with --auth-mode login for Entra ID, see credential.ts), the connection string (flag, then
 * AZURE_COMMUNICATION_CONNECTION_STRING, then the config file), the identity client, and the
 * translation of SDK failures into az's errors.
 */
import type {Command} from '@oclif/core'
import * as Flags from '@oclif/core/flags'

import {AzCommand, withAzExtras} from '../framework/az-command.js'
import {type CommandStatus, statusNotice} from '../framework/status.js'
import {AzCliError, type AzCliError as AzCliErrorType} from '../framework/errors.js'
import {type ConnectionString, parseConnectionString} from './connection-string.js'
import {
  AUTH_MODES,
  type AuthMode,
  authModeFlag,
  ENDPOINT_WITHOUT_KEY,
  endpointFlag,
  NO_ENDPOINT_FOR_LOGIN,
  parseEndpoint,
  rejectedTokenError,
  signInToResource,
} from './credential.js'
import {IdentityService} from './identity.js'
import {translateServiceError} from './service-errors.js'

export const NO_CONNECTION_STRING = 'Please specify --connection-string, or set AZURE_COMMUNICATION_CONNECTION_STRING.'

/** Seconds one HTTP attempt may take before it counts as a network failure (retried by the SDK). */
const DEFAULT_TIMEOUT_SECONDS = 30

export const connectionStringFlag = withAzExtras(
  Flags.string({
    summary: 'Communication connection string. Environment variable: AZURE_COMMUNICATION_CONNECTION_STRING.',
    helpValue: '<string>',
  }),
  {azSecret: true},
)

/** `--endpoint` and `--auth-mode` (Entra ID sign-in), after --connection-string in each identity command. */
export const entraFlags = {endpoint: endpointFlag, 'auth-mode': authModeFlag}

export abstract class CommunicationCommand<T extends typeof Command = typeof Command> extends AzCommand<T> {
  // oclif merges a command's statics class by class and stops at the first class with none of its own
  // (util/cache-command.js), so every class between a command and AzCommand declares one: without it,
  // help and the manifest would miss the global flags that the parser accepts.
  static override baseFlags = AzCommand.baseFlags

  private endpoint?: string
  /** The credential that signed in, under --auth-mode login. */
  private signedInWith?: string

  /** The connection string in effect, checked; its access key is registered as a secret. */
  protected connection(): ConnectionString {
    const fromFlag = (this.flags as Record<string, unknown>)['connection-string'] as string | undefined
    const text = fromFlag || this.azConfig.section('communication').get('connection_string')
    if (!text) throw new AzCliError(NO_CONNECTION_STRING)
    // A malformed string's message never quotes the key, and every log line masks accesskey=... anyway.
    const connection = parseConnectionString(text)
    this.logger.addSecret(connection.accessKey)
    this.endpoint = connection.endpoint
    return connection
  }

  /** `--auth-mode`, then `communication.auth_mode` (AZURE_COMMUNICATION_AUTH_MODE), then key. */
  protected authMode(): AuthMode {
    const flags = this.flags as Record<string, unknown>
    const mode = (
      (flags['auth-mode'] as string | undefined) ??
      this.azConfig.section('communication').get('auth_mode') ??
      'key'
    ).toLowerCase()
    if (!(AUTH_MODES as readonly string[]).includes(mode)) {
      throw new AzCliError(`communication.auth_mode must be key or login, not '${mode}'.`)
    }
    return mode as AuthMode
  }

  /** The identity service client for this invocation. */
  protected async identity(): Promise<IdentityService> {
    const flags = this.flags as Record<string, unknown>
    const endpointText =
      (flags.endpoint as string | undefined) || this.azConfig.section('communication').get('endpoint')
    const mode = this.authMode()
    const version = this.ctor.plugin?.version ?? this.config.version
    if (mode === 'login') {
      if (!endpointText) throw new AzCliError(NO_ENDPOINT_FOR_LOGIN)
      const endpoint = parseEndpoint(endpointText, mode)
      this.endpoint = endpoint
      const {credential} = await signInToResource({
        endpoint,
        configDir: this.azConfig.configDir,
        subscription: flags.subscription as string | undefined,
        onToken: (signedIn, token) => {
          this.logger.addSecret(token)
          this.signedInWith = signedIn.selected
          this.logger.info(`Signed in to Entra ID with ${signedIn.selected}.`)
        },
      })
      return IdentityService.connect({
        connection: {endpoint, credential},
        logger: this.logger,
        userAgentPrefix: `azc/${version}`,
        timeoutMs: this.timeoutSeconds() * 1000,
      })
    }

    const fromFlag = flags['connection-string'] as string | undefined
    if (endpointText && !fromFlag && !this.azConfig.section('communication').get('connection_string')) {
      throw new AzCliError(ENDPOINT_WITHOUT_KEY)
    }
    const connection = this.connection()
    // An explicit --endpoint must name the connection string's resource; a configured one is for login only.
    const endpointFlagged = flags.endpoint as string | undefined
    if (endpointFlagged && parseEndpoint(endpointFlagged, mode) !== connection.endpoint) {
      throw new AzCliError(
        `--endpoint '${endpointFlagged}' is not the endpoint of the connection string (${connection.endpoint}); give one of them.`,
      )
    }
    return IdentityService.connect({
      connection,
      logger: this.logger,
      userAgentPrefix: `azc/${version}`,
      timeoutMs: this.timeoutSeconds() * 1000,
    })
  }

  protected override translateError(error: unknown): AzCliErrorType | undefined {
    if (this.signedInWith) {
      const rejected = rejectedTokenError(error, this.signedInWith)
      if (rejected) return rejected
    }
    return translateServiceError(error, this.endpoint ?? '')
  }

  private timeoutSeconds(): number {
    const configured = this.azConfig.section('communication').get('timeout')
    if (configured === undefined || configured === '') return DEFAULT_TIMEOUT_SECONDS
    const seconds = Number(configured)
    if (!Number.isFinite(seconds) || seconds <= 0) {
      throw new AzCliError(
        `communication.timeout must be a positive number of seconds, not '${configured}' ` +
          `(from ${this.azConfig.sourceOf('communication', 'timeout')}).`,
      )
    }
    return seconds
  }
}

/**
 * az declares a status on the command group (knack's CommandGroup(is_preview=True)) and every command
 * in it inherits it: its notice before the command runs, and its text in help. One class per group.
 */
function groupStatus(group: string): CommandStatus {
  return {state: 'preview', group}
}

/** `communication user-identity token ...`: in preview. */
export abstract class UserIdentityTokenCommand<
  T extends typeof Command = typeof Command,
> extends CommunicationCommand<T> {
  static override status: CommandStatus = groupStatus('communication user-identity token')
  // az's help shows the group's status; so does ours.
  static override description = statusNotice(this.status as CommandStatus).text
}

/** `communication user-identity user ...`: in preview. */
export abstract class UserIdentityUserCommand<
  T extends typeof Command = typeof Command,
> extends CommunicationCommand<T> {
  static override status: CommandStatus = groupStatus('communication user-identity user')
  static override description = statusNotice(this.status as CommandStatus).text
}
