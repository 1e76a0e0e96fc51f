/**
 * The shapes the manifest parser returns. Plain data only (JSON-serialisable), so that the import
 * can store them and the player can rebuild its settings without parsing XML again.
 */

/** One problem found in a package: `code` is stable (tests and API rely on it), `message` is German. */
export interface PackageProblem {
  code: string;
  message: string;
  /** Where in the package, e.g. `imsmanifest.xml: item ITEM-3`. */
  where?: string;
}

export type ScormEdition = '1.2' | '2004-2nd' | '2004-3rd' | '2004-4th';

/** `sco` talks to the runtime API; `asset` is plain content; `container` is an item without a resource. */
export type ItemKind = 'sco' | 'asset' | 'container';

/**
 * An XML element with namespace prefixes removed, kept for consumers that need the raw structure
 * (the player turns `imsss:sequencing` into scorm-again sequencing settings).
 */
export interface RawXml {
  name: string;
  attributes: Record<string, string>;
  children: RawXml[];
  text?: string;
}

export interface CompletionThreshold {
  completedByMeasure: boolean;
  minProgressMeasure: number;
  progressWeight: number;
}

export interface ItemNode {
  identifier: string;
  title: string;
  kind: ItemKind;
  isVisible: boolean;
  resourceId?: string;
  children: ItemNode[];
}

export interface OrganizationInfo {
  identifier: string;
  title: string;
  items: ItemNode[];
  sequencing?: RawXml;
}

export interface ResourceInfo {
  identifier: string;
  type: string;
  scormType: 'sco' | 'asset';
  /** Launch href with every `xml:base` applied; package-relative path or absolute http(s) URL. */
  href?: string;
  /** `<file href>` entries, resolved like `href`. */
  files: string[];
  /** identifierrefs of `<dependency>` elements. */
  dependencies: string[];
}

/**
 * One launchable item of the default organization. Assets stay in this list (scormType 'asset'):
 * the player must show them in the table of contents and launch them, it only does not track
 * them through the API. "SCO count" in tests and UI means entries with scormType 'sco'.
 */
export interface ScoInfo {
  itemId: string;
  resourceId: string;
  title: string;
  /** Resolved href plus the item's `parameters`, relative to the content root (or an absolute URL). */
  launchPath: string;
  scormType: 'sco' | 'asset';
  isVisible: boolean;
  /** SCORM 1.2 `adlcp:masteryscore` (0–100). */
  masteryScore?: number;
  /** SCORM 1.2 `adlcp:prerequisites` (AICC script), kept verbatim. */
  prerequisites?: string;
  dataFromLms?: string;
  maxTimeAllowed?: string;
  timeLimitAction?: string;
  completionThreshold?: CompletionThreshold;
  /** 2004: primary objective's minNormalizedMeasure when satisfiedByMeasure is true. */
  scaledPassingScore?: number;
  sequencing?: RawXml;
  presentation?: { hideLMSUI: string[] };
}

export interface ParsedManifest {
  identifier: string;
  title: string;
  scormVersion: ScormEdition;
  /** `<schemaversion>` text as written, if any. */
  schemaVersion?: string;
  defaultOrganizationId: string;
  organizations: OrganizationInfo[];
  resources: ResourceInfo[];
  scos: ScoInfo[];
  hasSequencing: boolean;
  sequencingCollection?: RawXml;
  /** The item tree of the default organization, for display. */
  itemTree: ItemNode[];
}

export type ManifestResult =
  | { ok: true; manifest: ParsedManifest; warnings: PackageProblem[] }
  | { ok: false; errors: PackageProblem[]; warnings: PackageProblem[] };

export interface ParseManifestOptions {
  /** Answers whether a package-relative path (decoded, without query or fragment) exists. */
  fileExists?: (relPath: string) => boolean;
  /**
   * Most `<item>` elements accepted, over all organizations (default DEFAULT_MAX_ITEMS). Every item
   * becomes part of each learner's stored progress, so a manifest with 30,000 items is refused.
   */
  maxItems?: number;
}
