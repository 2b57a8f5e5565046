/**
 * An endpoint on an IPv6 literal (`http://[::1]:8088/`): the SDK's HTTP client passes the URL's hostname, brackets
 * included, to Node, which then looks up the name `[::1]` and fails with ENOTFOUND. For such hosts this policy
 * gives the request an agent whose lookup, and whose certificate host name check, drop the brackets (keeping the
 * request's TLS settings).
 */
import type {PipelinePolicy} from '@azure/core-rest-pipeline'
import {lookup} from 'node:dns'
import http from 'node:http'
import https from 'node:https'
import type {LookupFunction} from 'node:net'
import {checkServerIdentity, type PeerCertificate} from 'node:tls'

const unbracket = (hostname: string) => hostname.replace(/^\[(.*)\]$/, '$1')

const unbracketed: LookupFunction = (hostname, options, callback) => lookup(unbracket(hostname), options, callback)

const checkUnbracketed = (hostname: string, certificate: PeerCertificate) =>
  checkServerIdentity(unbracket(hostname), certificate)

export function ipv6HostPolicy(): PipelinePolicy {
  const agents = new Map<string, http.Agent>()
  return {
    name: 'azcIpv6Host',
    sendRequest(request, next) {
      const url = new URL(request.url)
      // An agent set by someone else is left alone; one of ours is chosen again (the TLS settings may have changed).
      const ours = request.agent !== undefined && [...agents.values()].includes(request.agent as http.Agent)
      if ((request.agent && !ours) || !url.hostname.startsWith('[')) return next(request)
      const tls = request.tlsSettings ?? {}
      const key = `${url.protocol}${JSON.stringify(tls)}`
      let agent = agents.get(key)
      if (!agent) {
        agent =
          url.protocol === 'https:'
            ? new https.Agent({keepAlive: false, lookup: unbracketed, checkServerIdentity: checkUnbracketed, ...tls})
            : new http.Agent({keepAlive: false, lookup: unbracketed})
        agents.set(key, agent)
      }
      request.agent = agent
      return next(request)
    },
  }
}
