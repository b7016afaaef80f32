/**
 * What the server tells every page's script when it serves it (src/server/browser-bundle.ts puts
 * `hamdelSettings` in front of the script): the digits each language's readers get (DIGITS_FA,
 * DIGITS_AR). A script loaded without them (a unit test) gets the defaults.
 */
import { readDigitPolicy, type DigitPolicy } from '../../src/language/digits.ts';

declare const hamdelSettings: { readonly digits?: unknown } | undefined;

function given(): { readonly digits?: unknown } {
  return typeof hamdelSettings === 'object' && hamdelSettings !== null ? hamdelSettings : {};
}

/** The digit policy of this installation, the same the server writes its messages with. */
export const DIGITS: DigitPolicy = readDigitPolicy(given().digits);
