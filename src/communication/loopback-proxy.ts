/**
 * Requests to this machine never go through a proxy. The SDK's proxy policy honours HTTPS_PROXY,
 * HTTP_PROXY and ALL_PROXY for every host unless NO_PROXY lists it, so with a proxy configured a
 * signed request to a local emulator would travel to the proxy (in clear for http://). This policy
 * runs after the proxy policy, inside the retry loop, and takes back the proxy agent it put on a
 * request for a loopback host, as if NO_PROXY listed localhost, 127.0.0.0/8 and ::1. The client is
 * built without an agent of its own, so any agent on such a request is the proxy's.
 */
import type {PipelinePolicy} from '@azure/core-rest-pipeline'

import {isLoopbackHost} from './connection-string.js'

export function loopbackProxyBypassPolicy(): PipelinePolicy {
  return {
    name: 'azcLoopbackProxyBypass',
    async sendRequest(request, next) {
      if (request.agent && isLoopbackHost(new URL(request.url).hostname)) request.agent = undefined
      return next(request)
    },
  }
}
