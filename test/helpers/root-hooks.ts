/**
 * Loaded by mocha before any test file (.mocharc.json `require`). Two jobs:
 *
 * 1. Hermetic environment. Every test, in this process and in every child it starts (cleanEnv copies
 *    process.env), runs with a HOME and XDG_* folders of its own, under one temporary folder removed at
 *    the end, and without proxy variables: a developer's HTTPS_PROXY must not route loopback traffic to
 *    the test servers, and nothing may read or write the real home (~/.azure, ~/.cache/azc/code-cache).
 *
 * 2. No hangs, no leaks. After each test, any server, child process or referenced timer that the test
 *    started and left open is closed (timers cannot be; see exitIfStillAliveLater) and remembered; once
 *    every test has run, the run fails naming each test that leaked, and what. The same check, sockets
 *    included, runs once more after the last `after` hook, for what a suite's `before` opened and its
 *    `after` forgot.
 */
import {ChildProcess} from 'node:child_process'
import {accessSync, constants, existsSync, mkdirSync, mkdtempSync, rmSync} from 'node:fs'
import {Server, Socket} from 'node:net'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'

/** Variables that send HTTP(S) through a proxy (curl's, Python requests', Node 24's and the Azure SDK's names). */
export const PROXY_VARIABLES = ['HTTP_PROXY', 'HTTPS_PROXY', 'ALL_PROXY', 'NO_PROXY', 'NODE_USE_ENV_PROXY'].flatMap(
  (name) => [name, name.toLowerCase()],
)

const XDG = ['XDG_CONFIG_HOME', 'XDG_CACHE_HOME', 'XDG_DATA_HOME', 'XDG_STATE_HOME', 'XDG_RUNTIME_DIR']

/**
 * npm's cache is content-addressed package data, not user state: tests that npm-install (test/distribution) keep
 * using the caller's, so they install from it instead of the registry, when it can be written. With a read-only
 * home they get a cache of their own under the temporary HOME.
 */
function sharedNpmCache(): string | undefined {
  const cache = process.env.npm_config_cache || (process.env.HOME ? join(process.env.HOME, '.npm') : undefined)
  if (!cache) return undefined
  try {
    accessSync(existsSync(cache) ? cache : dirname(cache), constants.W_OK)
    return cache
  } catch {
    return undefined
  }
}
const npmCache = sharedNpmCache()

const root = mkdtempSync(join(tmpdir(), 'azc-test-home-'))
/** The HOME every test gets (children too, through cleanEnv), and its XDG folders. */
export const TEST_HOME = join(root, 'home')
mkdirSync(TEST_HOME, {mode: 0o700})
process.env.HOME = TEST_HOME
process.env.USERPROFILE = TEST_HOME
for (const name of XDG) {
  const dir = join(root, name.slice(4).toLowerCase())
  mkdirSync(dir, {mode: 0o700})
  process.env[name] = dir
}
for (const name of PROXY_VARIABLES) delete process.env[name]
if (npmCache) process.env.npm_config_cache = npmCache
else delete process.env.npm_config_cache
// The caller's az settings must not reach in-process tests either (cleanEnv drops them for children); AZC_TEST_*
// variables choose what the suite runs (AZC_TEST_ALL_TARGETS, set by .ci/run) and stay.
for (const name of Object.keys(process.env)) {
  if (name.startsWith('AZC_TEST_')) continue
  if (name.startsWith('AZURE_') || name.startsWith('AZC_')) delete process.env[name]
}

type Leak = {test: string; what: string[]}
const leaks: Leak[] = []
let before = new Set<unknown>()
let baselineTimers = 0
let startOfRun = new Set<unknown>()

const handles = (): unknown[] => (process as unknown as {_getActiveHandles(): unknown[]})._getActiveHandles()
const timers = () => process.getActiveResourcesInfo().filter((type) => type === 'Timeout').length

/**
 * Handles that keep the process alive: servers, child processes and, with `sockets`, referenced sockets other than
 * stdio. Sockets are judged only at the end of the run: a server that a suite keeps open between its tests may keep
 * a client's connection alive between them too.
 */
function liveHandles(sockets = false): unknown[] {
  return handles().filter((handle) => {
    if (handle instanceof Server || handle instanceof ChildProcess) return true
    if (sockets && handle instanceof Socket) {
      const fd = (handle as unknown as {_handle?: {fd?: number; hasRef?: () => boolean}})._handle
      if (fd?.fd !== undefined && fd.fd >= 0 && fd.fd <= 2) return false
      return fd?.hasRef?.() ?? true
    }
    return false
  })
}

function describeHandle(handle: unknown): string {
  if (handle instanceof ChildProcess) return `child process ${handle.pid} (${handle.spawnargs.join(' ').slice(0, 120)})`
  if (handle instanceof Server) {
    const address = handle.address()
    return `server listening on ${typeof address === 'string' ? address : `${address?.address}:${address?.port}`}`
  }
  const socket = handle as Socket
  return `socket ${socket.localAddress}:${socket.localPort} -> ${socket.remoteAddress}:${socket.remotePort}`
}

function close(handle: unknown): void {
  if (handle instanceof ChildProcess) handle.kill('SIGKILL')
  else if (handle instanceof Server) {
    ;(handle as Server & {closeAllConnections?: () => void}).closeAllConnections?.()
    handle.close()
    handle.unref()
  } else (handle as Socket).destroy()
}

/** Waits (briefly, on the event loop) for handles closing asynchronously; returns what is still open. */
async function settle(
  known: Set<unknown>,
  timerBaseline: number,
  sockets: boolean,
): Promise<{open: unknown[]; timers: number}> {
  const deadline = Date.now() + 2000
  for (;;) {
    const open = liveHandles(sockets).filter((handle) => !known.has(handle))
    const extraTimers = Math.max(0, timers() - timerBaseline)
    if ((open.length === 0 && extraTimers === 0) || Date.now() > deadline) return {open, timers: extraTimers}
    await new Promise((resolve) => setTimeout(resolve, 20).unref())
  }
}

async function check(title: string, known: Set<unknown>, timerBaseline: number, sockets = false): Promise<void> {
  const found = liveHandles(sockets).filter((handle) => !known.has(handle))
  if (found.length === 0 && timers() <= timerBaseline) return
  const {open, timers: extraTimers} = await settle(known, timerBaseline, sockets)
  if (open.length === 0 && extraTimers === 0) return
  const what = open.map((handle) => describeHandle(handle))
  if (extraTimers > 0) what.push(`${extraTimers} referenced timer(s)`)
  leaks.push({test: title, what})
  for (const handle of open) close(handle)
}

/**
 * A leaked timer cannot be closed from outside. If anything still keeps the process alive this long after the
 * last test, the run ends here, failed, naming what was open (the timer is unreferenced: it fires only then).
 */
function exitIfStillAliveLater(): void {
  setTimeout(() => {
    process.stderr.write(
      `\nThe test run ended but the process stayed alive: ${process.getActiveResourcesInfo().join(', ')}\n`,
    )
    process.exit(1)
  }, 15_000).unref()
}

// The hooks run without mocha's timeout (whose own timer would count as a referenced timer); settle() bounds them.
export const mochaHooks = {
  beforeAll(this: Mocha.Context): void {
    this.timeout(0)
    startOfRun = new Set(liveHandles(true))
  },
  async beforeEach(this: Mocha.Context): Promise<void> {
    this.timeout(0)
    before = new Set(liveHandles())
    baselineTimers = timers()
  },
  async afterEach(this: Mocha.Context): Promise<void> {
    this.timeout(0)
    await check(this.currentTest?.fullTitle() ?? '(unknown test)', before, baselineTimers)
  },
  async afterAll(this: Mocha.Context): Promise<void> {
    this.timeout(0)
    // Timers are not compared here: referenced ones were checked per test.
    await check('(after all suites)', startOfRun, Number.POSITIVE_INFINITY, true)
    rmSync(root, {recursive: true, force: true})
    exitIfStillAliveLater()
    if (leaks.length > 0) {
      const lines = leaks.map((leak) => `  ${leak.test}: ${leak.what.join('; ')}`)
      throw new Error(`tests left handles or processes open (closed now so mocha can exit):\n${lines.join('\n')}`)
    }
  },
}
