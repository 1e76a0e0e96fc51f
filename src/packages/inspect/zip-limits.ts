/** How much a package may contain. Checked while extracting, against bytes actually written. */
export interface ZipLimits {
  maxEntries: number;
  maxTotalBytes: number;
  /** Uncompressed/compressed size, checked for entries above RATIO_MIN_BYTES and for the whole archive above it. */
  maxRatio: number;
  /** Most `<item>` elements in imsmanifest.xml (parseManifest's default when absent). */
  maxManifestItems?: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntries: 20000,
  maxTotalBytes: 2 * 1024 * 1024 * 1024,
  maxRatio: 200,
  maxManifestItems: 2000,
};

/** Small files compress extremely well legitimately (a page of zeros); only big ones can be bombs. */
export const RATIO_MIN_BYTES = 1024 * 1024;
