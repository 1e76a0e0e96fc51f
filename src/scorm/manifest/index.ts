export { DEFAULT_MAX_ITEMS, parseManifest } from './parse-manifest';
export { appendParameters, resolveHref } from './launch-path';
export type {
  CompletionThreshold,
  ItemKind,
  ItemNode,
  ManifestResult,
  OrganizationInfo,
  PackageProblem,
  ParsedManifest,
  ParseManifestOptions,
  RawXml,
  ResourceInfo,
  ScoInfo,
  ScormEdition,
} from './types';
