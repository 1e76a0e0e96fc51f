export { buildSequencingDefinition, buildSequencingSettings, buildFromSource } from './build-sequencing-settings';
export { sourceFromManifestXml, sourceFromParsedManifest } from './sequencing-source';
export type { SequencingItemSource, SequencingSource } from './sequencing-source';
export type * from './settings-types';
export { globalObjectiveSnapshotOf, summarizeSequencingState } from './sequencing-state';
export type { RolledUpCompletion, RolledUpSuccess, SequencingStateSummary } from './sequencing-state';
