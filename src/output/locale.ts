/**
 * Amounts for a reader: `--locale sv` writes 1 206 754,84 (digits grouped by a no-break space
 * U+00A0, decimal comma), `en` the machine form 1206754.84 as before. Formatted from the exact
 * decimal string, not with Intl: the output must not depend on the ICU data of the machine, and
 * a number never passes through a double on its way to the screen. CSV and JSON are not affected.
 */
export type Locale = 'en' | 'sv';
export const LOCALES: readonly Locale[] = ['en', 'sv'];

/** No-break space (U+00A0): what Swedish Excel and ICU's sv-SE group with; every terminal font has it. */
const GROUP = '\u00a0';

/** A number in machine form ("-1206754.84", "1500", "0.5") for a reader of `locale`; other text unchanged. */
export function formatNumber(machine: string, locale: Locale): string {
  if (locale === 'en') return machine;
  const m = /^([+-]?)(\d+)(?:\.(\d+))?$/.exec(machine);
  if (!m) return machine;
  const [, sign, int, frac] = m;
  const grouped = int!.replace(/\B(?=(\d{3})+$)/g, GROUP);
  return `${sign}${grouped}${frac === undefined ? '' : `,${frac}`}`;
}

/** An amount in a message: "1 206 754,84 kr" (sv) or "1206754.84 kr" (en). */
export function formatKronor(machine: string, locale: Locale): string {
  return `${formatNumber(machine, locale)} kr`;
}
