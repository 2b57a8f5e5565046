/**
 * The emulator's state: its access key, resource id, token signing key, identities and their revocation times.
 *
 * With a data file, the file is a journal: a header line (keys and resource id), then one JSON line per change
 * (`{"c":id,"t":ms}` create, `{"r":id,"t":ms}` revoke, `{"d":id}` delete). A change is appended and fdatasync'ed
 * before it is applied in memory and answered, so its cost does not grow with the number of identities, an
 * acknowledged change survives a kill or a power loss, and a write that fails (a full disk, say) leaves memory and
 * the file as they were (the file is cut back to its last good length) and answers 500. Changes arriving while a
 * write runs share the next one (group commit). When the journal holds far more lines than live state, it is
 * compacted: the state is written to a temporary file (0600, fsync'ed), renamed over the data file and the
 * directory fsync'ed, so a kill at any moment leaves the old or the new file. The same happens at start.
 *
 * The file holds the access key and the signing key: it and its temporary files are created 0600; a rewrite keeps
 * the mode the file had. A symlinked data file stays a symlink (its target is rewritten). An exclusive lock file
 * (`<file>.lock`, holding the owner's pid) keeps a second emulator off the same file; a lock left by a process that
 * no longer runs is taken over.
 */
import {createPrivateKey, randomUUID} from 'node:crypto'
import {readdirSync} from 'node:fs'
import {type FileHandle, open, readFile, readlink, realpath, rename, stat, unlink} from 'node:fs/promises'
import {basename, dirname, resolve} from 'node:path'

export interface IdentityRecord {
  createdAt: number
  /** Epoch ms of the last revoke: tokens issued before it are no longer valid. */
  revokedAt?: number
}

export interface EmulatorState {
  accessKey: string
  resourceId: string
  signingKeyPem: string
  identities: Map<string, IdentityRecord>
}

/** For tests: returns an error to fail the next data-file write with (`append` of a change, or `compact`). */
export type StorageFault = (operation: 'append' | 'compact') => Error | undefined

const FORMAT = 'azc-acs-identity-emulator/2'
const LEGACY_FORMAT = 'azc-acs-identity-emulator/1'
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const isBase64 = (text: string) => text.length > 0 && text.length % 4 === 0 && /^[A-Za-z0-9+/]+={0,2}$/.test(text)

/** A journal longer than this many lines beyond twice the live state is compacted. */
const COMPACTION_SLACK = 10_000

interface PendingChange {
  line: string
  apply: () => void
  resolve: () => void
  reject: (error: Error) => void
}

export class IdentityStore {
  private pending: PendingChange[] = []
  private flushing: Promise<void> | undefined
  private file: FileHandle | undefined
  /** Length of the data file up to its last acknowledged change. */
  private size = 0
  private fileLines = 0
  /** Journal length at which to compact next (pushed back after a failed compaction). */
  private compactAt = COMPACTION_SLACK
  /** Set when a failed write could not be cut back: the next write tries again first. */
  private damaged = false
  /** What a user should hear about at start (a data file others can read, say). */
  readonly warnings: string[] = []

  private constructor(
    readonly state: EmulatorState,
    private readonly path: DataPath | undefined,
    private readonly fault: StorageFault | undefined,
  ) {}

  static async open(
    dataFile: string | undefined,
    overrides: {accessKey?: string; resourceId?: string},
    generate: {accessKey: () => string; resourceId: () => string; signingKeyPem: () => string},
    fault?: StorageFault,
  ): Promise<IdentityStore> {
    const path = dataFile === undefined ? undefined : await resolveDataPath(dataFile)
    if (path) await acquireLock(path)
    try {
      const saved = path ? await readDataFile(path) : undefined
      const state: EmulatorState = {
        accessKey: overrides.accessKey ?? saved?.accessKey ?? generate.accessKey(),
        resourceId: overrides.resourceId ?? saved?.resourceId ?? generate.resourceId(),
        signingKeyPem: saved?.signingKeyPem ?? generate.signingKeyPem(),
        identities: saved?.identities ?? new Map(),
      }
      const store = new IdentityStore(state, path, fault)
      if (path) {
        const mode = await stat(path.real).then(
          (stats) => stats.mode & 0o777,
          () => undefined,
        )
        if (mode !== undefined && (mode & 0o077) !== 0) {
          store.warnings.push(
            `the data file ${path.given} can be read by other users (mode ${mode.toString(8).padStart(4, '0')}) ` +
              'and holds the access key and the signing key; chmod 600 it.',
          )
        }
        removeStaleTemporaryFiles(path)
        await store.compact().catch((error: NodeJS.ErrnoException) => {
          throw new Error(`Cannot write the emulator data file ${path.given}: ${reason(error)}.`, {cause: error})
        })
      }
      return store
    } catch (error) {
      if (path) await releaseLock(path)
      throw error
    }
  }

  /** A new identity id: `8:acs:<resource id>_<GUID>` (not yet created). */
  newId(): string {
    let id: string
    do id = `8:acs:${this.state.resourceId}_${randomUUID()}`
    while (this.state.identities.has(id))
    return id
  }

  /** Creates `id`; resolves once the creation is durable. */
  create(id: string, nowMs: number): Promise<void> {
    return this.change(JSON.stringify({c: id, t: nowMs}), () => {
      this.state.identities.set(id, {createdAt: nowMs})
    })
  }

  get(id: string): IdentityRecord | undefined {
    return this.state.identities.get(id)
  }

  revoke(id: string, nowMs: number): Promise<void> {
    return this.change(JSON.stringify({r: id, t: nowMs}), () => {
      const record = this.state.identities.get(id)
      if (!record) return
      record.revokedAt = nowMs
    })
  }

  delete(id: string): Promise<void> {
    return this.change(JSON.stringify({d: id}), () => {
      this.state.identities.delete(id)
    })
  }

  /** Resolves when every change made before the call is on disk (at once without a data file). */
  async persist(): Promise<void> {
    while (this.flushing) await this.flushing
  }

  /** Waits for the last write, then closes the file and releases the lock. */
  async close(): Promise<void> {
    await this.persist()
    if (!this.path) return
    await this.file?.close()
    this.file = undefined
    await releaseLock(this.path)
  }

  private change(line: string, apply: () => void): Promise<void> {
    if (!this.path) {
      apply()
      return Promise.resolve()
    }
    return new Promise((resolve, reject) => {
      this.pending.push({line, apply, resolve, reject})
      this.flushing ??= this.flush().finally(() => (this.flushing = undefined))
    })
  }

  private async flush(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0)
      try {
        await this.append(Buffer.from(batch.map((change) => `${change.line}\n`).join(''), 'utf8'))
      } catch (error) {
        for (const change of batch) change.reject(error as Error)
        continue
      }
      for (const change of batch) {
        change.apply()
        change.resolve()
      }
      this.fileLines += batch.length
      if (this.fileLines > this.compactAt && this.fileLines > 2 * this.liveLines() + COMPACTION_SLACK) {
        // A failed compaction (a full disk, say) leaves the longer journal in place, which is just as good; it is
        // tried again after as many more changes.
        await this.compact().catch(() => {
          this.compactAt = this.fileLines + COMPACTION_SLACK
        })
      }
    }
  }

  private async append(bytes: Buffer): Promise<void> {
    const file = this.file!
    if (this.damaged) {
      await file.truncate(this.size)
      await file.datasync()
      this.damaged = false
    }
    try {
      const injected = this.fault?.('append')
      if (injected) {
        // Like a disk that fills up part-way: some bytes land before the error.
        await file.write(bytes, 0, Math.min(bytes.length, 7), this.size)
        throw injected
      }
      let written = 0
      while (written < bytes.length) {
        const {bytesWritten} = await file.write(bytes, written, bytes.length - written, this.size + written)
        written += bytesWritten
      }
      await file.datasync()
      this.size += bytes.length
    } catch (error) {
      try {
        await file.truncate(this.size)
      } catch {
        this.damaged = true
      }
      throw error
    }
  }

  private liveLines(): number {
    let lines = 0
    for (const record of this.state.identities.values()) lines += record.revokedAt === undefined ? 1 : 2
    return lines
  }

  /** Rewrites the data file as the current state: temp file (0600, fsync), rename, directory fsync. */
  private async compact(): Promise<void> {
    const path = this.path!
    const header = JSON.stringify({
      format: FORMAT,
      accessKey: this.state.accessKey,
      resourceId: this.state.resourceId,
      signingKeyPem: this.state.signingKeyPem,
    })
    const lines = [header]
    for (const [id, record] of this.state.identities) {
      lines.push(JSON.stringify({c: id, t: record.createdAt}))
      if (record.revokedAt !== undefined) lines.push(JSON.stringify({r: id, t: record.revokedAt}))
    }
    const contents = Buffer.from(`${lines.join('\n')}\n`, 'utf8')
    const mode = await stat(path.real).then(
      (stats) => stats.mode & 0o777,
      () => 0o600,
    )
    const temporary = `${path.real}.${process.pid}.tmp`
    await unlink(temporary).catch(() => undefined)
    const handle = await open(temporary, 'wx', 0o600)
    try {
      const injected = this.fault?.('compact')
      if (injected) throw injected
      await handle.writeFile(contents)
      await handle.chmod(mode)
      await handle.sync()
    } catch (error) {
      await handle.close().catch(() => undefined)
      await unlink(temporary).catch(() => undefined)
      throw error
    }
    await handle.close()
    try {
      await rename(temporary, path.real)
    } catch (error) {
      await unlink(temporary).catch(() => undefined)
      throw error
    }
    await syncDirectory(dirname(path.real))
    await this.file?.close().catch(() => undefined)
    this.file = await open(path.real, 'r+')
    this.size = contents.length
    this.fileLines = lines.length
    this.compactAt = 0
    this.damaged = false
  }
}

interface DataPath {
  /** As the user gave it: what messages name. */
  given: string
  /** Symlinks resolved: what is written. */
  real: string
  lock: string
}

async function resolveDataPath(given: string): Promise<DataPath> {
  let real: string
  try {
    real = await realpath(given)
  } catch {
    // Not there yet; a dangling symlink names the file to create.
    const target = await readlink(given).catch(() => undefined)
    const absolute = target === undefined ? resolve(given) : resolve(dirname(resolve(given)), target)
    const directory = await realpath(dirname(absolute)).catch(() => dirname(absolute))
    real = resolve(directory, basename(absolute))
  }
  return {given, real, lock: `${real}.lock`}
}

async function acquireLock(path: DataPath): Promise<void> {
  for (let attempt = 0; attempt < 2; attempt++) {
    let handle: FileHandle
    try {
      handle = await open(path.lock, 'wx', 0o600)
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      if (code !== 'EEXIST') {
        throw new Error(`Cannot use the emulator data file ${path.given}: ${reason(error as NodeJS.ErrnoException)}.`, {
          cause: error,
        })
      }
      const owner = Number.parseInt(await readFile(path.lock, 'utf8').catch(() => ''), 10)
      if (Number.isInteger(owner) && owner > 0 && processRuns(owner)) {
        throw new Error(
          `Another emulator (process ${owner}) is using the data file ${path.given}; stop it or choose another --data file.`,
          {cause: error},
        )
      }
      // Left by a process that is gone (killed, say): take it over.
      await unlink(path.lock).catch(() => undefined)
      continue
    }
    await handle.writeFile(`${process.pid}\n`)
    await handle.close()
    return
  }
  throw new Error(`Cannot lock the emulator data file ${path.given}: ${path.lock} keeps reappearing.`)
}

async function releaseLock(path: DataPath): Promise<void> {
  const owner = await readFile(path.lock, 'utf8').catch(() => '')
  if (Number.parseInt(owner, 10) === process.pid) await unlink(path.lock).catch(() => undefined)
}

function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** `<file>.<pid>.tmp` files a killed emulator left (we hold the lock, so none is being written). */
function removeStaleTemporaryFiles(path: DataPath): void {
  const prefix = `${basename(path.real)}.`
  let names: string[]
  try {
    names = readdirSync(dirname(path.real))
  } catch {
    return
  }
  for (const name of names) {
    if (name.startsWith(prefix) && /^\d+\.tmp$/.test(name.slice(prefix.length))) {
      unlink(resolve(dirname(path.real), name)).catch(() => undefined)
    }
  }
}

async function syncDirectory(directory: string): Promise<void> {
  const handle = await open(directory, 'r').catch(() => undefined)
  if (!handle) return
  await handle.sync().catch(() => undefined)
  await handle.close()
}

interface SavedState {
  accessKey: string
  resourceId: string
  signingKeyPem: string
  identities: Map<string, IdentityRecord>
}

async function readDataFile(path: DataPath): Promise<SavedState | undefined> {
  let text: string
  try {
    text = await readFile(path.real, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw new Error(`Cannot read the emulator data file ${path.given}: ${reason(error as NodeJS.ErrnoException)}.`, {
      cause: error,
    })
  }
  const notOurs = () =>
    new Error(`The emulator data file ${path.given} is not one this emulator wrote (format ${FORMAT}).`)
  const newline = text.indexOf('\n')
  let header: unknown
  try {
    header = JSON.parse(newline === -1 ? text : text.slice(0, newline))
  } catch {
    // Format 1 was one JSON document, possibly pretty-printed.
    header = undefined
  }
  if (header === undefined || (isObject(header) && header.format === LEGACY_FORMAT)) {
    return readLegacy(path, text, notOurs)
  }
  if (!isObject(header) || header.format !== FORMAT) throw notOurs()
  const saved = checkHeader(path, header)
  const lines = text.slice(newline + 1).split('\n')
  // The last piece has no newline: a write cut short by a crash, never acknowledged; it is dropped.
  lines.pop()
  lines.forEach((line, index) => {
    let entry: unknown
    try {
      entry = JSON.parse(line)
    } catch {
      entry = undefined
    }
    if (!isObject(entry) || !applyEntry(saved.identities, entry)) {
      throw new Error(
        `The emulator data file ${path.given} is damaged at line ${index + 2}; move it away to start with an empty state.`,
      )
    }
  })
  return saved
}

function applyEntry(identities: Map<string, IdentityRecord>, entry: Record<string, unknown>): boolean {
  if (typeof entry.c === 'string' && Number.isFinite(entry.t)) identities.set(entry.c, {createdAt: entry.t as number})
  else if (typeof entry.r === 'string' && Number.isFinite(entry.t)) {
    const record = identities.get(entry.r)
    if (record) record.revokedAt = entry.t as number
  } else if (typeof entry.d === 'string') identities.delete(entry.d)
  else return false
  return true
}

function readLegacy(path: DataPath, text: string, notOurs: () => Error): SavedState {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    throw new Error(
      `The emulator data file ${path.given} is not valid JSON; move it away to start with an empty state.`,
    )
  }
  if (!isObject(parsed) || parsed.format !== LEGACY_FORMAT || !isObject(parsed.identities)) throw notOurs()
  const saved = checkHeader(path, parsed)
  for (const [id, record] of Object.entries(parsed.identities)) {
    if (!isObject(record) || !Number.isFinite(record.createdAt)) throw notOurs()
    saved.identities.set(id, {
      createdAt: record.createdAt as number,
      ...(Number.isFinite(record.revokedAt) ? {revokedAt: record.revokedAt as number} : {}),
    })
  }
  return saved
}

/** The keys and resource id of a data file, each checked so a damaged one is named at start, not at first use. */
function checkHeader(path: DataPath, header: Record<string, unknown>): SavedState {
  const bad = (what: string) =>
    new Error(`The emulator data file ${path.given} holds ${what}; move it away to start with an empty state.`)
  if (typeof header.accessKey !== 'string' || !isBase64(header.accessKey)) throw bad('an access key that is not base64')
  if (typeof header.resourceId !== 'string' || !GUID.test(header.resourceId))
    throw bad('a resource id that is not a GUID')
  if (typeof header.signingKeyPem !== 'string') throw bad('no signing key')
  try {
    createPrivateKey(header.signingKeyPem)
  } catch {
    throw bad('a signing key that is not a valid PEM private key')
  }
  return {
    accessKey: header.accessKey,
    resourceId: header.resourceId,
    signingKeyPem: header.signingKeyPem,
    identities: new Map(),
  }
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

function reason(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied'
    case 'ENOENT':
      return 'its directory does not exist'
    case 'ENOTDIR':
      return 'a part of its path is not a directory'
    case 'EISDIR':
      return 'it is a directory'
    case 'EROFS':
      return 'the file system is read-only'
    case 'ENOSPC':
      return 'no space left on the device'
    default:
      return error.code ?? error.message
  }
}
