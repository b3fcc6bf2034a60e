import { Decimal } from '../model/decimal.js';
import { CATALOG } from './catalog.js';
import { AgeWeightTable, NamedAmounts, renderValue, type Param, type ParamValue, type RequirementTier, type RuleSet } from './ruleset.js';

/**
 * Parameter-by-parameter difference of two rule sets (e.g. FFU 2025 → 2026, or a year and a
 * scenario on it). A value change is `changed`; the same value with another status (assumed →
 * confirmed) is `status`; a parameter only on one side is `added` or `removed`. A new source
 * alone is `unchanged`: sources are rewritten every year.
 */
type ChangeKind = 'added' | 'removed' | 'changed' | 'status' | 'unchanged';

export interface ParamChange {
  name: string;
  change: ChangeKind;
  old: Param | null;
  new: Param | null;
}

function isTiers(v: ParamValue): v is RequirementTier[] {
  return Array.isArray(v) && v.length > 0 && typeof v[0] !== 'string';
}

/** Equal values: decimals by value (0.20 = 0.2), code lists as sets, tier tables row by row. */
function sameValue(a: ParamValue, b: ParamValue): boolean {
  // tables by sex/age and by name: equal when their canonical renderings are (decimals normalised)
  if (a instanceof AgeWeightTable || b instanceof AgeWeightTable || a instanceof NamedAmounts || b instanceof NamedAmounts)
    return renderValue(a) === renderValue(b);
  if (a instanceof Decimal || b instanceof Decimal) return a instanceof Decimal && b instanceof Decimal && a.equals(b);
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  if (isTiers(a) || isTiers(b)) {
    if (!isTiers(a) || !isTiers(b) || a.length !== b.length) return false;
    return a.every((t, i) => {
      const u = b[i]!;
      return (
        t.minFocusShare.equals(u.minFocusShare) &&
        t.visitRequirementPerFte.equals(u.visitRequirementPerFte) &&
        t.visitDeductionPerVisit.equals(u.visitDeductionPerVisit)
      );
    });
  }
  const x = [...(a as string[])].sort();
  const y = [...(b as string[])].sort();
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

/** Catalogue order first (the order a reader knows from the README), then any others by name. */
function order(names: Iterable<string>): string[] {
  const catalog = Object.keys(CATALOG);
  const rank = (n: string): number => (catalog.includes(n) ? catalog.indexOf(n) : catalog.length);
  return [...new Set(names)].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

export function diffRules(from: RuleSet, to: RuleSet): ParamChange[] {
  return order([...from.params.keys(), ...to.params.keys()]).map((name) => {
    const o = from.params.get(name) ?? null;
    const n = to.params.get(name) ?? null;
    const change: ChangeKind = !o ? 'added' : !n ? 'removed' : !sameValue(o.value, n.value) ? 'changed' : o.status !== n.status ? 'status' : 'unchanged';
    return { name, change, old: o, new: n };
  });
}

/** A value for people: like renderValue, with a tier table spelled out row by row. */
export function displayValue(v: ParamValue): string {
  if (!isTiers(v)) return renderValue(v);
  return v
    .map((t) => `share ≥ ${t.minFocusShare.toString()}: ${t.visitRequirementPerFte.toString()} visits/FTE, ${t.visitDeductionPerVisit.toString()} kr/visit`)
    .join('; ');
}

export function rendered(p: Param | null): string {
  return p ? displayValue(p.value) : '';
}
