/**
 * az's `@file` arguments (azure-cli's _expand_file_prefixed_files): any argument written `@path`, or
 * `--option=@path`, is replaced by the file's text with trailing newlines removed; `@-` reads standard
 * input. A file that cannot be read leaves the argument as it was.
 */
import {readFileSync} from 'node:fs'
import {homedir} from 'node:os'

export interface FileArgsOptions {
  /** Reads all of standard input (default: file descriptor 0). */
  readStdin?: () => Buffer
  /** Called for each argument that looked like a file but could not be read. */
  onUnreadable?: (arg: string, error: unknown) => void
}

export function expandFileArguments(argv: readonly string[], options: FileArgsOptions = {}): string[] {
  return argv.map((arg) => {
    const equals = arg.indexOf('=')
    if (equals === -1) return loadIfFile(arg, options)
    return `${arg.slice(0, equals)}=${loadIfFile(arg.slice(equals + 1), options)}`
  })
}

function loadIfFile(arg: string, options: FileArgsOptions): string {
  // az looks only at a leading @ and needs something after it.
  if (!arg.startsWith('@') || arg.length === 1) return arg
  const path = arg.slice(1)
  try {
    const content = path === '-' ? (options.readStdin ?? (() => readFileSync(0)))() : readFileSync(expandUser(path))
    return decodeFileContent(content).replace(/\n+$/, '')
  } catch (error) {
    options.onUnreadable?.(arg, error)
    return arg
  }
}

/** Python's os.path.expanduser for `~` and `~/...`. */
function expandUser(path: string): string {
  if (path === '~' || path.startsWith('~/')) return homedir() + path.slice(1)
  return path
}

/**
 * azure-cli's read_file_content: UTF-8 (a BOM dropped), then UTF-16 by its BOM, and a file that is
 * text in none of them is passed on as base64 of its bytes.
 */
export function decodeFileContent(bytes: Buffer): string {
  const utf8 = tryDecode('utf-8', bytes)
  if (utf8 !== undefined) return utf8.replace(/^\uFEFF/, '')
  const bom = bytes.subarray(0, 2)
  if (bom[0] === 0xff && bom[1] === 0xfe) {
    const text = tryDecode('utf-16le', bytes.subarray(2))
    if (text !== undefined) return text
  } else if (bom[0] === 0xfe && bom[1] === 0xff) {
    const text = tryDecode('utf-16be', bytes.subarray(2))
    if (text !== undefined) return text
  } else if (bytes.length % 2 === 0) {
    const text = tryDecode('utf-16le', bytes)
    if (text !== undefined) return text
  }
  return bytes.toString('base64')
}

function tryDecode(encoding: string, bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder(encoding, {fatal: true, ignoreBOM: true}).decode(bytes)
  } catch {
    return undefined
  }
}
