/**
 * The service's error answers. Every code, message and target here is the one the real ACS Identity service sends
 * (see the API doc and the SDK test recordings); the few the service never documented say so where they are built.
 */

export interface ServiceErrorBody {
  error: {code: string; message: string; target?: string; innererror?: {code: string; message: string}}
}

/** An answer other than success: its status, the Azure error body and any extra headers. */
export class ServiceError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly target?: string,
    readonly headers: Record<string, string> = {},
    readonly innererror?: {code: string; message: string},
  ) {
    super(message)
  }

  toBody(): ServiceErrorBody {
    const error: ServiceErrorBody['error'] = {code: this.code, message: this.message}
    if (this.target !== undefined) error.target = this.target
    if (this.innererror !== undefined) error.innererror = this.innererror
    return {error}
  }
}

export const denied = () => new ServiceError(401, 'Denied', 'Denied by the resource provider.')

export const contentHashMismatch = () =>
  new ServiceError(401, 'Denied', "Request 'x-ms-content-sha256' differs from generated content hash.")

export const identityNotOwned = () =>
  new ServiceError(401, 'IdentityNotOwned', "Provided identity doesn't belong to the resource.")

export const invalidExpiresInMinutes = (value: number) =>
  new ServiceError(
    400,
    'ValidationError',
    `ExpiresInMinutes value ${value} is invalid. Value must be within the [60, 1440] interval.`,
    'ExpiresInMinutes',
  )

/** `scopes: []` on issue. */
export const emptyScopes = () =>
  new ServiceError(400, 'ValidationError', 'Invalid scopes - Scopes field is required.', 'scopes')

/** A required field that is absent, null or empty: the service's model validation (`Scopes`, `AppId`, `UserId`). */
export const requiredField = (name: string) =>
  new ServiceError(400, 'ValidationError', `${name}: The ${name} field is required.`, name)

/** Not documented by the service: modelled on its other scope error. */
export const unknownScope = (scope: string) =>
  new ServiceError(400, 'ValidationError', `Invalid scopes - '${scope}' is not a valid scope.`, 'scopes')

/** Not documented by the service: a body that is not JSON, or a field of the wrong JSON type. */
export const invalidBody = (target: string, message: string) =>
  new ServiceError(400, 'ValidationError', message, target)

export const invalidAccessToken = () =>
  new ServiceError(401, 'InvalidAccessToken', 'Provided access token is not valid.')

export const invalidAppIdFormat = () =>
  new ServiceError(400, 'ValidationError', 'Provided AppId has invalid format.', 'appId')

export const invalidUserIdFormat = () =>
  new ServiceError(400, 'ValidationError', 'Provided UserId has invalid format.', 'userId')

// The API doc gives no target for these two rows (only for the format rows), so none is sent.
export const unexpectedApplication = () =>
  new ServiceError(400, 'ValidationError', 'AAD application is not the expected one.')

export const unexpectedUser = () =>
  new ServiceError(400, 'ValidationError', 'Provided AAD token issued for unexpected user.')

export const payloadTooLarge = () => new ServiceError(413, 'RequestEntityTooLarge', 'The request body is too large.')

export const internalError = () => new ServiceError(500, 'InternalServerError', 'An internal error occurred.')

// API-version answers, as ASP.NET API Versioning (which the service runs on) words them. The supported versions are
// named in the `api-supported-versions` header, as the service does, and also in `innererror` for human readers.
export const apiVersionUnspecified = (supported: readonly string[]) =>
  new ServiceError(
    400,
    'ApiVersionUnspecified',
    'An API version is required, but was not specified.',
    undefined,
    {'api-supported-versions': supported.join(', ')},
    supportedVersionsNote(supported),
  )

export const unsupportedApiVersion = (requestUri: string, version: string, supported: readonly string[]) =>
  new ServiceError(
    400,
    'UnsupportedApiVersion',
    `The HTTP resource that matches the request URI '${requestUri}' does not support the API version '${version}'.`,
    undefined,
    {'api-supported-versions': supported.join(', ')},
    supportedVersionsNote(supported),
  )

export const methodNotAllowed = (version: string, method: string, allow: string) =>
  new ServiceError(
    405,
    'UnsupportedApiVersion',
    `The requested resource with API version '${version}' does not support HTTP method '${method}'.`,
    undefined,
    {allow},
  )

const supportedVersionsNote = (supported: readonly string[]) => ({
  code: 'SupportedApiVersions',
  message: `Supported api-versions: ${supported.join(', ')}.`,
})

// Not the service's own words (it sits behind a gateway whose answers are not documented): the emulator's own
// limits, in the service's error body so a client reports them like any other error.
export const requestTimeout = () => new ServiceError(408, 'RequestTimeout', 'The request body did not arrive in time.')

export const serverBusy = () =>
  new ServiceError(503, 'ServiceUnavailable', 'The emulator is busy; retry shortly.', undefined, {'retry-after': '1'})

export const malformedRequest = () => new ServiceError(400, 'BadRequest', 'The request is not valid HTTP.')

export const headersTooLarge = () =>
  new ServiceError(431, 'RequestHeaderFieldsTooLarge', 'The request headers are too large.')
