/** The only source of randomness the domain uses: unguessable, URL-safe identifiers. */
export interface IdGenerator {
  /** At least 128 bits of cryptographic randomness, encoded URL-safe (no padding). */
  generate(): string;
}
