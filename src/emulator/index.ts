/**
 * A local emulator of the ACS Identity data-plane service, for tests and offline development: `startEmulator` runs
 * it in this process (options and PEM/JWKS inputs are described in emulator.ts), `runEmulatorInForeground` is the
 * `azc communication emulator start` behaviour (connection string on stdout, request log on stderr, until a signal).
 */
export {type AccessTokenStatus, type EmulatorOptions, type RunningEmulator, startEmulator} from './emulator.js'
export {type ForegroundOptions, runEmulatorInForeground} from './runner.js'
export {DEFAULT_LIMITS, type EmulatorLimits, JWKS_PATH} from './server.js'
export {TOKEN_SCOPES} from './operations.js'
export {IDENTITY_API_VERSIONS, TEAMS_API_VERSIONS} from './routes.js'
