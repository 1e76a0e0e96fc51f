/**
 * The player's runtime, built once per app by the composition root (src/composition.ts) from the
 * configuration and handed to the player's route builders: the launch-token signer, the commit rate
 * buckets, the caps of one commit and the token standings it checks launches against.
 */
import type { Config } from '../config';
import type { CmiLimits } from '../scorm';
import type { TokenStandings } from '../auth';
import type { PackageSettings } from '../packages';
import { createLaunchTokens, type LaunchTokens } from './launch-token';
import { createCommitRate, type CommitRate } from './commit-rate';
import { createVersionCatalogs, type VersionCatalogs } from './version-catalog';
import { createSequencingDefinitions, type SequencingDefinitions } from './sequencing-definition';
import type { CommitSql } from './commit-sql';
import { createCommitBases, type CommitBases } from './commit-basis';
import type { LearningEvents } from './learning-events';

export interface PlayerRuntime {
  tokens: LaunchTokens;
  /** Signs and checks the basis a commit's reply hands to the page's next commit (commit-basis.ts). */
  bases: CommitBases;
  commitRate: CommitRate;
  /** Caps of one commit (suspend_data, other text elements, items per CMI array). */
  cmiLimits: CmiLimits;
  /** Largest commit body (413 beyond). */
  bodyMaxBytes: number;
  /** The user's token epoch and active flag (cached briefly), for launch tokens. */
  standings: TokenStandings;
  /** Content links (the content origin's key) and the stored manifests of versions. */
  packages: PackageSettings;
  /** Each version's SCO catalogue and sequencing definition, cached for the life of the app (versions are immutable). */
  catalogs: VersionCatalogs;
  sequencing: SequencingDefinitions;
  /** The commit's own driver connection(s) (commit-sql.ts); null: commits run on Sequelize only. */
  commitSql: CommitSql | null;
  /** Launches, answers, completions and passes for an outside record store (xAPI); null = none. */
  events: LearningEvents | null;
}

export type PlayerSettings = Pick<
  Config,
  | 'sessionSecret'
  | 'LAUNCH_TOKEN_TTL_MINUTES'
  | 'CMI_SUSPEND_DATA_MAX_CHARS'
  | 'CMI_TEXT_MAX_CHARS'
  | 'CMI_MAX_ITEMS'
  | 'COMMIT_BODY_MAX_BYTES'
  | 'COMMIT_RATE_PER_SECOND'
  | 'COMMIT_RATE_BURST'
>;

export function createPlayerRuntime(
  config: PlayerSettings,
  deps: {
    standings: TokenStandings;
    packages: PackageSettings;
    events?: LearningEvents | null;
    commitSql?: CommitSql | null;
  },
): PlayerRuntime {
  const catalogs = createVersionCatalogs();
  return {
    catalogs,
    sequencing: createSequencingDefinitions({ catalogs, store: deps.packages.store }),
    tokens: createLaunchTokens({
      secret: config.sessionSecret,
      ttlMinutes: config.LAUNCH_TOKEN_TTL_MINUTES,
      standings: deps.standings,
    }),
    bases: createCommitBases(config.sessionSecret),
    commitRate: createCommitRate({ perSecond: config.COMMIT_RATE_PER_SECOND, burst: config.COMMIT_RATE_BURST }),
    cmiLimits: {
      suspendDataMax: config.CMI_SUSPEND_DATA_MAX_CHARS,
      textMax: config.CMI_TEXT_MAX_CHARS,
      maxItems: config.CMI_MAX_ITEMS,
    },
    bodyMaxBytes: config.COMMIT_BODY_MAX_BYTES,
    standings: deps.standings,
    packages: deps.packages,
    commitSql: deps.commitSql ?? null,
    events: deps.events ?? null,
  };
}
