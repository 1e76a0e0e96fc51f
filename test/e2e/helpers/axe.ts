/**
 * axe-core (through @axe-core/playwright) against the page as the browser shows it: WCAG 2.1 A and AA
 * rules only. Serious and critical findings fail the test; moderate and minor ones are returned so a
 * caller can list them (A11Y_REPORT=<file> writes them out for people to read).
 */
import fs from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';

export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export interface Finding {
  rule: string;
  impact: string;
  help: string;
  targets: string[];
}

export interface AxeOptions {
  /** CSS selectors left out of the scan. */
  exclude?: string[];
  /** Leaves the content of iframes out (the SCO is the package author's page, not ours); the iframe
   * element itself, its title included, is still checked. */
  skipFrameContent?: boolean;
}

export async function scan(page: Page, opts: AxeOptions = {}): Promise<Finding[]> {
  let builder = new AxeBuilder({ page }).withTags(WCAG_TAGS);
  for (const selector of opts.exclude ?? []) builder = builder.exclude(selector);
  if (opts.skipFrameContent) builder = builder.options({ iframes: false });
  const result = await builder.analyze();
  return result.violations.map((v) => ({
    rule: v.id,
    impact: v.impact ?? 'unknown',
    help: v.help,
    targets: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')}${contrastOf(n.any[0]?.data)}`),
  }));
}

/** For colour contrast, the colours and ratio axe measured: what a fix needs to know. */
function contrastOf(data: unknown): string {
  const d = data as { fgColor?: string; bgColor?: string; contrastRatio?: number } | null;
  return d?.fgColor ? ` (${d.fgColor} on ${d.bgColor}: ${d.contrastRatio})` : '';
}

export const isBlocking = (f: Finding) => f.impact === 'serious' || f.impact === 'critical';

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
