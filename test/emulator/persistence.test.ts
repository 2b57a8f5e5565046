import {expect} from 'chai'
import {execFileSync} from 'node:child_process'
import {chmod, mkdir, mkdtemp, readdir, readFile, readlink, rm, stat, symlink, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {startEmulator} from '../../src/emulator/index.js'
import {API_VERSION, identityPath, savedHeader, savedIdentities, signedRequest, spawnEmulator} from './helpers.js'

describe('emulator state in a data file', function () {
  this.timeout(60_000)
  let dir: string
  let dataFile: string

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'emulator-data-'))
    dataFile = join(dir, 'state.json')
  })
  afterEach(() => rm(dir, {recursive: true, force: true}))

  it('keeps identities, revocations, the signing key, access key and resource id across a restart', async () => {
    const first = await startEmulator({dataFile})
    let kept: any
    let deleted: string
    try {
      kept = (
        await signedRequest(first, 'POST', `/identities?api-version=${API_VERSION}`, {createTokenWithScopes: ['chat']})
      ).json
      deleted = (await signedRequest(first, 'POST', `/identities?api-version=${API_VERSION}`)).json.identity.id
      await signedRequest(first, 'DELETE', identityPath(deleted))
      await signedRequest(first, 'POST', identityPath(kept.identity.id, '/:revokeAccessTokens'))
    } finally {
      await first.close()
    }

    const second = await startEmulator({dataFile})
    try {
      expect([second.accessKey, second.resourceId]).to.deep.equal([first.accessKey, first.resourceId])
      expect(second.checkAccessToken(kept.accessToken.token)).to.equal('revoked')
      expect(
        (await signedRequest(second, 'POST', identityPath(kept.identity.id, '/:issueAccessToken'), {scopes: ['chat']}))
          .status,
      ).to.equal(200)
      expect((await signedRequest(second, 'DELETE', identityPath(deleted))).status).to.equal(401)
    } finally {
      await second.close()
    }
  })

  it('writes each change before answering, leaving no temporary file behind', async () => {
    const emulator = await startEmulator({dataFile})
    try {
      const created = (await signedRequest(emulator, 'POST', `/identities?api-version=${API_VERSION}`)).json.identity.id
      const saved = savedIdentities(await readFile(dataFile, 'utf8'))
      expect([...saved.keys()]).to.deep.equal([created])
      expect(await readdir(dir)).to.deep.equal(['state.json', 'state.json.lock'])
    } finally {
      await emulator.close()
    }
  })

  it('lets flags override the access key and resource id kept in the file', async () => {
    await (await startEmulator({dataFile})).close()
    const accessKey = Buffer.alloc(64, 9).toString('base64')
    const emulator = await startEmulator({dataFile, accessKey})
    await emulator.close()
    expect(savedHeader(await readFile(dataFile, 'utf8')).accessKey).to.equal(accessKey)
  })

  it('refuses to start on a data file that is not its own, rather than overwrite it', async () => {
    await writeFile(dataFile, '{"something": "else"}')
    const error = await startEmulator({dataFile}).catch((error_: Error) => error_)
    expect(String(error)).to.contain('is not one this emulator wrote')
    expect(await readFile(dataFile, 'utf8')).to.equal('{"something": "else"}')
  })

  it('leaves a loadable file holding every acknowledged identity when SIGKILLed during writes', async () => {
    const acknowledged: string[] = []
    for (let round = 0; round < 3; round++) {
      const child = await spawnEmulator(['--port', '0', '--data', dataFile])
      let running = true
      let clients: Array<Promise<void>> = []
      try {
        // Kill it mid-stream: once this round has had some writes acknowledged, while 16 clients keep writing.
        const target = acknowledged.length + 8 + round * 8
        let reached!: () => void
        const enough = new Promise<void>((resolve) => (reached = resolve))
        clients = Array.from({length: 16}, async () => {
          while (running) {
            const response = await signedRequest(child, 'POST', `/identities?api-version=${API_VERSION}`, {
              createTokenWithScopes: ['chat'],
            }).catch(() => undefined)
            if (response?.status === 201) acknowledged.push(response.json.identity.id)
            if (acknowledged.length >= target) reached()
          }
        })
        await Promise.race([
          enough,
          child.exited.then((code) => Promise.reject(new Error(`emulator ended (${code}): ${child.stderr()}`))),
        ])
        child.child.kill('SIGKILL')
        expect(await child.exited).to.equal('SIGKILL')
      } finally {
        running = false
        child.child.kill('SIGKILL')
        await child.exited
        await Promise.all(clients)
      }

      const saved = savedIdentities(await readFile(dataFile, 'utf8'))
      const missing = acknowledged.filter((id) => !saved.has(id))
      expect(missing, `round ${round}`).to.deep.equal([])
    }
    expect(acknowledged.length).to.be.greaterThan(10)

    const restarted = await startEmulator({dataFile})
    try {
      const response = await signedRequest(restarted, 'POST', identityPath(acknowledged[0], '/:issueAccessToken'), {
        scopes: ['chat'],
      })
      expect(response.status).to.equal(200)
    } finally {
      await restarted.close()
    }
  })

  it('creates the data file and its lock 0600 and keeps a mode the user set across rewrites', async () => {
    const first = await startEmulator({dataFile})
    try {
      await signedRequest(first, 'POST', `/identities?api-version=${API_VERSION}`)
      expect((await stat(dataFile)).mode & 0o777).to.equal(0o600)
      expect((await stat(`${dataFile}.lock`)).mode & 0o777).to.equal(0o600)
    } finally {
      await first.close()
    }
    await chmod(dataFile, 0o400)
    // A restart rewrites (compacts) the file.
    const second = await startEmulator({dataFile})
    try {
      await signedRequest(second, 'POST', `/identities?api-version=${API_VERSION}`)
    } finally {
      await second.close()
    }
    expect((await stat(dataFile)).mode & 0o777).to.equal(0o400)
    expect(savedIdentities(await readFile(dataFile, 'utf8')).size).to.equal(2)
  })

  it('refuses a second emulator on the same data file with one clear line, and releases the lock on close', async () => {
    const first = await startEmulator({dataFile})
    try {
      const error = await startEmulator({dataFile}).catch((error_: Error) => error_)
      expect(String((error as Error).message)).to.equal(
        `Another emulator (process ${process.pid}) is using the data file ${dataFile}; stop it or choose another --data file.`,
      )
      const child = spawnEmulator(['--port', '0', '--data', dataFile])
      const failure = await child.then(
        async (started) => {
          started.child.kill('SIGKILL')
          return 'started'
        },
        (error_: Error) => error_.message,
      )
      expect(failure).to.match(
        /emulator exited \(1\) before printing its connection string: ERROR: Another emulator \(process \d+\) is using the data file/,
      )
      expect(failure.trim().split('\n')).to.have.length(1)
    } finally {
      await first.close()
    }
    expect(await readdir(dir)).to.deep.equal(['state.json'])
    await (await startEmulator({dataFile})).close()
  })

  it('takes over a lock left by a process that no longer runs', async () => {
    await writeFile(`${dataFile}.lock`, '999999999\n')
    await (await startEmulator({dataFile})).close()
  })

  it('leaves memory and disk unchanged when a write fails, answers 500 and logs the cause', async () => {
    let failing = false
    const errors: string[] = []
    const emulator = await startEmulator({
      dataFile,
      errorLogger: (line) => errors.push(line),
      storageFault: () =>
        failing ? Object.assign(new Error('ENOSPC: no space left on device, write'), {code: 'ENOSPC'}) : undefined,
    })
    try {
      const kept = (await signedRequest(emulator, 'POST', `/identities?api-version=${API_VERSION}`)).json.identity.id
      const before = await readFile(dataFile, 'utf8')
      failing = true
      const create = await signedRequest(emulator, 'POST', `/identities?api-version=${API_VERSION}`, {
        createTokenWithScopes: ['chat'],
      })
      const remove = await signedRequest(emulator, 'DELETE', identityPath(kept))
      const revoke = await signedRequest(emulator, 'POST', identityPath(kept, '/:revokeAccessTokens'))
      expect([create.status, remove.status, revoke.status]).to.deep.equal([500, 500, 500])
      expect(create.json.error.code).to.equal('InternalServerError')
      expect(errors).to.have.length(3)
      expect(errors[0]).to.contain('ENOSPC').and.to.contain('POST /identities')
      expect(await readFile(dataFile, 'utf8')).to.equal(before)
      failing = false
      const issued = await signedRequest(emulator, 'POST', identityPath(kept, '/:issueAccessToken'), {scopes: ['chat']})
      expect(issued.status, 'the identity whose delete failed is still there').to.equal(200)
      expect(emulator.checkAccessToken(issued.json.token)).to.equal('valid')
      const later = (await signedRequest(emulator, 'POST', `/identities?api-version=${API_VERSION}`)).json.identity.id
      expect([...savedIdentities(await readFile(dataFile, 'utf8')).keys()]).to.deep.equal([kept, later])
    } finally {
      await emulator.close()
    }
  })

  it('on a full disk answers 500 and keeps only acknowledged identities (tmpfs)', async function () {
    const mountPoint = join(dir, 'small')
    await mkdir(mountPoint)
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mountPoint], {stdio: 'ignore'})
    } catch {
      this.skip() // pending: mounting a small tmpfs needs root (the injected-failure test above covers the logic)
    }
    const errors: string[] = []
    try {
      const file = join(mountPoint, 'state.json')
      const emulator = await startEmulator({dataFile: file, errorLogger: (line) => errors.push(line)})
      const acknowledged: string[] = []
      let failures = 0
      try {
        for (let i = 0; i < 2000 && failures < 5; i++) {
          const response = await signedRequest(emulator, 'POST', `/identities?api-version=${API_VERSION}`)
          if (response.status === 201) acknowledged.push(response.json.identity.id)
          else {
            expect(response.status).to.equal(500)
            failures++
          }
        }
        expect(failures).to.equal(5)
        expect(errors.join('\n')).to.contain('ENOSPC')
        for (const id of acknowledged.slice(0, 3)) {
          const response = await signedRequest(emulator, 'POST', identityPath(id, '/:issueAccessToken'), {
            scopes: ['chat'],
          })
          expect(response.status).to.equal(200)
        }
      } finally {
        await emulator.close()
      }
      const saved = savedIdentities(await readFile(file, 'utf8'))
      expect([...saved.keys()]).to.deep.equal(acknowledged)
    } finally {
      execFileSync('umount', [mountPoint], {stdio: 'ignore'})
    }
  })

  it('follows a symlinked data file instead of replacing it', async () => {
    const target = join(dir, 'real-state.json')
    const link = join(dir, 'link.json')
    await symlink(target, link)
    const emulator = await startEmulator({dataFile: link})
    try {
      await signedRequest(emulator, 'POST', `/identities?api-version=${API_VERSION}`)
    } finally {
      await emulator.close()
    }
    expect(await readlink(link)).to.equal(target)
    expect(savedIdentities(await readFile(target, 'utf8')).size).to.equal(1)
  })

  it('ignores a torn last line (a write cut short by a crash) and drops it at the next start', async () => {
    await (await startEmulator({dataFile})).close()
    await writeFile(dataFile, `${await readFile(dataFile, 'utf8')}{"c":"8:acs:x`, {flag: 'w'})
    await (await startEmulator({dataFile})).close()
    expect((await readFile(dataFile, 'utf8')).endsWith('\n')).to.equal(true)
  })

  for (const [what, contents, message] of [
    ['null', 'null', 'is not one this emulator wrote'],
    [
      'a signing key that is not PEM',
      {signingKeyPem: '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n'},
      'holds a signing key that is not a valid PEM private key',
    ],
    ['an access key that is not base64', {accessKey: 'not base64!'}, 'holds an access key that is not base64'],
    ['a resource id that is not a GUID', {resourceId: 'x'}, 'holds a resource id that is not a GUID'],
  ] as const) {
    it(`refuses a data file holding ${what} with one clear line naming it`, async () => {
      await (await startEmulator({dataFile})).close()
      const text = await readFile(dataFile, 'utf8')
      const header = {...savedHeader(text), ...(typeof contents === 'string' ? {} : contents)}
      const damaged = typeof contents === 'string' ? contents : `${JSON.stringify(header)}\n`
      await writeFile(dataFile, damaged)
      const error = (await startEmulator({dataFile}).catch((error_: Error) => error_)) as Error
      expect(error.message).to.contain(dataFile).and.to.contain(message)
      expect(error.message.split('\n')).to.have.length(1)
      expect(await readFile(dataFile, 'utf8')).to.equal(damaged)
      expect(await readdir(dir)).to.deep.equal(['state.json'])
    })
  }

  it('names the path the user gave when it cannot write there', async () => {
    const given = join(dir, 'missing-dir', 'state.json')
    const error = (await startEmulator({dataFile: given}).catch((error_: Error) => error_)) as Error
    expect(error.message).to.equal(`Cannot use the emulator data file ${given}: its directory does not exist.`)
  })

  it('loads a data file of the previous format (one JSON document)', async () => {
    const first = await startEmulator({dataFile})
    const id = (await signedRequest(first, 'POST', `/identities?api-version=${API_VERSION}`)).json.identity.id
    await first.close()
    const header = savedHeader(await readFile(dataFile, 'utf8'))
    await writeFile(
      dataFile,
      JSON.stringify({...header, format: 'azc-acs-identity-emulator/1', identities: {[id]: {createdAt: 1}}}),
    )
    const second = await startEmulator({dataFile})
    try {
      expect(
        (await signedRequest(second, 'POST', identityPath(id, '/:issueAccessToken'), {scopes: ['chat']})).status,
      ).to.equal(200)
    } finally {
      await second.close()
    }
  })

  it('warns at start about a data file other users can read', async () => {
    await (await startEmulator({dataFile})).close()
    await chmod(dataFile, 0o644)
    const emulator = await startEmulator({dataFile})
    try {
      expect(emulator.warnings).to.deep.equal([
        `the data file ${dataFile} can be read by other users (mode 0644) and holds the access key and the signing key; chmod 600 it.`,
      ])
    } finally {
      await emulator.close()
    }
  })

  it('names the path the user gave on a read-only file system (tmpfs)', async function () {
    const mountPoint = join(dir, 'readonly')
    await mkdir(mountPoint)
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=64k', 'tmpfs', mountPoint], {stdio: 'ignore'})
    } catch {
      this.skip() // pending: mounting a tmpfs needs root (root also ignores directory permissions)
    }
    try {
      const given = join(mountPoint, 'state.json')
      const error = (await startEmulator({dataFile: given}).catch((error_: Error) => error_)) as Error
      expect(error.message).to.equal(`Cannot use the emulator data file ${given}: the file system is read-only.`)
    } finally {
      execFileSync('umount', [mountPoint], {stdio: 'ignore'})
    }
  })
})
