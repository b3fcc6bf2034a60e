import type { Decimal } from '../../model/decimal.js';
import { svChange, svKronor, svNumber } from './format.js';

/** Text from inputs (clinic names, file names, sources) made safe for HTML text and attributes. */
export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * An amount: tabular digits, a minus sign when negative, and red when a negative is news (a net,
 * a change); `plain` for amounts that are subtracted by nature (fees, deductions).
 */
export function money(x: Decimal, opts: { change?: boolean; plain?: boolean; bare?: boolean } = {}): string {
  // bare: without "kr", in a table whose heading says "kronor"
  const text = opts.bare ? svNumber(x, 2) : opts.change ? svChange(x) : svKronor(x);
  return `<span class="amount${opts.bare ? ' bare' : ''}${!opts.plain && x.isNegative() && !x.isZero() ? ' neg' : ''}">${text}</span>`;
}

/** The anchor of a unit's specification. */
export function unitAnchor(id: string): string {
  return `unit-${id}`;
}
