import type { IncomingMessage } from 'node:http'
import { isTrustedProxy } from '../auth/sign-in-limits.ts'

/** A host as a browser sends it: a name or IPv4 address, or an IPv6 one in brackets, with an optional port. */
const hostPattern = /^(?:[a-z0-9-]+(?:\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i

const firstValue = (header: string | string[] | undefined) => (Array.isArray(header) ? header[0] : header)?.split(',')[0]?.trim()

/**
 * Behind a reverse proxy that ends TLS (nginx, Caddy, a load balancer), the Node server sees
 * `http://` and the proxy's own idea of the host (`127.0.0.1:8787` by nginx's default). Every
 * address Signpost makes from the request would then be wrong: the link and QR code on a round's
 * printed sheet, invitation and reset links, the redirect URI single sign-on sends to the provider
 * (which refuses one it does not know), and the session cookie would lose `Secure` and its
 * `__Host-` name. So a request whose socket is a proxy TRUSTED_PROXY names gets the scheme of its
 * `X-Forwarded-Proto` and the host of its `X-Forwarded-Host` (else its `Host`), the ones the browser
 * used. It is rewritten to the absolute form (`https://host/path`), from which the Node adapter
 * builds the request's URL. From any other socket the headers are ignored, as anyone can send them.
 */
export function useForwardedOrigin(incoming: IncomingMessage): void {
  if (!incoming.url?.startsWith('/')) return
  // the header first: without it (every request not from a proxy) TRUSTED_PROXY is not read at all
  const scheme = firstValue(incoming.headers['x-forwarded-proto'])?.toLowerCase()
  if (scheme !== 'https' && scheme !== 'http') return
  const socket = incoming.socket?.remoteAddress
  if (!socket || !isTrustedProxy(socket)) return
  const host = firstValue(incoming.headers['x-forwarded-host']) || incoming.headers.host
  if (!host || !hostPattern.test(host)) return
  incoming.url = `${scheme}://${host}${incoming.url}`
}
