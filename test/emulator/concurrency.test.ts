import {expect} from 'chai'
import {mkdtemp, readFile, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {startEmulator} from '../../src/emulator/index.js'
import {API_VERSION, signedRequest, savedIdentities} from './helpers.js'

describe('emulator under concurrent clients', function () {
  this.timeout(60_000)

  it('answers 300 parallel creates with tokens without an error or a duplicate id, and keeps them all', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'emulator-concurrency-'))
    const dataFile = join(dir, 'state.json')
    const emulator = await startEmulator({dataFile})
    try {
      const responses = await Promise.all(
        Array.from({length: 300}, () =>
          signedRequest(emulator, 'POST', `/identities?api-version=${API_VERSION}`, {
            createTokenWithScopes: ['chat', 'voip'],
          }),
        ),
      )
      expect(responses.map((response) => response.status)).to.deep.equal(Array.from({length: 300}, () => 201))
      const ids = responses.map((response) => response.json.identity.id as string)
      expect(new Set(ids).size).to.equal(300)
      const saved = savedIdentities(await readFile(dataFile, 'utf8'))
      expect(ids.filter((id) => !saved.has(id))).to.deep.equal([])
    } finally {
      await emulator.close()
      await rm(dir, {recursive: true, force: true})
    }
  })
})
