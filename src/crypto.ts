/** Small WebCrypto helpers shared by codes, tokens, sessions, invitations and imports. */

/** The SHA-256 of a text (UTF-8), as 64 lower-case hex digits: the only SHA-256 helper of the app. */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('')
}

/** A random URL-safe token carrying `bytes` bytes of randomness. */
export function randomUrlToken(bytes = 32): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(bytes))))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replaceAll('=', '')
}
