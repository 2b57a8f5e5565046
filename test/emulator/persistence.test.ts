import {expect} from 'chai'
import {mkdtemp, readdir, readFile, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {startEmulator} from '../../src/emulator/index.js'
import {API_VERSION, identityPath, signedRequest, spawnEmulator} from './helpers.js'

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
      kept = (await signedRequest(first, 'POST', `/identities?api-version=${API_VERSION}`, {createTokenWithScopes: ['chat']})).json
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
      expect((await signedRequest(second, 'POST', identityPath(kept.identity.id, '/:issueAccessToken'), {scopes: ['chat']})).status).to.equal(200)
      expect((await signedRequest(second, 'DELETE', identityPath(deleted))).status).to.equal(401)
    } finally {
      await second.close()
    }
  })

  it('writes each change before answering, leaving no temporary file behind', async () => {
    const emulator = await startEmulator({dataFile})
    try {
      const created = (await signedRequest(emulator, 'POST', `/identities?api-version=${API_VERSION}`)).json.identity.id
      const saved = JSON.parse(await readFile(dataFile, 'utf8'))
      expect(Object.keys(saved.identities)).to.deep.equal([created])
      expect(await readdir(dir)).to.deep.equal(['state.json'])
    } finally {
      await emulator.close()
    }
  })

  it('lets flags override the access key and resource id kept in the file', async () => {
    await (await startEmulator({dataFile})).close()
    const accessKey = Buffer.alloc(64, 9).toString('base64')
    await (await startEmulator({dataFile, accessKey})).close()
    expect(JSON.parse(await readFile(dataFile, 'utf8')).accessKey).to.equal(accessKey)
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
            const response = await signedRequest(child, 'POST', `/identities?api-version=${API_VERSION}`, {createTokenWithScopes: ['chat']}).catch(() => undefined)
            if (response?.status === 201) acknowledged.push(response.json.identity.id)
            if (acknowledged.length >= target) reached()
          }
        })
        await Promise.race([enough, child.exited.then((code) => Promise.reject(new Error(`emulator ended (${code}): ${child.stderr()}`)))])
        child.child.kill('SIGKILL')
        expect(await child.exited).to.equal('SIGKILL')
      } finally {
        running = false
        child.child.kill('SIGKILL')
        await child.exited
        await Promise.all(clients)
      }

      const saved = JSON.parse(await readFile(dataFile, 'utf8'))
      const missing = acknowledged.filter((id) => !(id in saved.identities))
      expect(missing, `round ${round}`).to.deep.equal([])
    }
    expect(acknowledged.length).to.be.greaterThan(10)

    const restarted = await startEmulator({dataFile})
    try {
      const response = await signedRequest(restarted, 'POST', identityPath(acknowledged[0], '/:issueAccessToken'), {scopes: ['chat']})
      expect(response.status).to.equal(200)
    } finally {
      await restarted.close()
    }
  })
})
