/**
 * `npm run demo` (scripts/demo/demo.sh) as a new user runs it, against the tree the suite already built
 * (AZC_DEMO_NO_INSTALL=1: no npm ci, no build): it must leave no emulator running however it ends, and print
 * escape sequences only on a terminal (here stdout is a pipe).
 */
import {expect} from 'chai'
import {spawn} from 'node:child_process'
import {readFileSync} from 'node:fs'
import {connect} from 'node:net'
import {join} from 'node:path'

import {cleanEnv, makeTempDir, ROOT} from '../helpers/cli.js'

interface DemoRun {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
  /** The emulator the demo started, from its "endpoint=... pid=..." line. */
  emulator?: {port: number; pid: number}
}

/** Runs the demo in its own process group; `interruptWhenStarted` sends the group SIGINT, as Ctrl-C would. */
function runDemo(home: string, interruptWhenStarted = false): Promise<DemoRun> {
  return new Promise((resolve, reject) => {
    const env = cleanEnv({
      AZC_DEMO_NO_INSTALL: '1',
      HOME: home,
      XDG_CONFIG_HOME: join(home, 'config'),
      XDG_CACHE_HOME: join(home, 'cache'),
    })
    const child = spawn('bash', [join(ROOT, 'scripts', 'demo', 'demo.sh')], {
      cwd: ROOT,
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const run: DemoRun = {code: null, signal: null, stdout: '', stderr: ''}
    const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 120_000)
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      run.stdout += chunk
      const started = /^endpoint=https?:\/\/127\.0\.0\.1:(\d+)\/ {2}pid=(\d+)/m.exec(run.stdout)
      if (started && !run.emulator) {
        run.emulator = {port: Number(started[1]), pid: Number(started[2])}
        if (interruptWhenStarted) process.kill(-child.pid!, 'SIGINT')
      }
    })
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (run.stderr += chunk))
    child.on('error', reject)
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      resolve({...run, code, signal})
    })
  })
}

function processGone(pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch {
    return true
  }
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '')[0] === 'Z'
  } catch {
    return true
  }
}

function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    socket.once('connect', () => {
      socket.destroy()
      resolve(false)
    })
    socket.once('error', () => resolve(true))
  })
}

describe('npm run demo', function () {
  this.timeout(180_000)
  let home: ReturnType<typeof makeTempDir>

  beforeEach(() => (home = makeTempDir('azc-demo-')))
  afterEach(() => home.remove())

  it('runs every command, prints no escape sequence to a pipe, and leaves no emulator behind', async () => {
    const demo = await runDemo(home.path)
    try {
      expect(demo.code, demo.stderr).to.equal(0)
      expect(demo.stdout).to.include('$ azc communication user-identity token issue --scope chat voip')
      expect(demo.stdout).to.include('# Stop the emulator')
      expect(demo.stdout + demo.stderr).not.to.include('\u001B')
      expect(demo.emulator, 'the demo printed its emulator').to.not.equal(undefined)
      expect(processGone(demo.emulator!.pid), 'the emulator process is gone').to.equal(true)
      expect(await refused(demo.emulator!.port), 'nothing listens on its port').to.equal(true)
    } finally {
      if (demo.emulator && !processGone(demo.emulator.pid)) process.kill(demo.emulator.pid, 'SIGKILL')
    }
  })

  it('stops its emulator when interrupted (Ctrl-C)', async () => {
    const demo = await runDemo(home.path, true)
    try {
      expect(demo.emulator, 'the demo printed its emulator').to.not.equal(undefined)
      expect(demo.code === 130 || demo.signal === 'SIGINT', `exit ${demo.code} ${demo.signal}`).to.equal(true)
      expect(processGone(demo.emulator!.pid), 'the emulator process is gone').to.equal(true)
      expect(await refused(demo.emulator!.port), 'nothing listens on its port').to.equal(true)
    } finally {
      if (demo.emulator && !processGone(demo.emulator.pid)) process.kill(demo.emulator.pid, 'SIGKILL')
    }
  })
})
