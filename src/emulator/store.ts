/**
 * The emulator's state: its access key, resource id, token signing key, identities and their revocation times.
 * With a data file every change is written as a whole new file (temp file + rename), so a kill at any moment leaves
 * either the old or the new state. Writes are group-committed: changes made while a write is running share the next
 * one, and `persist()` resolves once a write that includes every change made so far has landed, so a request is
 * answered only after its change would survive a crash of the process.
 */
import {randomUUID} from 'node:crypto'
import {readFile, rename, unlink, writeFile} from 'node:fs/promises'

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

interface DataFile {
  format: 'azc-acs-identity-emulator/1'
  accessKey: string
  resourceId: string
  signingKeyPem: string
  identities: Record<string, IdentityRecord>
}

const FORMAT = 'azc-acs-identity-emulator/1'

export class IdentityStore {
  private pendingWrite: Promise<void> | undefined
  private runningWrite: Promise<void> = Promise.resolve()

  /**
   * Each identity's `"id":{...}` text, kept up to date with its record: a write joins these instead of
   * serializing every identity again, which at tens of thousands of identities is several times faster.
   */
  private readonly fragments = new Map<string, string>()

  private constructor(readonly state: EmulatorState, private readonly dataFile?: string) {
    if (dataFile) for (const id of state.identities.keys()) this.updateFragment(id)
  }

  /**
   * Loads the data file if there is one; values given in `overrides` win over the file's, and whatever is still
   * missing comes from `generate`. The result is written back at once so the file always holds the key in use.
   */
  static async open(
    dataFile: string | undefined,
    overrides: {accessKey?: string; resourceId?: string},
    generate: {accessKey: () => string; resourceId: () => string; signingKeyPem: () => string},
  ): Promise<IdentityStore> {
    const saved = dataFile ? await readDataFile(dataFile) : undefined
    const state: EmulatorState = {
      accessKey: overrides.accessKey ?? saved?.accessKey ?? generate.accessKey(),
      resourceId: overrides.resourceId ?? saved?.resourceId ?? generate.resourceId(),
      signingKeyPem: saved?.signingKeyPem ?? generate.signingKeyPem(),
      identities: new Map(Object.entries(saved?.identities ?? {})),
    }
    const store = new IdentityStore(state, dataFile)
    await store.persist()
    return store
  }

  /** A new identity id: `8:acs:<resource id>_<GUID>`. */
  create(nowMs: number): string {
    let id: string
    do id = `8:acs:${this.state.resourceId}_${randomUUID()}`
    while (this.state.identities.has(id))
    this.state.identities.set(id, {createdAt: nowMs})
    this.updateFragment(id)
    return id
  }

  get(id: string): IdentityRecord | undefined {
    return this.state.identities.get(id)
  }

  revoke(id: string, nowMs: number): void {
    const record = this.state.identities.get(id)
    if (!record) return
    record.revokedAt = nowMs
    this.updateFragment(id)
  }

  delete(id: string): void {
    this.state.identities.delete(id)
    this.fragments.delete(id)
  }

  /** Resolves when every change made before the call is on disk (at once without a data file). */
  persist(): Promise<void> {
    if (!this.dataFile) return Promise.resolve()
    if (!this.pendingWrite) {
      const dataFile = this.dataFile
      this.pendingWrite = this.runningWrite
        .catch(() => undefined)
        .then(() => {
          this.pendingWrite = undefined
          this.runningWrite = writeAtomically(dataFile, this.serialize())
          return this.runningWrite
        })
    }
    return this.pendingWrite
  }

  private updateFragment(id: string): void {
    if (this.dataFile) this.fragments.set(id, `${JSON.stringify(id)}:${JSON.stringify(this.state.identities.get(id))}`)
  }

  private serialize(): string {
    const header: Omit<DataFile, 'identities'> = {
      format: FORMAT,
      accessKey: this.state.accessKey,
      resourceId: this.state.resourceId,
      signingKeyPem: this.state.signingKeyPem,
    }
    return `${JSON.stringify(header).slice(0, -1)},"identities":{${[...this.fragments.values()].join(',')}}}`
  }
}

async function readDataFile(path: string): Promise<DataFile | undefined> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
  let parsed: Partial<DataFile>
  try {
    parsed = JSON.parse(text)
  } catch {
    throw new Error(`The emulator data file ${path} is not valid JSON; move it away to start with an empty state.`)
  }
  if (parsed.format !== FORMAT || typeof parsed.identities !== 'object' || typeof parsed.signingKeyPem !== 'string') {
    throw new Error(`The emulator data file ${path} is not one this emulator wrote (format ${FORMAT}).`)
  }
  return parsed as DataFile
}

async function writeAtomically(path: string, contents: string): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`
  try {
    await writeFile(temporary, contents, 'utf8')
    await rename(temporary, path)
  } catch (error) {
    await unlink(temporary).catch(() => undefined)
    throw error
  }
}
