import { monthKey } from '../model/period.js';
import type { Period } from '../model/types.js';
import type { RuleSet } from '../rules/ruleset.js';
import type { PeriodJson, RulesHeaderJson } from './json-schemas.js';
import { displayPath } from './report.js';

/**
 * The one header of every JSON document a run writes (calc, explain, payout, compare): which
 * rules, with which overlays, over which period. Built here once so the documents agree.
 */
export function rulesJson(rules: RuleSet): RulesHeaderJson {
  return {
    id: rules.id,
    year: rules.year,
    title: rules.title,
    document: rules.document,
    file: displayPath(rules.file),
    sha256: rules.sha256,
    overrides: rules.overrides.map((o) => ({
      name: o.name,
      value: o.raw,
      previous: o.previous,
      origin: o.origin.kind,
      file: o.origin.file ? displayPath(o.origin.file) : null,
      source: o.source,
      status: o.status,
    })),
    scenarios: rules.scenarios.map((s) => ({ ...s, file: displayPath(s.file) })),
  };
}

export function periodJson(period: Period): PeriodJson {
  return {
    from: monthKey(period.year, period.fromMonth),
    to: monthKey(period.year, period.toMonth),
    whole_year: period.fromMonth === 1 && period.toMonth === 12,
  };
}
