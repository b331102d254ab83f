// One definition of how this project starts Debian's Firefox ESR for tests:
// stock Firefox driven over WebDriver BiDi by puppeteer-core (Playwright's
// Firefox needs its own patched build, which cannot be installed offline).
import puppeteer, { type Browser } from 'puppeteer-core';

/** The browser binary: Debian's Firefox ESR unless AIR_FIREFOX says otherwise (never a downloaded browser). */
export const FIREFOX_PATH = process.env['AIR_FIREFOX'] ?? '/usr/bin/firefox-esr';

/**
 * Preferences for a test profile: fake camera and microphone without a
 * permission prompt, media that may play without a user gesture, and no
 * background connections on a closed network. Firefox's fake camera is a
 * synthetic picture (it cannot play a file); its fake microphone a 1 kHz tone.
 */
export const FIREFOX_TEST_PREFS: Readonly<Record<string, unknown>> = {
  'media.navigator.streams.fake': true,
  'media.navigator.permission.disabled': true,
  'media.autoplay.default': 0,
  'media.autoplay.blocking_policy': 0,
  'app.update.enabled': false,
  'browser.safebrowsing.malware.enabled': false,
  'browser.safebrowsing.phishing.enabled': false,
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'toolkit.telemetry.enabled': false,
};

/**
 * Starts headless Firefox with a fresh temporary profile (puppeteer creates
 * and removes one per launch) and the test preferences, plus `prefs`.
 */
export function launchFirefox(prefs: Readonly<Record<string, unknown>> = {}): Promise<Browser> {
  return puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX_PATH,
    headless: true,
    extraPrefsFirefox: { ...FIREFOX_TEST_PREFS, ...prefs },
  });
}
