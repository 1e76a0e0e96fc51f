/**
 * Walks `<organizations>` into item trees and, for the default organization, the ordered list of
 * launchable items. Problems that would stop a learner (a missing resource, no launch URL, a launch
 * file that is not in the package) are errors in the default organization and only warnings in the
 * others, because only the default organization is ever delivered.
 */
import type { ItemNode, OrganizationInfo, PackageProblem, ScoInfo, ScormEdition } from './types';
import type { ResourceEntry } from './read-resources';
import { attr, child, children, toRaw, type XmlElement } from './xml-tree';
import { appendParameters, escapesPackage, isAbsoluteUrl, isWebUrl, launchFilePath } from './launch-path';
import { readItemExtras } from './item-details';
import { problem } from './problems';

export interface WalkContext {
  resources: Map<string, ResourceEntry>;
  version: ScormEdition;
  collection: XmlElement | undefined;
  fileExists?: (relPath: string) => boolean;
  errors: PackageProblem[];
  warnings: PackageProblem[];
}

export interface WalkedOrganization {
  info: OrganizationInfo;
  scos: ScoInfo[];
}

function titleOf(el: XmlElement): string | undefined {
  const t = child(el, 'cp', 'title')?.text;
  return t && t !== '' ? t : undefined;
}

export function readOrganization(
  org: XmlElement,
  identifier: string,
  isDefault: boolean,
  ctx: WalkContext,
): WalkedOrganization {
  const scos: ScoInfo[] = [];
  const seenIds = new Set<string>();
  const report = (code: string, message: string, where: string): void => {
    if (isDefault) ctx.errors.push(problem(code, message, where));
    else
      ctx.warnings.push(
        problem(
          code.replace(/^PACKAGE_/, 'MANIFEST_'),
          `${message} (Nicht-Standard-Organisation „${identifier}“)`,
          where,
        ),
      );
  };
  let counter = 0;

  const walk = (el: XmlElement): ItemNode => {
    counter += 1;
    let itemId = (attr(el, 'identifier') ?? '').trim();
    if (itemId === '') {
      itemId = `${identifier}-ITEM-${counter}`;
      ctx.warnings.push(
        problem(
          'MANIFEST_ITEM_ID_MISSING',
          `Ein Eintrag hat keinen identifier; er heißt jetzt „${itemId}“.`,
          `item ${itemId}`,
        ),
      );
    }
    const where = `item ${itemId}`;
    if (seenIds.has(itemId)) {
      // Learner progress is stored per item identifier, so two items with one id would share it.
      report('PACKAGE_ITEM_ID_DUPLICATE', `Der identifier „${itemId}“ kommt mehrfach vor.`, where);
    }
    seenIds.add(itemId);
    const title = titleOf(el) ?? itemId;
    const isVisible = (attr(el, 'isvisible') ?? 'true').trim().toLowerCase() !== 'false';
    const kids = children(el, 'cp', 'item');
    const node: ItemNode = { identifier: itemId, title, kind: 'container', isVisible, children: [] };
    const ref = attr(el, 'identifierref')?.trim();

    if (ref) {
      const entry = ctx.resources.get(ref);
      if (!entry) {
        report(
          'PACKAGE_RESOURCE_MISSING',
          `Der Eintrag „${title}“ verweist auf die Ressource „${ref}“, die es im Manifest nicht gibt.`,
          where,
        );
      } else {
        node.kind = entry.info.scormType;
        node.resourceId = ref;
        if (kids.length > 0 && ctx.version !== '1.2') {
          ctx.warnings.push(
            problem(
              'MANIFEST_PARENT_ITEM_WITH_RESOURCE',
              `Der Eintrag „${title}“ hat Untereinträge und zugleich eine Ressource; SCORM 2004 erlaubt das nicht. Er wird trotzdem angeboten.`,
              where,
            ),
          );
        }
        if (isDefault && !entry.scormTypeStated) {
          ctx.warnings.push(
            problem(
              'MANIFEST_SCORMTYPE_MISSING',
              `Die Ressource „${ref}“ nennt keinen adlcp:scormType; sie wird als SCO behandelt.`,
              `resource ${ref}`,
            ),
          );
        }
        const sco = launchable(el, itemId, title, isVisible, entry, where, report, ctx);
        if (sco && isDefault) scos.push(sco);
      }
    }
    // Preorder: the item itself before its children, as the learner meets them in the table of contents.
    node.children = kids.map(walk);
    return node;
  };

  const items = children(org, 'cp', 'item').map(walk);
  const info: OrganizationInfo = { identifier, title: titleOf(org) ?? identifier, items };
  const sequencing = child(org, 'imsss', 'sequencing');
  if (sequencing) info.sequencing = toRaw(sequencing);
  return { info, scos };
}

function launchable(
  el: XmlElement,
  itemId: string,
  title: string,
  isVisible: boolean,
  entry: ResourceEntry,
  where: string,
  report: (code: string, message: string, where: string) => void,
  ctx: WalkContext,
): ScoInfo | undefined {
  const res = entry.info;
  if (!res.href) {
    report(
      'PACKAGE_LAUNCH_URL_MISSING',
      `Die Ressource „${res.identifier}“ von „${title}“ hat kein href; es gibt nichts zu starten.`,
      where,
    );
    return undefined;
  }
  if (isAbsoluteUrl(res.href)) {
    if (!isWebUrl(res.href)) {
      report(
        'PACKAGE_LAUNCH_URL_INVALID',
        `Die Startadresse „${res.href}“ von „${title}“ ist weder eine Datei im Paket noch eine http(s)-Adresse.`,
        where,
      );
      return undefined;
    }
    ctx.warnings.push(
      problem(
        'MANIFEST_EXTERNAL_LAUNCH',
        `„${title}“ startet eine externe Adresse (${res.href}); sie liegt nicht im Paket.`,
        where,
      ),
    );
  } else {
    const file = launchFilePath(res.href);
    if (escapesPackage(file)) {
      report(
        'PACKAGE_LAUNCH_FILE_MISSING',
        `Die Startdatei „${res.href}“ von „${title}“ liegt außerhalb des Pakets.`,
        where,
      );
      return undefined;
    }
    if (ctx.fileExists && !ctx.fileExists(file)) {
      report('PACKAGE_LAUNCH_FILE_MISSING', `Die Startdatei „${file}“ von „${title}“ fehlt im Paket.`, where);
    }
  }
  const sco: ScoInfo = {
    itemId,
    resourceId: res.identifier,
    title,
    launchPath: appendParameters(res.href, attr(el, 'parameters')),
    scormType: res.scormType,
    isVisible,
    ...readItemExtras(el, where, ctx.collection, ctx.warnings),
  };
  return sco;
}
