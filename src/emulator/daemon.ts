/**
 * The background emulator's process (started by background.ts, never by hand): takes its options from the first
 * IPC message, listens, writes the state file, then reports "ready" with the connection string. Its stdout and
 * stderr are the log file. SIGTERM or SIGINT closes the server, waits for the last state write, deletes the state
 * file and exits 0.
 */
import {rename, rm, writeFile} from 'node:fs/promises'
import {dirname, join, resolve} from 'node:path'

import {type BackgroundState, type DaemonMessage, type DaemonOptions, LOG_FILE} from './background.js'
import {type RunningEmulator, startEmulator} from './emulator.js'

/** Whether the message reached the starter's channel. */
function reply(message: DaemonMessage): Promise<boolean> {
  return new Promise((resolve) => {
    if (!process.send || !process.connected) return resolve(false)
    process.send(message, undefined, {}, (error) => resolve(!error))
  })
}

async function main(options: DaemonOptions): Promise<void> {
  // Assigned once, below, but stop() (installed before it starts) must see it.
  // eslint-disable-next-line prefer-const
  let emulator: RunningEmulator | undefined
  let stopping: Promise<void> | undefined
  const stop = () => {
    stopping ??= (async () => {
      await emulator?.close()
      await rm(options.stateFile, {force: true})
      process.stderr.write('ACS Identity emulator stopped.\n')
      process.exit(0)
    })()
  }
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)
  // Started with setsid (detached): no terminal can hang it up, but a hangup sent to it must not kill it uncleanly.
  process.on('SIGHUP', stop)
  // A starter that dies (Ctrl-C) before it has the answer leaves nobody who knows this process: it stops itself,
  // so a script's cleanup never misses an emulator that had not yet recorded itself.
  let reported = false
  process.on('disconnect', () => {
    if (!reported) stop()
  })

  emulator = await startEmulator({...options, logger: (line) => process.stderr.write(`${line}\n`)})
  const host = options.host ?? '127.0.0.1'
  const state: BackgroundState = {
    format: 'azc-emulator-process/1',
    pid: process.pid,
    port: emulator.port,
    host,
    endpoint: emulator.url,
    caCertificate: options.caCertificate,
    dataFile: options.dataFile && resolve(options.dataFile),
    log: join(dirname(options.stateFile), LOG_FILE),
    startedAt: new Date().toISOString(),
  }
  const temp = `${options.stateFile}.${process.pid}.tmp`
  await writeFile(temp, `${JSON.stringify(state, null, 2)}\n`, {mode: 0o600})
  await rename(temp, options.stateFile)
  const where = options.dataFile ? `state in ${options.dataFile}` : 'state in memory only'
  process.stderr.write(`ACS Identity emulator listening on ${emulator.url} (pid ${process.pid}, ${where}).\n`)
  reported = await reply({type: 'ready', state, connectionString: emulator.connectionString})
  if (!reported) return stop()
  // The starter disconnects once it has the answer; the server keeps this process alive.
  if (process.connected) process.disconnect()
}

process.once('message', (options: DaemonOptions) => {
  main(options).catch(async (error: Error) => {
    process.stderr.write(`ERROR: ${error.message}\n`)
    await reply({type: 'error', message: error.message})
    process.exit(1)
  })
})
