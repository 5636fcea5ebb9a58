/** A token whose signature and issuer checked out: when it expires, and its SHA-256 (the registry's key). */
export interface VerifiedToken {
  /** `exp`, in seconds since the epoch. */
  exp: number;
  hash: string;
}

/** At most this many tokens are remembered; past it the oldest is forgotten (it is verified again if it comes back). */
const MAX_TOKENS = 10_000;

/**
 * The tokens already verified with the current key and issuer. An HMAC check of the same bytes with the same key
 * always gives the same answer, so a token that passed need not be checked again: only its expiry, which moves
 * with the clock. Every request still looks the token up in the registry (logout and password changes revoke
 * there). The remembered tokens are dropped when the key or the issuer changes.
 */
export class VerifiedTokens {
  private readonly tokens = new Map<string, VerifiedToken>();
  private key: unknown;
  private issuer: string | undefined;

  /** The remembered check of `token` under this key and issuer, or undefined. */
  get(token: string, key: unknown, issuer: string): VerifiedToken | undefined {
    if (key !== this.key || issuer !== this.issuer) {
      this.tokens.clear();
      this.key = key;
      this.issuer = issuer;
      return undefined;
    }
    return this.tokens.get(token);
  }

  /** Remembers a token that verified under this key and issuer (call `get` with them first). */
  remember(token: string, verified: VerifiedToken): void {
    if (this.tokens.size >= MAX_TOKENS) this.tokens.delete(this.tokens.keys().next().value!);
    this.tokens.set(token, verified);
  }

  /** How many tokens are remembered. */
  get size(): number {
    return this.tokens.size;
  }
}
