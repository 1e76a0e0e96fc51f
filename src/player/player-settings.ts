/**
 * The player's settings from the configuration, set once at boot (src/context.ts), like
 * initPackages: launch-token key and lifetime, the caps of one commit and the commit rate.
 */
import type { Config } from '../config';
import { DEFAULT_CMI_LIMITS, type CmiLimits } from '../scorm';
import { initLaunchTokens } from './launch-token';
import { configureCommitRate } from './commit-rate';

let cmiLimits: CmiLimits = DEFAULT_CMI_LIMITS;
let bodyMaxBytes = 4 * 1024 * 1024;

export function initPlayer(
  config: Pick<
    Config,
    | 'sessionSecret'
    | 'LAUNCH_TOKEN_TTL_MINUTES'
    | 'CMI_SUSPEND_DATA_MAX_CHARS'
    | 'CMI_TEXT_MAX_CHARS'
    | 'CMI_MAX_ITEMS'
    | 'COMMIT_BODY_MAX_BYTES'
    | 'COMMIT_RATE_PER_SECOND'
    | 'COMMIT_RATE_BURST'
  >,
): void {
  initLaunchTokens(config.sessionSecret, config.LAUNCH_TOKEN_TTL_MINUTES);
  cmiLimits = {
    suspendDataMax: config.CMI_SUSPEND_DATA_MAX_CHARS,
    textMax: config.CMI_TEXT_MAX_CHARS,
    maxItems: config.CMI_MAX_ITEMS,
  };
  bodyMaxBytes = config.COMMIT_BODY_MAX_BYTES;
  configureCommitRate(config.COMMIT_RATE_PER_SECOND, config.COMMIT_RATE_BURST);
}

export const commitLimits = (): CmiLimits => cmiLimits;
export const commitBodyMaxBytes = (): number => bodyMaxBytes;
