/**
 * Debian's chromium for browser tests, driven by playwright-core (no browser download): the flags this
 * closed network needs, and the skip reason when chromium is not installed (`.ci/run` installs it).
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

/** false when chromium is there, else the message a skipped test shows. */
export const skipWithoutChromium: false | string = existsSync(CHROMIUM)
  ? false
  : `no ${CHROMIUM}: install Debian's chromium (.ci/run does)`;

/** Starts headless chromium. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
