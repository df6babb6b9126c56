/** Typed errors of the store layer, so callers can tell bad input from cache trouble. */

/** A blob name, namespace prefix, key, size or age that the contract does not accept. */
export class InvalidInputError extends Error {
  override name = 'InvalidInputError';
}

/** A blob larger than the store's blob size limit: an error, never a hit. */
export class BlobTooLargeError extends Error {
  override name = 'BlobTooLargeError';
  constructor(
    readonly location: string,
    readonly size: number,
    readonly limit: number
  ) {
    super(`cache blob ${location} is ${size} bytes, over the limit of ${limit} bytes`);
  }
}

/** A configuration entry (see fromConfig) that cannot be turned into a store. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}
