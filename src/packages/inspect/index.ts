export { inspectPackage, type InspectResult } from './inspect-package';
export { DEFAULT_ZIP_LIMITS, type ZipLimits } from './zip-limits';
export { checkEntryName } from './entry-name';
