import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

/** What a report looks like in the real browser (Debian's chromium, headless), opened from disk. */
export interface OpenedReport {
  /** Console errors and page errors, and any request that left the file (the page must need none). */
  problems: string[];
  count(selector: string): Promise<number>;
  close(): Promise<void>;
}

/** `screenshot`: where to keep what the browser shows (the whole page, or with `firstScreen` its top only). */
export async function openReport(file: string, screenshot?: string, options: { firstScreen?: boolean } = {}): Promise<OpenedReport> {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
  const problems: string[] = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('console', (m) => void (m.type() === 'error' && problems.push(`console: ${m.text()}`)));
    page.on('pageerror', (e) => void problems.push(`page error: ${e.message}`));
    page.on('request', (r) => void (!r.url().startsWith('file:') && !r.url().startsWith('data:') && problems.push(`request: ${r.url()}`)));
    await page.goto(pathToFileURL(file).href);
    if (screenshot) await page.screenshot({ path: screenshot, fullPage: !options.firstScreen });
    return { problems, count: (selector) => page.locator(selector).count(), close: () => browser.close() };
  } catch (error) {
    await browser.close();
    throw error;
  }
}
