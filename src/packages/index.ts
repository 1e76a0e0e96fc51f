/**
 * packages — SCORM package import, versions and content serving. Other components use only this file.
 * Its settings (`packageSettingsFrom(config)`) are built once by the composition root and passed in.
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
  contentUrl,
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
export { contentRoutes, CONTENT_CSP } from './content-routes';
