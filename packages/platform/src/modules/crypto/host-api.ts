/**
 * The part of the door (realm/raw-host.ts) that `crypto.subtle` needs: Node's WebCrypto, with the
 * keys kept on the host. The realm holds a key's numeric handle; algorithms, usages and JWKs cross
 * as JSON text (algorithm bytes as hex, see algorithms.ts WireAlgorithm), data as a realm Uint8Array
 * the host copies at once. Each operation answers with a ticket.
 */
export interface CryptoHost {
  /**
   * Imports a key (never extractable, spec §18). `keyData` is the key's bytes, or for format "jwk"
   * the JWK as JSON text. Delivers the JSON of a KeyDescription.
   */
  cryptoImportKey(format: string, keyData: Uint8Array | string, algorithmJson: string, usagesJson: string): number;
  /** Delivers the ciphertext's length; its bytes are parked under the ticket. */
  cryptoEncrypt(algorithmJson: string, handle: number, data: Uint8Array): number;
  /** Delivers the plaintext's length; its bytes are parked under the ticket. */
  cryptoDecrypt(algorithmJson: string, handle: number, data: Uint8Array): number;
  /** Delivers the signature's length; its bytes are parked under the ticket. */
  cryptoSign(algorithmJson: string, handle: number, data: Uint8Array): number;
  /** Delivers true when `signature` is valid for `data`. */
  cryptoVerify(algorithmJson: string, handle: number, signature: Uint8Array, data: Uint8Array): number;
  /** Delivers the digest's length; its bytes are parked under the ticket. */
  cryptoDigest(algorithmJson: string, data: Uint8Array): number;
  /** The realm's key object for `handle` was collected: the host forgets the key. */
  cryptoReleaseKey(handle: number): void;
}

/** What the host tells the realm about an imported key (delivered as JSON). */
export interface KeyDescription {
  handle: number;
  type: 'secret' | 'public' | 'private';
  /** The key's algorithm as WebCrypto reports it; `publicExponent` (RSA) as an array of bytes. */
  algorithm: { name: string } & Record<string, string | number | number[] | { name: string }>;
  usages: string[];
}
