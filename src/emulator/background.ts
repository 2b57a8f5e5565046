/**
 * The emulator in the background, for scripts and CI: `emulator start --detach` starts daemon.js as a detached Node
 * process and returns once that process is listening and has recorded where it runs; `emulator status` and
 * `emulator stop` find it through that record.
 *
 * No step waits on a timer or reads a file that may not be written yet: the daemon writes the state file (whole,
 * 0600, temp file + rename) before it reports "ready" over the IPC channel, and `start` returns only after that
 * message (or fails with the daemon's own error once it exits). The state file names the process, its port,
 * endpoint, log file and CA certificate; the daemon deletes it when it stops.
 */
import {spawn} from 'node:child_process'
import {closeSync, mkdirSync, openSync, readFileSync, rmSync} from 'node:fs'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'

import type {EmulatorOptions} from './emulator.js'

/** What the daemon records about itself in the state file (and reports to `start`). */
export interface BackgroundState {
  format: 'azc-emulator-process/1'
  pid: number
  port: number
  host: string
  /** `http(s)://host:port/` */
  endpoint: string
  /** The CA certificate clients must trust (with --tls), else undefined. */
  caCertificate?: string
  dataFile?: string
  log: string
  startedAt: string
}

/** What `start --detach` hands over: the options the daemon passes to startEmulator. */
export type DaemonOptions = Pick<
  EmulatorOptions,
  'host' | 'port' | 'accessKey' | 'resourceId' | 'dataFile' | 'aadTenant' | 'aadAudience' | 'entra'
> & {
  tls?: {cert: string; key: string}
  aadJwks?: string
  caCertificate?: string
  stateFile: string
}

export type DaemonMessage =
  {type: 'ready'; state: BackgroundState; connectionString: string} | {type: 'error'; message: string}

export const STATE_FILE = 'emulator.json'
export const LOG_FILE = 'emulator.log'

/** How long `start --detach` waits for the daemon to listen before it gives up (and stops it). */
const START_TIMEOUT_MS = 60_000

export class BackgroundError extends Error {
  constructor(
    message: string,
    readonly reason: 'running' | 'not-running' | 'failed',
  ) {
    super(message)
  }
}

/** The state file's path in the emulator's home folder. */
export function stateFilePath(home: string): string {
  return join(home, STATE_FILE)
}

/**
 * The emulator recorded in `home` if its process is still there; a record whose process is gone (killed with
 * SIGKILL, machine restarted) is removed and counts as none.
 */
export function findBackground(home: string): BackgroundState | undefined {
  const file = stateFilePath(home)
  let state: BackgroundState
  try {
    state = JSON.parse(readFileSync(file, 'utf8'))
  } catch {
    return undefined
  }
  if (state?.format !== 'azc-emulator-process/1' || !Number.isInteger(state.pid) || !isEmulatorProcess(state.pid)) {
    rmSync(file, {force: true})
    return undefined
  }
  return state
}

/** Starts the daemon and resolves once it listens; rejects with its error (or its log's last lines) otherwise. */
export async function startBackground(
  home: string,
  options: Omit<DaemonOptions, 'stateFile'>,
): Promise<{state: BackgroundState; connectionString: string}> {
  mkdirSync(home, {recursive: true, mode: 0o700})
  const running = findBackground(home)
  if (running) {
    throw new BackgroundError(
      `An emulator is already running in the background (pid ${running.pid}, ${running.endpoint}); stop it first with \`emulator stop\`.`,
      'running',
    )
  }

  const log = join(home, LOG_FILE)
  const logFd = openSync(log, 'a', 0o600)
  const daemon = fileURLToPath(new URL('daemon.js', import.meta.url))
  let child
  try {
    // execArgv carries a loader such as tsx when this runs from the TypeScript sources.
    child = spawn(process.execPath, [...process.execArgv, daemon], {
      detached: true,
      windowsHide: true,
      stdio: ['ignore', logFd, logFd, 'ipc'],
      env: process.env,
    })
  } finally {
    closeSync(logFd)
  }

  const daemonOptions: DaemonOptions = {...options, stateFile: stateFilePath(home)}
  const reply = await new Promise<DaemonMessage>((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      resolve({type: 'error', message: `the emulator did not start within ${START_TIMEOUT_MS / 1000} s`})
    }, START_TIMEOUT_MS)
    const finish = (message: DaemonMessage) => {
      clearTimeout(timer)
      child.off('exit', onExit)
      resolve(message)
    }
    const onExit = (code: number | null, signal: NodeJS.Signals | null) =>
      finish({
        type: 'error',
        message: `the emulator exited (${signal ?? `code ${code}`}) before it listened${logTail(log)}`,
      })
    child.once('message', (message: DaemonMessage) => finish(message))
    child.once('exit', onExit)
    child.once('error', (error) => finish({type: 'error', message: error.message}))
    child.send(daemonOptions)
  })

  if (reply.type === 'error') {
    if (child.exitCode === null) child.kill('SIGKILL')
    throw new BackgroundError(reply.message, 'failed')
  }

  // From here on the daemon is on its own: no channel, and this process does not wait for it.
  child.disconnect()
  child.unref()
  return {state: reply.state, connectionString: reply.connectionString}
}

/** Stops the emulator recorded in `home` and resolves once its process is gone. */
export async function stopBackground(home: string): Promise<BackgroundState> {
  const state = findBackground(home)
  if (!state)
    throw new BackgroundError(
      `No emulator is running in the background (no live ${stateFilePath(home)}).`,
      'not-running',
    )
  signal(state.pid, 'SIGTERM')
  // The daemon closes its connections within a second; a process that does not end in ten is killed outright.
  if (!(await exited(state.pid, 10_000))) {
    signal(state.pid, 'SIGKILL')
    await exited(state.pid, 5000)
  }
  rmSync(stateFilePath(home), {force: true})
  return state
}

/** Lines to `eval` in a POSIX shell: the connection string and, with TLS, where the CA certificate is. */
export function envLines(connectionString: string, caCertificate?: string): string {
  const lines = [`export AZURE_COMMUNICATION_CONNECTION_STRING=${shellQuote(connectionString)}`]
  if (caCertificate) {
    lines.push(
      `export REQUESTS_CA_BUNDLE=${shellQuote(caCertificate)}`,
      `export NODE_EXTRA_CA_CERTS=${shellQuote(caCertificate)}`,
    )
  }
  return `${lines.join('\n')}\n`
}

function shellQuote(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
  // An exited process that nobody has reaped yet (a zombie) still takes signals, but it is gone.
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '')[0] !== 'Z'
  } catch {
    return true
  }
}

/**
 * Whether `pid` is still the daemon: alive, and where the system shows command lines (/proc), running daemon.js,
 * so a recycled pid of some other program is never signalled.
 */
function isEmulatorProcess(pid: number): boolean {
  if (!alive(pid)) return false
  let cmdline: string
  try {
    cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8')
  } catch {
    return true
  }
  return /daemon\.[jt]s\0/.test(`${cmdline}\0`)
}

/** Polls for the end of a process that is not our child (so there is no exit event to wait on). */
async function exited(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  while (alive(pid)) {
    if (Date.now() > deadline) return false
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  return true
}

function logTail(log: string): string {
  try {
    const lines = readFileSync(log, 'utf8').trim().split('\n').slice(-5).join('\n')
    return lines ? `:\n${lines}` : ''
  } catch {
    return ''
  }
}

/** The folder of the background emulator's record, log and generated certificates: `<data dir>/emulator`. */
export function emulatorHome(dataDir: string): string {
  return join(dataDir, 'emulator')
}
