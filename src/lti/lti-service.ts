/** Everything of the LTI tool a process needs, built once by the composition root. */
import type { Sequelize } from 'sequelize';
import type { Logger } from '../shared/logger';
import { createToolKeys, type ToolKeys } from './tool-keys';
import { createSecretBox } from '../shared/secret-box';
import { createPlatformKeys, type PlatformKeys } from './platform-keys';
import { createAgsClient, type AgsClient } from './ags';
import { createGradeSync, type GradeSync } from './grade-sync';
import { createSigner, type Signer } from './signed-value';
import { createPlatformFrameAncestors, type FrameAncestorSource } from './frame-origins';

export interface LtiService {
  sequelize: Sequelize;
  logger: Logger;
  baseUrl: string;
  /** The app's origin (the Origin header of our own pages' fetches). */
  origin: string;
  secureCookies: boolean;
  keys: ToolKeys;
  platformKeys: PlatformKeys;
  ags: AgsClient;
  grades: GradeSync;
  /** Deep-linking context handed to the pick page, and the new-window hand-off. */
  deepLinkSigner: Signer;
  handoffSigner: Signer;
  /** Registered platforms' origins, for the content origin's frame-ancestors. */
  frameAncestors: FrameAncestorSource;
}

export function createLtiService(opts: {
  sequelize: Sequelize;
  logger: Logger;
  baseUrl: string;
  secureCookies: boolean;
  sessionSecret: string;
  jwksCooldownSeconds: number;
  jwksCacheSeconds: number;
  /** KEY_ENCRYPTION_KEY: our private keys are stored encrypted under it (src/shared/secret-box.ts). */
  keyEncryptionKey?: string;
}): LtiService {
  const keys = createToolKeys(opts.sequelize, createSecretBox(opts.keyEncryptionKey));
  const ags = createAgsClient(keys);
  const grades = createGradeSync(ags, opts.logger);
  return {
    sequelize: opts.sequelize,
    logger: opts.logger,
    baseUrl: opts.baseUrl.replace(/\/$/, ''),
    origin: new URL(opts.baseUrl).origin,
    secureCookies: opts.secureCookies,
    keys,
    platformKeys: createPlatformKeys({
      cooldownSeconds: opts.jwksCooldownSeconds,
      cacheMaxAgeSeconds: opts.jwksCacheSeconds,
    }),
    ags,
    grades,
    deepLinkSigner: createSigner(opts.sessionSecret, 'deep-link'),
    handoffSigner: createSigner(opts.sessionSecret, 'handoff'),
    frameAncestors: createPlatformFrameAncestors(),
  };
}
