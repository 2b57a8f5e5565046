/**
 * Runs the real CLI (bin/run.js over the compiled lib/) as a child process, with a clean az
 * environment: no AZURE_* variables, NO_COLOR or proxy variables from the caller, and the temporary
 * HOME and XDG_* folders that test/helpers/root-hooks.ts gives the whole run.
 */
import {spawn} from 'node:child_process'
import {mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'

import {PROXY_VARIABLES, TEST_HOME} from './root-hooks.js'

export {TEST_HOME}
export const ROOT = fileURLToPath(new URL('../..', import.meta.url))
export const BIN = join(ROOT, 'bin', 'run.js')

export interface CliResult {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

export interface CliOptions {
  /** Added to (or, with undefined, removed from) the clean environment. */
  env?: Record<string, string | undefined>
  /** Written to the child's stdin, which is then closed. */
  input?: string
  /** Kills the child after this long (default 60 s). */
  timeoutMs?: number
  /** Working directory of the child. */
  cwd?: string
}

/** A temporary folder that the returned function removes. */
export function makeTempDir(prefix = 'azc-test-'): {path: string; remove: () => void} {
  const path = mkdtempSync(join(tmpdir(), prefix))
  return {path, remove: () => rmSync(path, {recursive: true, force: true})}
}

/** The caller's environment without anything that would change az behaviour. */
export function cleanEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [name, value] of Object.entries(process.env)) {
    if (name.startsWith('AZURE_') || name.startsWith('AZC_') || name === 'NO_COLOR' || name === 'NODE_OPTIONS') continue
    if (PROXY_VARIABLES.includes(name)) continue
    env[name] = value
  }
  for (const [name, value] of Object.entries(extra)) {
    if (value === undefined) delete env[name]
    else env[name] = value
  }
  return env
}

/**
 * A data folder that makes oclif load the sample plugin of test/fixtures as a user-installed plugin
 * (as `plugins install` would leave it: listed in package.json, present under node_modules).
 */
export function sampleDataDir(dir: string): string {
  const name = 'azc-sample-plugin'
  mkdirSync(join(dir, 'node_modules'), {recursive: true})
  symlinkSync(join(ROOT, 'test', 'fixtures', 'sample-plugin'), join(dir, 'node_modules', name), 'dir')
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({
      private: true,
      dependencies: {[name]: '1.0.0'},
      oclif: {schema: 1, plugins: [{type: 'user', name}]},
    }),
  )
  return dir
}

export function runCli(args: string[], options: CliOptions = {}): Promise<CliResult> {
  return runProcess(process.execPath, [BIN, ...args], options)
}

export function runProcess(command: string, args: string[], options: CliOptions = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {env: cleanEnv(options.env), cwd: options.cwd, stdio: ['pipe', 'pipe', 'pipe']})
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000)
    child.on('error', reject)
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      resolve({code, signal, stdout, stderr})
    })
    child.stdin.on('error', () => {})
    child.stdin.end(options.input ?? '')
  })
}

export interface TerminalOptions extends CliOptions {
  /** Which of the CLI's streams are the terminal; the others go to files (default: all three). */
  streams?: Array<'stdin' | 'stdout' | 'stderr'>
  /** Typed one by one, each followed by Enter, whenever the confirmation prompt appears; null types Ctrl-D. */
  answers?: Array<string | null>
}

export interface TerminalResult extends CliResult {
  /** What the terminal showed (\r\n line ends, typed answers echoed). */
  terminal: string
}

const PROMPT = 'Are you sure you want to perform this operation? (y/n): '

/**
 * Runs the CLI on a pseudo-terminal (util-linux `script`). Streams that are not the terminal are
 * redirected to files and returned as stdout/stderr. Answers are typed only once the prompt shows,
 * as a person would, so the transcript has them in the right place.
 */
export async function runCliInTerminal(args: string[], options: TerminalOptions = {}): Promise<TerminalResult> {
  const streams = options.streams ?? ['stdin', 'stdout', 'stderr']
  const temp = makeTempDir('azc-tty-')
  const quote = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`
  const outFile = join(temp.path, 'stdout')
  const errFile = join(temp.path, 'stderr')
  let command = [process.execPath, BIN, ...args].map(quote).join(' ')
  if (!streams.includes('stdout')) command += ` >${quote(outFile)}`
  if (!streams.includes('stderr')) command += ` 2>${quote(errFile)}`
  const {readFileSync} = await import('node:fs')
  const read = (file: string) => {
    try {
      return readFileSync(file, 'utf8')
    } catch {
      return ''
    }
  }

  try {
    return await new Promise<TerminalResult>((resolve, reject) => {
      const child = spawn('script', ['-qefc', command, '/dev/null'], {
        env: cleanEnv({TERM: 'xterm-256color', ...options.env}),
        cwd: options.cwd,
        stdio: ['pipe', 'pipe', 'pipe'],
      })
      let terminal = ''
      const answers = [...(options.answers ?? [])]
      let prompts = 0
      const typeAnswers = () => {
        const seen = (terminal + read(outFile)).split(PROMPT).length - 1
        while (prompts < seen && answers.length > 0) {
          prompts++
          const answer = answers.shift()!
          child.stdin.write(answer === null ? '\u0004' : `${answer}\n`)
        }
      }

      const poll = setInterval(typeAnswers, 25)
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        terminal += chunk
        typeAnswers()
      })
      const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000)
      child.on('error', reject)
      child.on('close', (code, signal) => {
        clearTimeout(timer)
        clearInterval(poll)
        resolve({code, signal, terminal, stdout: read(outFile), stderr: read(errFile)})
      })
    })
  } finally {
    temp.remove()
  }
}
