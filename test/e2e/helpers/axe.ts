/**
 * axe-core (through @axe-core/playwright) against the page as the browser shows it. Serious and
 * critical findings of the WCAG 2.1 A/AA rules fail the test; moderate and minor ones, and axe's
 * best-practice rules (landmarks, heading order …), are returned so a caller can list them
 * (A11Y_REPORT=<file> writes them out for people to read).
 */
import fs from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import type { Frame, Page } from 'playwright-core';

export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export interface Finding {
  rule: string;
  impact: string;
  /** One of WCAG 2.1 A/AA (counts for the goal) or only axe's best practice. */
  wcag: boolean;
  help: string;
  targets: string[];
}

export interface AxeOptions {
  /** Leaves the content of iframes out (the SCO is the package author's page, not ours); the iframe
   * element itself, its title included, is still checked. */
  skipFrameContent?: boolean;
}

export async function scan(page: Page, opts: AxeOptions = {}): Promise<Finding[]> {
  // resultTypes: only violations get their full node details, which makes a scan markedly cheaper.
  const builder = new AxeBuilder({ page })
    .withTags([...WCAG_TAGS, 'best-practice'])
    .options({ resultTypes: ['violations'], ...(opts.skipFrameContent ? { iframes: false } : {}) });
  const result = await builder.analyze();
  // @axe-core/playwright still walks into frames it can reach; a node inside a frame has a target with
  // one selector per frame level, so with skipFrameContent only our own page's nodes (one level) count.
  const violations = opts.skipFrameContent
    ? result.violations
        .map((v) => ({ ...v, nodes: v.nodes.filter((n) => n.target.length === 1) }))
        .filter((v) => v.nodes.length > 0)
    : result.violations;
  return violations.map((v) => ({
    rule: v.id,
    impact: v.impact ?? 'unknown',
    wcag: v.tags.some((t) => WCAG_TAGS.includes(t)),
    help: v.help,
    targets: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')}${contrastOf(n.any[0]?.data)}`),
  }));
}

/**
 * axe-core run inside one frame — for package content, which sits two sandboxed, cross-origin frames
 * below the player page where AxeBuilder does not reach (a test shows it: an image without alt put
 * into the course frame went unseen). The same rules and tags as `scan`.
 */
export async function scanFrame(frame: Frame): Promise<Finding[]> {
  if (!(await frame.evaluate(() => 'axe' in window))) await frame.evaluate(axeSource());
  const violations = (await frame.evaluate(
    (tags) =>
      (
        window as unknown as {
          axe: { run(ctx: Document, o: unknown): Promise<{ violations: unknown[] }> };
        }
      ).axe
        .run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] })
        .then((r) => r.violations),
    [...WCAG_TAGS, 'best-practice'],
  )) as AxeViolation[];
  return violations.map((v) => ({
    rule: v.id,
    impact: v.impact ?? 'unknown',
    wcag: v.tags.some((t) => WCAG_TAGS.includes(t)),
    help: v.help,
    targets: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')}${contrastOf(n.any[0]?.data)}`),
  }));
}

interface AxeViolation {
  id: string;
  impact?: string | null;
  tags: string[];
  help: string;
  nodes: { target: string[]; any: { data?: unknown }[] }[];
}

let axeScript: string | undefined;
function axeSource(): string {
  axeScript ??= fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  return axeScript;
}

/** For colour contrast, the colours and ratio axe measured: what a fix needs to know. */
function contrastOf(data: unknown): string {
  const d = data as { fgColor?: string; bgColor?: string; contrastRatio?: number } | null;
  return d?.fgColor ? ` (${d.fgColor} on ${d.bgColor}: ${d.contrastRatio})` : '';
}

export const isBlocking = (f: Finding) => f.wcag && (f.impact === 'serious' || f.impact === 'critical');

/** Collects the non-blocking findings per page; written to A11Y_REPORT when that is set. */
export class FindingLog {
  private readonly entries: { page: string; findings: Finding[] }[] = [];

  add(page: string, findings: Finding[]): void {
    const rest = findings.filter((f) => !isBlocking(f));
    if (rest.length) this.entries.push({ page, findings: rest });
  }

  write(): void {
    const file = process.env.A11Y_REPORT;
    if (file) fs.writeFileSync(file, JSON.stringify(this.entries, null, 2));
  }
}
