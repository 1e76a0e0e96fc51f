/**
 * `parseManifest`: imsmanifest.xml text in, a checked description of the package out. Pure — the
 * caller decides where the XML comes from and answers `fileExists` for the package's files.
 * Every problem is collected (not only the first), so an admin can fix a package in one go.
 */
import type {
  ManifestResult,
  OrganizationInfo,
  PackageProblem,
  ParseManifestOptions,
  ParsedManifest,
  ScoInfo,
} from './types';
import { attr, child, children, parseXml, toRaw, type XmlElement } from './xml-tree';
import { decideScormVersion } from './scorm-version';
import { readResources, type ResourceEntry } from './read-resources';
import { readOrganization, type WalkContext } from './read-organizations';
import { escapesPackage, isAbsoluteUrl, launchFilePath } from './launch-path';
import { problem } from './problems';

const MAX_LISTED_MISSING = 5;

/** Far above real courses (the largest ADL sample has a few dozen items), far below harm. */
export const DEFAULT_MAX_ITEMS = 2000;

const REFUSAL_CODES = { entity: 'PACKAGE_MANIFEST_ENTITY', depth: 'PACKAGE_MANIFEST_TOO_DEEP' } as const;

export function parseManifest(xml: string, opts: ParseManifestOptions = {}): ManifestResult {
  const errors: PackageProblem[] = [];
  const warnings: PackageProblem[] = [];
  const parsed = parseXml(xml);
  if (!parsed.ok) {
    if (parsed.refusal)
      errors.push(problem(REFUSAL_CODES[parsed.refusal], `Das Manifest wird abgelehnt: ${parsed.reason}`));
    else errors.push(problem('PACKAGE_MANIFEST_MALFORMED', `Das Manifest ist kein gültiges XML: ${parsed.reason}`));
    return { ok: false, errors, warnings };
  }
  const root = parsed.root;
  if (root.kind !== 'cp' || root.name.toLowerCase() !== 'manifest') {
    errors.push(
      problem('PACKAGE_MANIFEST_MALFORMED', `Das Wurzelelement ist <${root.name}>, erwartet wird <manifest>.`),
    );
    return { ok: false, errors, warnings };
  }
  const maxItems = opts.maxItems ?? DEFAULT_MAX_ITEMS;
  const itemCount = countItems(root);
  if (itemCount > maxItems) {
    errors.push(
      problem(
        'PACKAGE_MANIFEST_TOO_MANY_ITEMS',
        `Das Manifest enthält ${itemCount} Einträge (<item>); erlaubt sind höchstens ${maxItems}.`,
        'organizations',
      ),
    );
    return { ok: false, errors, warnings };
  }

  let identifier = (attr(root, 'identifier') ?? '').trim();
  if (identifier === '') {
    identifier = 'manifest';
    warnings.push(problem('MANIFEST_IDENTIFIER_MISSING', 'Das Manifest hat keinen identifier.'));
  }
  const schemaVersion = child(child(root, 'cp', 'metadata'), 'cp', 'schemaversion')?.text || undefined;
  const decision = decideScormVersion(schemaVersion, parsed.namespaces);
  if (decision.warning) warnings.push(decision.warning);

  const resources = readResources(root, warnings);
  const collection = child(root, 'imsss', 'sequencingCollection');
  const ctx: WalkContext = {
    resources,
    version: decision.version,
    collection,
    fileExists: opts.fileExists,
    errors,
    warnings,
  };

  const organizationsEl = child(root, 'cp', 'organizations');
  const orgEls = children(organizationsEl, 'cp', 'organization');
  const organizations: OrganizationInfo[] = [];
  let scos: ScoInfo[] = [];
  let defaultOrganizationId = '';
  let titleMissing = false;

  if (orgEls.length === 0) {
    const synthesized = synthesizeOrganization(identifier, resources, ctx);
    if (!synthesized) {
      errors.push(
        problem(
          'PACKAGE_NO_ORGANIZATION',
          'Das Manifest enthält keine Organisation (Gliederung) und keine startbare Ressource.',
        ),
      );
      return { ok: false, errors, warnings };
    }
    organizations.push(synthesized.info);
    scos = synthesized.scos;
    defaultOrganizationId = synthesized.info.identifier;
  } else {
    const ids = orgEls.map((org, i) => {
      const id = (attr(org, 'identifier') ?? '').trim();
      if (id !== '') return id;
      warnings.push(
        problem(
          'MANIFEST_ORGANIZATION_ID_MISSING',
          `Die ${i + 1}. Organisation hat keinen identifier; sie heißt jetzt „ORG-${i + 1}“.`,
          `organization #${i + 1}`,
        ),
      );
      return `ORG-${i + 1}`;
    });
    const wanted = attr(organizationsEl, 'default')?.trim();
    let defaultIndex = wanted ? ids.indexOf(wanted) : 0;
    if (defaultIndex < 0) {
      defaultIndex = 0;
      warnings.push(
        problem(
          'MANIFEST_DEFAULT_ORG_MISMATCH',
          `Die Standard-Organisation „${wanted}“ gibt es nicht; die erste („${ids[0]}“) wird verwendet.`,
          'organizations',
        ),
      );
    }
    defaultOrganizationId = ids[defaultIndex];
    orgEls.forEach((org, i) => {
      const walked = readOrganization(org, ids[i], i === defaultIndex, ctx);
      organizations.push(walked.info);
      if (i === defaultIndex) scos = walked.scos;
    });
    titleMissing = !child(orgEls[defaultIndex], 'cp', 'title')?.text;
    // Only when nothing else explains it: an item with a broken reference is already reported.
    if (countLaunchable(organizations[defaultIndex].items) === 0 && errors.length === 0) {
      errors.push(
        problem(
          'PACKAGE_NO_SCO',
          `Die Organisation „${defaultOrganizationId}“ enthält keinen startbaren Eintrag (SCO oder Asset).`,
          `organization ${defaultOrganizationId}`,
        ),
      );
    }
  }

  checkListedFiles(resources, opts.fileExists, warnings);
  const defaultOrg = organizations.find((o) => o.identifier === defaultOrganizationId) as OrganizationInfo;
  if (titleMissing) {
    warnings.push(
      problem(
        'MANIFEST_TITLE_MISSING',
        `Die Organisation „${defaultOrganizationId}“ hat keinen Titel; der identifier des Manifests wird als Titel verwendet.`,
        `organization ${defaultOrganizationId}`,
      ),
    );
  }
  if (errors.length > 0) return { ok: false, errors, warnings };

  const manifest: ParsedManifest = {
    identifier,
    title: titleMissing ? identifier : defaultOrg.title,
    scormVersion: decision.version,
    defaultOrganizationId,
    organizations,
    resources: [...resources.values()].map((r) => r.info),
    scos,
    hasSequencing: decision.version !== '1.2' && (collection !== undefined || hasSequencingElement(root)),
    itemTree: defaultOrg.items,
  };
  if (schemaVersion !== undefined) manifest.schemaVersion = schemaVersion;
  if (collection) manifest.sequencingCollection = toRaw(collection);
  return { ok: true, manifest, warnings };
}

/** Every `<item>` anywhere (all organizations, any depth); counted before any is walked. */
function countItems(el: XmlElement): number {
  let n = 0;
  const stack = [el];
  while (stack.length) {
    const e = stack.pop() as XmlElement;
    if (e.kind === 'cp' && e.name.toLowerCase() === 'item') n += 1;
    stack.push(...e.children);
  }
  return n;
}

function countLaunchable(items: OrganizationInfo['items']): number {
  return items.reduce((n, item) => n + (item.kind === 'container' ? 0 : 1) + countLaunchable(item.children), 0);
}

function hasSequencingElement(el: XmlElement): boolean {
  return el.children.some((c) => (c.kind === 'imsss' && c.name === 'sequencing') || hasSequencingElement(c));
}

/**
 * A manifest with an empty `<organizations/>` but SCO resources (seen in Moodle's test packages)
 * still says what to launch: one item per SCO resource, in manifest order, as Moodle does.
 */
function synthesizeOrganization(identifier: string, resources: Map<string, ResourceEntry>, ctx: WalkContext) {
  const scoResources = [...resources.values()].filter((r) => r.info.scormType === 'sco' && r.info.href);
  if (scoResources.length === 0) return undefined;
  ctx.warnings.push(
    problem(
      'MANIFEST_NO_ORGANIZATION',
      'Das Manifest enthält keine Organisation; jede SCO-Ressource wird als eigener Eintrag angeboten.',
      'organizations',
    ),
  );
  const xmlItems = scoResources.map((r) => ({
    kind: 'cp' as const,
    uri: '',
    name: 'item',
    attrs: [
      { kind: 'none' as const, name: 'identifier', local: 'identifier', value: `ITEM-${r.info.identifier}` },
      { kind: 'none' as const, name: 'identifierref', local: 'identifierref', value: r.info.identifier },
    ],
    children: [],
    text: '',
  }));
  const org: XmlElement = { kind: 'cp', uri: '', name: 'organization', attrs: [], children: xmlItems, text: '' };
  const walked = readOrganization(org, `${identifier}-ORG`, true, ctx);
  walked.info.title = identifier;
  return walked;
}

/** Files listed in `<file href>` but absent are warnings: the launch file is what decides. */
function checkListedFiles(
  resources: Map<string, ResourceEntry>,
  fileExists: ParseManifestOptions['fileExists'],
  warnings: PackageProblem[],
): void {
  if (!fileExists) return;
  for (const { info } of resources.values()) {
    const missing = info.files
      .filter((f) => !isAbsoluteUrl(f))
      .map(launchFilePath)
      .filter((f) => escapesPackage(f) || !fileExists(f));
    if (missing.length === 0) continue;
    const shown = missing.slice(0, MAX_LISTED_MISSING).join(', ');
    const more = missing.length > MAX_LISTED_MISSING ? ` und ${missing.length - MAX_LISTED_MISSING} weitere` : '';
    warnings.push(
      problem(
        'MANIFEST_FILE_REFERENCE_MISSING',
        `Die Ressource „${info.identifier}“ nennt Dateien, die im Paket fehlen: ${shown}${more}.`,
        `resource ${info.identifier}`,
      ),
    );
  }
}
