/**
 * Hostile and honest clients for the emulator's load test (short, in the suite) and `npm run bench:emulator:hostile`
 * (long). Loopback only. Every function runs until `stopAt` (a performance.now() time) and closes what it opened.
 */
import {CommunicationIdentityClient} from '@azure/communication-identity'
import {readFileSync} from 'node:fs'
import net from 'node:net'

const CREATE = '/identities?api-version=2023-10-01'

function connect(url: string): Promise<net.Socket | undefined> {
  const {hostname, port} = new URL(url)
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), hostname.replace(/^\[|\]$/g, ''))
    socket.once('connect', () => resolve(socket))
    socket.once('error', () => resolve(undefined))
    socket.on('error', () => undefined)
  })
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Unsigned chunked uploads of 40 x 64 KiB, each connection closed mid-body; `parallel` at a time. Returns count. */
export async function chunkedFlood(url: string, parallel: number, stopAt: number): Promise<number> {
  const chunk = `${(64 * 1024).toString(16)}\r\n${'a'.repeat(64 * 1024)}\r\n`
  let sent = 0
  await Promise.all(
    Array.from({length: parallel}, async () => {
      while (performance.now() < stopAt) {
        const socket = await connect(url)
        if (!socket) {
          await pause(20)
          continue
        }
        socket.write(
          `POST ${CREATE} HTTP/1.1\r\nhost: x\r\ntransfer-encoding: chunked\r\ncontent-type: application/json\r\n\r\n`,
        )
        for (let i = 0; i < 40 && !socket.destroyed; i++) socket.write(chunk)
        await pause(10)
        socket.destroy()
        sent++
      }
    }),
  )
  return sent
}

/** `count` connections announcing a 1 MiB body and sending it a byte at a time, reopened when closed. */
export async function slowBodies(url: string, count: number, stopAt: number): Promise<number> {
  let opened = 0
  await Promise.all(
    Array.from({length: count}, async () => {
      while (performance.now() < stopAt) {
        const socket = await connect(url)
        if (!socket) {
          await pause(50)
          continue
        }
        opened++
        socket.write(
          `POST ${CREATE} HTTP/1.1\r\nhost: x\r\ncontent-length: 1048576\r\ncontent-type: application/json\r\n\r\n{`,
        )
        while (!socket.destroyed && performance.now() < stopAt) {
          socket.write('a')
          await pause(100)
        }
        socket.destroy()
      }
    }),
  )
  return opened
}

/** Holds `count` idle connections (nothing sent), reopening any the server closes. */
export async function connectionFlood(url: string, count: number, stopAt: number): Promise<number> {
  let opened = 0
  await Promise.all(
    Array.from({length: count}, async () => {
      while (performance.now() < stopAt) {
        const socket = await connect(url)
        if (!socket) {
          await pause(50)
          continue
        }
        opened++
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.max(0, stopAt - performance.now()))
          socket.once('close', () => {
            clearTimeout(timer)
            resolve()
          })
        })
        socket.destroy()
      }
    }),
  )
  return opened
}

export interface HonestResult {
  ok: number
  failed: number
  errors: string[]
  /** Slowest successful call, ms. */
  maxMs: number
}

/** `parallel` SDK clients creating users with tokens, as an application would. */
export async function honestClients(connectionString: string, parallel: number, stopAt: number): Promise<HonestResult> {
  const result: HonestResult = {ok: 0, failed: 0, errors: [], maxMs: 0}
  await Promise.all(
    Array.from({length: parallel}, async () => {
      const client = new CommunicationIdentityClient(connectionString, {allowInsecureConnection: true})
      while (performance.now() < stopAt) {
        const started = performance.now()
        try {
          await client.createUserAndToken(['chat'])
          result.ok++
          result.maxMs = Math.max(result.maxMs, performance.now() - started)
        } catch (error) {
          result.failed++
          if (result.errors.length < 5) result.errors.push(String((error as Error).message))
        }
      }
    }),
  )
  return result
}

/** Samples a process's resident memory (MB, Linux /proc) until stopped; returns the highest and last samples. */
export function sampleRss(pid: number, everyMs = 100): {stop: () => {maxMb: number; lastMb: number}} {
  const read = () => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024
  let maxMb = read()
  let lastMb = maxMb
  const timer = setInterval(() => {
    try {
      lastMb = read()
      maxMb = Math.max(maxMb, lastMb)
    } catch {
      // The process ended.
    }
  }, everyMs)
  return {
    stop() {
      clearInterval(timer)
      return {maxMb: Number(maxMb.toFixed(1)), lastMb: Number(lastMb.toFixed(1))}
    },
  }
}

/** `count` connections that each send an unsigned 1 MiB body at once and then stall until `stopAt`. */
export async function stalledUploads(url: string, count: number, stopAt: number): Promise<number> {
  const body = Buffer.alloc(1024 * 1024, 97)
  const sockets = await Promise.all(Array.from({length: count}, () => connect(url)))
  let connected = 0
  for (const socket of sockets) {
    if (!socket) continue
    connected++
    socket.write(
      `POST ${CREATE} HTTP/1.1\r\nhost: x\r\ncontent-length: ${body.length + 10}\r\ncontent-type: application/json\r\n\r\n`,
    )
    socket.write(body)
  }
  await pause(Math.max(0, stopAt - performance.now()))
  for (const socket of sockets) socket?.destroy()
  return connected
}
