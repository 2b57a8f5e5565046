/**
 * az (Python requests) trusts the certificates in REQUESTS_CA_BUNDLE (or CURL_CA_BUNDLE); Node trusts
 * its own store plus NODE_EXTRA_CA_CERTS. So that a setup made for az works for azc too (a corporate
 * proxy, or an emulator whose certificate az was told to trust), a request that fails certificate
 * verification is sent once more trusting, in addition, the certificates those variables name. The
 * normal path costs nothing: the bundle is read only after such a failure.
 */
import type {PipelinePolicy} from '@azure/core-rest-pipeline'
import {readFileSync} from 'node:fs'

import {UNTRUSTED_CERT_CODES} from './tls-errors.js'

export function requestsCaBundlePolicy(env: NodeJS.ProcessEnv = process.env): PipelinePolicy {
  let trusted: string[] | undefined
  return {
    name: 'azcRequestsCaBundle',
    async sendRequest(request, next) {
      if (trusted && !request.tlsSettings) request.tlsSettings = {ca: trusted}
      try {
        return await next(request)
      } catch (error) {
        if (trusted || !UNTRUSTED_CERT_CODES.has((error as {code?: string}).code ?? '')) throw error
        // Bundles Node did not already trust: NODE_EXTRA_CA_CERTS is part of its store.
        const extra = readBundles(
          [env.REQUESTS_CA_BUNDLE, env.CURL_CA_BUNDLE].filter((file) => file !== env.NODE_EXTRA_CA_CERTS),
        )
        if (extra.length === 0) throw error
        const {rootCertificates} = await import('node:tls')
        // An explicit list replaces Node's store, so it carries the store along.
        trusted = [...rootCertificates, ...readBundles([env.NODE_EXTRA_CA_CERTS]), ...extra]
        request.tlsSettings = {ca: trusted}
        return next(request)
      }
    },
  }
}

/** The PEM texts of the files; a file that cannot be read counts as none. */
function readBundles(files: Array<string | undefined>): string[] {
  const bundles: string[] = []
  for (const file of new Set(files.filter(Boolean) as string[])) {
    try {
      bundles.push(readFileSync(file, 'utf8'))
    } catch {
      // Unreadable: az would fail on it; here it simply adds nothing.
    }
  }
  return bundles
}
