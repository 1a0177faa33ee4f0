import { serverSecretBytes } from '../http/rate-limit.ts'

/**
 * Text sealed with AES-256-GCM (WebCrypto, so on Node and in the Worker alike) under a key derived
 * with HKDF-SHA256 from the server secret (SIGNPOST_SECRET, or on Node the secret file beside the
 * database: src/entry/key-secret-node.ts). The key is separate from the rate-limit keys' HMAC key
 * (its own HKDF `info`), and the secret is never in the database, so a copy of the database alone
 * opens nothing. Each sealed text is bound to what it belongs to (`context`, e.g. the account's
 * id): moved to another row, it no longer opens.
 *
 * Stored as `v1.<iv>.<ciphertext and tag>`, both base64url.
 */

const keys = new WeakMap<Uint8Array, Promise<CryptoKey>>()

function sealingKey(): Promise<CryptoKey> {
  const secret = serverSecretBytes()
  let key = keys.get(secret)
  if (!key) {
    key = crypto.subtle
      .importKey('raw', secret, 'HKDF', false, ['deriveKey'])
      .then((base) =>
        crypto.subtle.deriveKey(
          { name: 'HKDF', hash: 'SHA-256', salt: new TextEncoder().encode('signpost'), info: new TextEncoder().encode('signpost second-factor secrets v1') },
          base,
          { name: 'AES-GCM', length: 256 },
          false,
          ['encrypt', 'decrypt'],
        ),
      )
    keys.set(secret, key)
  }
  return key
}

const b64url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replaceAll('=', '')
const unb64url = (text: string): Uint8Array<ArrayBuffer> => Uint8Array.from(atob(text.replaceAll('-', '+').replaceAll('_', '/')), (c) => c.charCodeAt(0))

export async function seal(text: string, context: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12))
  const sealed = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: new TextEncoder().encode(context) },
    await sealingKey(),
    new TextEncoder().encode(text),
  )
  return `v1.${b64url(iv)}.${b64url(new Uint8Array(sealed))}`
}

/** The text, or null when it does not open (another context, another server secret, or changed). */
export async function unseal(stored: string, context: string): Promise<string | null> {
  const [version, iv, body] = stored.split('.')
  if (version !== 'v1' || !iv || !body) return null
  try {
    const plain = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: unb64url(iv), additionalData: new TextEncoder().encode(context) },
      await sealingKey(),
      unb64url(body),
    )
    return new TextDecoder().decode(plain)
  } catch {
    return null
  }
}
