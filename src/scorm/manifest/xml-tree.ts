/**
 * A tiny namespace-aware element tree over fast-xml-parser. Manifests use any prefix for the same
 * namespace (`adlcp:`, `imscp:`, none, odd ones), so elements are matched by what their namespace
 * URI means, never by prefix text — except when a prefix is not declared at all, where the prefix
 * is the only hint left.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { RawXml } from './types';

/** What a namespace means for SCORM. `cp` also covers elements in no namespace. */
export type NsKind = 'cp' | 'adlcp' | 'imsss' | 'adlnav' | 'adlseq' | 'xml' | 'other';

export interface XmlAttr {
  kind: NsKind | 'none';
  /** Local name as written. */
  name: string;
  /** Lower-cased local name for lookups: SCORM 1.2 writes `scormtype`, 2004 `scormType`. */
  local: string;
  value: string;
}

export interface XmlElement {
  kind: NsKind;
  uri: string;
  /** Local name as written. */
  name: string;
  attrs: XmlAttr[];
  children: XmlElement[];
  text: string;
}

const XML_NS = 'http://www.w3.org/XML/1998/namespace';

export function classifyNamespace(uri: string): NsKind {
  const u = uri.toLowerCase();
  if (u === '' || u.includes('imscp') || u.includes('imsproject.org/xsd/ims_cp')) return 'cp';
  if (u.includes('adlcp')) return 'adlcp';
  if (u.includes('imsss')) return 'imsss';
  if (u.includes('adlnav')) return 'adlnav';
  if (u.includes('adlseq')) return 'adlseq';
  if (u === XML_NS) return 'xml';
  return 'other';
}

/** Fallback for undeclared prefixes. */
function kindFromPrefix(prefix: string): NsKind {
  const p = prefix.toLowerCase();
  if (p === 'xml') return 'xml';
  for (const k of ['adlcp', 'imsss', 'adlnav', 'adlseq'] as const) if (p.startsWith(k)) return k;
  if (p.startsWith('imscp') || p === 'cp') return 'cp';
  return 'other';
}

type Scope = Map<string, string>;
type OrderedNode = Record<string, unknown>;

/**
 * Deepest element nesting accepted. Real manifests nest items a handful of levels, sequencing rules
 * a few more; the tree below is built recursively, so a hostile depth must stop in the parser.
 */
export const MAX_XML_DEPTH = 100;

const parser = new XMLParser({
  maxNestedTags: MAX_XML_DEPTH,
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  commentPropName: false,
});

function splitName(qname: string): [prefix: string, local: string] {
  const i = qname.indexOf(':');
  return i < 0 ? ['', qname] : [qname.slice(0, i), qname.slice(i + 1)];
}

function resolveKind(prefix: string, scope: Scope): { kind: NsKind; uri: string } {
  if (prefix === 'xml') return { kind: 'xml', uri: XML_NS };
  const uri = scope.get(prefix);
  if (uri !== undefined) return { kind: classifyNamespace(uri), uri };
  return { kind: prefix === '' ? 'cp' : kindFromPrefix(prefix), uri: '' };
}

function build(qname: string, node: OrderedNode, parentScope: Scope, uris: Set<string>): XmlElement {
  const rawAttrs = (node[':@'] ?? {}) as Record<string, string>;
  const scope = new Map(parentScope);
  for (const [name, value] of Object.entries(rawAttrs)) {
    if (name === 'xmlns') scope.set('', String(value).trim());
    else if (name.startsWith('xmlns:')) scope.set(name.slice(6), String(value).trim());
    if (name === 'xmlns' || name.startsWith('xmlns:')) uris.add(String(value).trim());
  }
  const [prefix, local] = splitName(qname);
  const { kind, uri } = resolveKind(prefix, scope);
  const attrs: XmlAttr[] = [];
  for (const [name, value] of Object.entries(rawAttrs)) {
    if (name === 'xmlns' || name.startsWith('xmlns:')) continue;
    const [ap, al] = splitName(name);
    // Unprefixed attributes belong to no namespace (XML Namespaces 1.0, section 6.2).
    const akind = ap === '' ? 'none' : resolveKind(ap, scope).kind;
    attrs.push({ kind: akind, name: al, local: al.toLowerCase(), value: String(value) });
  }
  const children: XmlElement[] = [];
  const texts: string[] = [];
  for (const child of (node[qname] ?? []) as OrderedNode[]) {
    const childName = Object.keys(child).find((k) => k !== ':@');
    if (childName === undefined) continue;
    if (childName === '#text') texts.push(String(child['#text']));
    else if (childName === '__cdata') texts.push(cdataText(child['__cdata']));
    else children.push(build(childName, child, scope, uris));
  }
  return { kind, uri, name: local, attrs, children, text: texts.join('').trim() };
}

function cdataText(value: unknown): string {
  if (Array.isArray(value)) return value.map((v) => String((v as OrderedNode)['#text'] ?? '')).join('');
  return String(value ?? '');
}

export type XmlParseOutcome =
  | { ok: true; root: XmlElement; /** every namespace URI declared anywhere */ namespaces: string[] }
  | { ok: false; reason: string; /** why, when it is more than broken XML */ refusal?: 'entity' | 'depth' };

/** `<!ENTITY` inside a DOCTYPE: external entities (XXE) and entity expansion have no place in a manifest. */
const ENTITY_DECLARATION = /<!DOCTYPE[^[>]*\[[\s\S]*?<!ENTITY/i;

/** Checks well-formedness first: fast-xml-parser alone would silently accept broken XML. */
export function parseXml(xml: string): XmlParseOutcome {
  const text = xml.replace(/^\uFEFF/, '');
  if (ENTITY_DECLARATION.test(text))
    return {
      ok: false,
      reason: 'Das Manifest deklariert eigene XML-Entitäten (DOCTYPE mit ENTITY).',
      refusal: 'entity',
    };
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    const line = valid.err.line ? ` (Zeile ${valid.err.line})` : '';
    return { ok: false, reason: `${valid.err.msg}${line}` };
  }
  let doc: OrderedNode[];
  try {
    doc = parser.parse(text) as OrderedNode[];
  } catch (err) {
    // The parser throws on what it refuses (nesting too deep, entity limits): input, not a server fault.
    const msg = err instanceof Error ? err.message : String(err);
    if (/nested/i.test(msg))
      return { ok: false, reason: `Elemente sind tiefer als ${MAX_XML_DEPTH} Ebenen verschachtelt.`, refusal: 'depth' };
    if (/entit/i.test(msg)) return { ok: false, reason: msg, refusal: 'entity' };
    return { ok: false, reason: msg };
  }
  const top = doc.find((n) => Object.keys(n).some((k) => k !== ':@' && !k.startsWith('#') && !k.startsWith('?')));
  if (!top) return { ok: false, reason: 'Kein Wurzelelement gefunden.' };
  const name = Object.keys(top).find((k) => k !== ':@') as string;
  const uris = new Set<string>();
  const root = build(name, top, new Map(), uris);
  return { ok: true, root, namespaces: [...uris] };
}

/** Child elements of a given namespace kind and local name (case-insensitive). */
export function children(el: XmlElement | undefined, kind: NsKind, local: string): XmlElement[] {
  if (!el) return [];
  const want = local.toLowerCase();
  return el.children.filter((c) => c.kind === kind && c.name.toLowerCase() === want);
}

export function child(el: XmlElement | undefined, kind: NsKind, local: string): XmlElement | undefined {
  return children(el, kind, local)[0];
}

/**
 * An attribute by lower-cased local name. `kind` 'none' = unprefixed; SCORM extension attributes
 * (adlcp:scormType) are looked up with their namespace kind.
 */
export function attr(el: XmlElement | undefined, local: string, kind: XmlAttr['kind'] = 'none'): string | undefined {
  if (!el) return undefined;
  const want = local.toLowerCase();
  return el.attrs.find((a) => a.local === want && a.kind === kind)?.value;
}

/** Strips namespaces into plain JSON for consumers outside the parser. */
export function toRaw(el: XmlElement): RawXml {
  const attributes: Record<string, string> = {};
  for (const a of el.attrs) attributes[a.name] = a.value;
  const raw: RawXml = { name: el.name, attributes, children: el.children.map(toRaw) };
  if (el.text !== '') raw.text = el.text;
  return raw;
}
