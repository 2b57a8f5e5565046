/**
 * az's stderr logging (knack's CLILogging): `WARNING: text`, `ERROR: text`, `INFO: text` and
 * `DEBUG: name: text`; with colour on, the level name is dropped and the line is coloured instead.
 * Every line goes through the secret filter, so a value registered as secret never reaches stderr.
 */

export type LogLevel = 'critical' | 'error' | 'warning' | 'info' | 'debug'

const RANK: Record<LogLevel, number> = {critical: 0, error: 1, warning: 2, info: 3, debug: 4}

/** knack's colour map. */
export const COLORS = {
  reset: '\u001B[0m',
  preview: '\u001B[36m',
  experimental: '\u001B[36m',
  deprecation: '\u001B[33m',
  critical: '\u001B[41m',
  error: '\u001B[91m',
  warning: '\u001B[33m',
  info: '\u001B[32m',
  debug: '\u001B[36m',
} as const

/** The logger names az shows in --debug lines. */
export const LOGGER_NAMES = {
  cli: 'cli.azc',
  error: 'cli.azure.cli.core.azclierror',
  http: 'cli.azure.core.pipeline.policies.http_logging_policy',
} as const

export const REDACTED = '***'

export interface AzLoggerOptions {
  /** The most detailed level shown: error (--only-show-errors), warning (default), info (--verbose), debug (--debug). */
  level?: LogLevel
  color?: boolean
  /** Where lines go (default: process.stderr). */
  write?: (text: string) => void
}

export class AzLogger {
  readonly level: LogLevel
  readonly color: boolean
  private readonly write: (text: string) => void
  private readonly secrets = new Set<string>()

  constructor(options: AzLoggerOptions = {}) {
    this.level = options.level ?? 'warning'
    this.color = options.color ?? false
    this.write = options.write ?? ((text) => process.stderr.write(text))
  }

  /** True when lines of this level are shown. */
  isEnabled(level: LogLevel): boolean {
    return RANK[level] <= RANK[this.level]
  }

  /** Registers a value that must never be printed (an access key, a token): every line shows *** instead. */
  addSecret(value: string | undefined): void {
    // Very short values would mangle ordinary text and cannot be meaningful secrets.
    if (value && value.length >= 8) this.secrets.add(value)
  }

  /** Replaces every registered secret in the text. */
  redact(text: string): string {
    let out = text
    for (const secret of this.secrets) {
      if (out.includes(secret)) out = out.split(secret).join(REDACTED)
    }
    // A connection string's key, wherever it shows up, even one never registered.
    return out.replaceAll(/(accesskey=)[^;\s"',]+/gi, `$1${REDACTED}`)
  }

  error(message: string, name: string = LOGGER_NAMES.error): void {
    this.emit('error', message, name)
  }

  warning(message: string, name: string = LOGGER_NAMES.cli): void {
    this.emit('warning', message, name)
  }

  info(message: string, name: string = LOGGER_NAMES.cli): void {
    this.emit('info', message, name)
  }

  debug(message: string, name: string = LOGGER_NAMES.cli): void {
    this.emit('debug', message, name)
  }

  /** A line without a level prefix (az prints status notices this way), coloured when colour is on. */
  plain(message: string, color?: keyof typeof COLORS): void {
    const text = this.redact(message)
    this.write(`${this.color && color ? `${COLORS[color]}${text}${COLORS.reset}` : text}\n`)
  }

  private emit(level: LogLevel, message: string, name: string): void {
    if (!this.isEnabled(level)) return
    const parts: string[] = []
    if (!this.color) parts.push(level.toUpperCase())
    if (this.level === 'debug') parts.push(name)
    parts.push(this.redact(message))
    const line = parts.join(': ')
    this.write(`${this.color ? `${COLORS[level]}${line}${COLORS.reset}` : line}\n`)
  }
}
