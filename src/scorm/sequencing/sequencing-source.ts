/**
 * What the builder reads, gathered from one of two places:
 * - the stored `ParsedManifest` (JSON): it keeps `imsss:sequencing` on the organization and on
 *   launchable items only — sequencing of clusters (items with children), the organization's
 *   `objectivesGlobalToSystem` and items' `adlcp:data` are not in it;
 * - the manifest XML itself, read here namespace-aware, which has everything.
 * The player passes the XML when it has it (the package folder keeps imsmanifest.xml).
 */
import type { CompletionThreshold, ItemNode, ParsedManifest, RawXml } from '../manifest';
import { readCompletionThreshold } from '../manifest/item-details';
import { attr, child, children, parseXml, toRaw, type XmlElement } from '../manifest/xml-tree';
import type { SharedDataMapSettings } from './settings-types';

export interface SequencingItemSource {
  id: string;
  title: string;
  isVisible: boolean;
  sequencing?: RawXml;
  hideLmsUi?: string[];
  completionThreshold?: CompletionThreshold;
  timeLimitAction?: string;
  sharedDataMaps?: SharedDataMapSettings[];
  children: SequencingItemSource[];
}

export interface SequencingSource {
  organizationId: string;
  title: string;
  sequencing?: RawXml;
  /** undefined when the source cannot tell (stored JSON); the builder then uses the schema default. */
  objectivesGlobalToSystem?: boolean;
  sharedDataGlobalToSystem?: boolean;
  collection?: RawXml;
  items: SequencingItemSource[];
  /** false when cluster sequencing may be missing (built from the stored JSON). */
  complete: boolean;
}

export function sourceFromParsedManifest(manifest: ParsedManifest): SequencingSource {
  const org = manifest.organizations.find((o) => o.identifier === manifest.defaultOrganizationId);
  const scos = new Map(manifest.scos.map((s) => [s.itemId, s]));
  const walk = (node: ItemNode): SequencingItemSource => {
    const sco = scos.get(node.identifier);
    const item: SequencingItemSource = {
      id: node.identifier,
      title: node.title,
      isVisible: node.isVisible,
      children: node.children.map(walk),
    };
    if (sco?.sequencing) item.sequencing = sco.sequencing;
    if (sco?.presentation) item.hideLmsUi = sco.presentation.hideLMSUI;
    if (sco?.completionThreshold) item.completionThreshold = sco.completionThreshold;
    if (sco?.timeLimitAction) item.timeLimitAction = sco.timeLimitAction;
    return item;
  };
  // A cluster anywhere means a top-level item with children.
  const hasClusters = (org?.items ?? manifest.itemTree).some((n) => n.children.length > 0);
  return {
    organizationId: org?.identifier ?? manifest.defaultOrganizationId,
    title: org?.title ?? manifest.title,
    sequencing: org?.sequencing,
    collection: manifest.sequencingCollection,
    items: (org?.items ?? manifest.itemTree).map(walk),
    complete: !hasClusters,
  };
}

function boolOf(value: string | undefined): boolean | undefined {
  const v = value?.trim().toLowerCase();
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  return undefined;
}

function anyAttr(el: XmlElement, local: string): string | undefined {
  return el.attrs.find((a) => a.local === local.toLowerCase())?.value;
}

function sharedDataMaps(item: XmlElement): SharedDataMapSettings[] | undefined {
  const maps = children(child(item, 'adlcp', 'data'), 'adlcp', 'map')
    .map((m) => ({ el: m, targetID: (attr(m, 'targetID') ?? '').trim() }))
    .filter((m) => m.targetID !== '')
    .map(({ el, targetID }) => ({
      targetID,
      // adlcp_v1p3.xsd (4th ed): readSharedData defaults to true, writeSharedData to false.
      readSharedData: boolOf(attr(el, 'readSharedData')) ?? true,
      writeSharedData: boolOf(attr(el, 'writeSharedData')) ?? false,
    }));
  return maps.length > 0 ? maps : undefined;
}

/**
 * Reads the default organization (`defaultOrganizationId` as the parser decided it) from the XML.
 * Returns undefined when the XML does not parse or lacks that organization; the caller falls back
 * to the stored JSON.
 */
export function sourceFromManifestXml(xml: string, manifest: ParsedManifest): SequencingSource | undefined {
  const parsed = parseXml(xml);
  if (!parsed.ok) return undefined;
  const orgs = children(child(parsed.root, 'cp', 'organizations'), 'cp', 'organization');
  const org = orgs.find((o) => (attr(o, 'identifier') ?? '').trim() === manifest.defaultOrganizationId);
  if (!org) return undefined;
  let counter = 0;
  const walk = (el: XmlElement): SequencingItemSource => {
    counter += 1;
    // Same fallback id as the parser, so ids match the stored SCO rows.
    const id = (attr(el, 'identifier') ?? '').trim() || `${manifest.defaultOrganizationId}-ITEM-${counter}`;
    const title = child(el, 'cp', 'title')?.text || id;
    const item: SequencingItemSource = {
      id,
      title,
      isVisible: (attr(el, 'isvisible') ?? 'true').trim().toLowerCase() !== 'false',
      children: [],
    };
    const sequencing = child(el, 'imsss', 'sequencing');
    if (sequencing) item.sequencing = toRaw(sequencing);
    const hide = children(
      child(child(el, 'adlnav', 'presentation'), 'adlnav', 'navigationInterface'),
      'adlnav',
      'hideLMSUI',
    )
      .map((h) => h.text)
      .filter((t) => t !== '');
    if (hide.length > 0) item.hideLmsUi = hide;
    const threshold = readCompletionThreshold(el);
    if (threshold) item.completionThreshold = threshold;
    const tla = child(el, 'adlcp', 'timeLimitAction')?.text;
    if (tla) item.timeLimitAction = tla;
    const maps = sharedDataMaps(el);
    if (maps) item.sharedDataMaps = maps;
    item.children = children(el, 'cp', 'item').map(walk);
    return item;
  };
  const orgSequencing = child(org, 'imsss', 'sequencing');
  return {
    organizationId: manifest.defaultOrganizationId,
    title: child(org, 'cp', 'title')?.text || manifest.title,
    sequencing: orgSequencing ? toRaw(orgSequencing) : undefined,
    objectivesGlobalToSystem: boolOf(anyAttr(org, 'objectivesGlobalToSystem')),
    sharedDataGlobalToSystem: boolOf(anyAttr(org, 'sharedDataGlobalToSystem')),
    collection: manifest.sequencingCollection,
    items: children(org, 'cp', 'item').map(walk),
    complete: true,
  };
}
