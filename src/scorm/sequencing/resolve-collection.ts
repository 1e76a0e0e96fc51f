/**
 * `IDRef` on an `imsss:sequencing` names an entry of `imsss:sequencingCollection`. The CAM says the
 * item's own sequencing overrides the referenced one; we apply that per child element: an element the
 * item states (e.g. its own `sequencingRules`) replaces the collection's element of that kind, elements
 * only the collection states are taken over. The golf samples rely on exactly this: a shared
 * `rollupRules`/`deliveryControls` plus per-item `sequencingRules` and `objectives`.
 */
import type { RawXml } from '../manifest';
import { attrOf, kids } from './raw-xml';

/**
 * `imsss:objectives` and `adlseq:objectives` both arrive as `objectives` once prefixes are gone;
 * the IMS one always holds a `primaryObjective` (schema), the ADL extension never does.
 */
export function elementKind(el: RawXml): string {
  const name = el.name.toLowerCase();
  if (name === 'objectives') return kids(el, 'primaryObjective').length > 0 ? 'objectives' : 'adlseq:objectives';
  return name;
}

export function findCollectionEntry(collection: RawXml | undefined, id: string): RawXml | undefined {
  return kids(collection, 'sequencing').find((s) => attrOf(s, 'ID') === id);
}

export interface ResolvedSequencing {
  sequencing: RawXml | undefined;
  /** An IDRef that names no collection entry: the package is broken there; we keep the item's own part. */
  missingRef?: string;
}

export function resolveIdRef(sequencing: RawXml | undefined, collection: RawXml | undefined): ResolvedSequencing {
  if (!sequencing) return { sequencing: undefined };
  const ref = attrOf(sequencing, 'IDRef');
  if (!ref) return { sequencing };
  const shared = findCollectionEntry(collection, ref);
  if (!shared) return { sequencing, missingRef: ref };
  const own = new Set(sequencing.children.map(elementKind));
  const inherited = shared.children.filter((c) => !own.has(elementKind(c)));
  // Attributes such as adlseq:objectivesGlobalToSystem are not inherited: they only exist on organizations.
  return { sequencing: { ...sequencing, children: [...inherited, ...sequencing.children] } };
}
