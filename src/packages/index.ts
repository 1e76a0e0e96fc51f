/**
 * packages — SCORM package import, versions and content serving. Other components use only this file.
 * `packageSettingsFrom(config, store)` is called once by the composition root; the import, the upload routes
 * and the content origin get those settings handed in.
 */
import './messages';

export { packageSettingsFrom, readManifestXml, type PackageSettings } from './package-storage';
export { cleanPackageStorage } from './clean-storage';
export { importPackage, type ImportedPackage, type ImportOptions } from './import-package';
export {
  getPackage,
  listPackages,
  getVersion,
  getLatestVersion,
  listVersions,
  listScos,
  findPackageByCourseKey,
  packageForModule,
  contentPath,
  type PackageView,
  type PackageSummary,
  type VersionView,
  type VersionDetail,
  type ScoView,
} from './package-queries';
export { assignModule, setOpenInNewWindow } from './package-settings';
export { scormVersionLabel } from './package-pages';
export { adminPackageRoutes } from './admin-routes';
export { packageApiRoutes } from './api-routes';
export { buildContentApp } from './content-app';
export { CONTENT_SANDBOX_FLAGS } from './content-headers';
export { contentBaseFor, contentOrigins, verifyContentToken } from './content-capability';
