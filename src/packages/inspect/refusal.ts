/**
 * A package refusal thrown inside extraction streams and caught once in inspectPackage. It carries
 * the problem as the user will see it; anything else thrown is a server fault, not the package's.
 */
import type { PackageProblem } from '../../scorm';

export class PackageRefused extends Error {
  constructor(readonly problem: PackageProblem) {
    super(problem.message);
  }
}

export function refuse(code: string, message: string, where?: string): PackageRefused {
  return new PackageRefused(where === undefined ? { code, message } : { code, message, where });
}
