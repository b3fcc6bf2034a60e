import { Decimal } from '../model/decimal.js';
import type { ParamKind } from './catalog.js';

type ParamStatus = 'confirmed' | 'assumed';

/** One row of a tiered requirement (2017 model, DOMAIN §1.3). */
export interface RequirementTier {
  minFocusShare: Decimal;
  visitRequirementPerFte: Decimal;
  visitDeductionPerVisit: Decimal;
}

export type Sex = 'female' | 'male';

/** One row of an age/sex weight table: ages age_from..age_to (inclusive; null = no upper bound). */
export interface AgeWeight {
  sex: Sex;
  ageFrom: number;
  ageTo: number | null;
  weight: Decimal;
}

/** A weight table that covers every age once per sex (checked when it is read). */
export class AgeWeightTable {
  constructor(readonly rows: readonly AgeWeight[]) {}
  /** the weight of an age (whole years) and sex */
  weightOf(sex: Sex, age: number): Decimal {
    for (const r of this.rows) if (r.sex === sex && age >= r.ageFrom && (r.ageTo === null || age <= r.ageTo)) return r.weight;
    throw new Error(`no weight for ${sex} aged ${age}`);
  }
  toString(): string {
    return this.rows.map((r) => `${r.sex} ${r.ageFrom}-${r.ageTo ?? ''}:${r.weight.toString()}`).join(' ');
  }
}

/** Decimals by name (a municipality as written in the register). */
export class NamedAmounts {
  constructor(readonly entries: ReadonlyMap<string, Decimal>) {}
  get(name: string): Decimal | undefined {
    return this.entries.get(name);
  }
  toString(): string {
    return [...this.entries].map(([k, v]) => `${k}=${v.toString()}`).join(', ');
  }
}

export type ParamValue = Decimal | string | string[] | RequirementTier[] | AgeWeightTable | NamedAmounts;

export interface ParamOrigin {
  kind: 'file' | 'set' | 'scenario';
  /** Rule or scenario file the value comes from. */
  file?: string;
  line?: number;
}

export interface Param {
  name: string;
  kind: ParamKind;
  value: ParamValue;
  unit: string;
  source: string;
  status: ParamStatus;
  note?: string;
  origin: ParamOrigin;
}

export interface Override {
  name: string;
  /** The value as the user wrote it. */
  raw: string;
  /** Value in force before the override (rendered), for the record. */
  previous: string;
  origin: ParamOrigin;
  source: string;
  status: ParamStatus;
}

export interface RuleSet {
  id: string;
  year: number;
  title: string;
  document: string;
  file: string;
  sha256: string;
  params: ReadonlyMap<string, Param>;
  overrides: readonly Override[];
  scenarios: readonly { file: string; id: string; description: string; sha256: string }[];
}

export class RuleError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    readonly path: string | undefined,
    readonly problem: string,
  ) {
    super(`${file}${line ? `:${line}` : ''}: ${path ? `${path}: ` : ''}${problem}`);
    this.name = 'RuleError';
  }
}

export function renderValue(v: ParamValue): string {
  if (v instanceof Decimal) return v.toString();
  if (typeof v === 'string') return v;
  if (v instanceof AgeWeightTable || v instanceof NamedAmounts) return v.toString();
  if (v.length === 0) return '[]';
  if (typeof v[0] === 'string') return (v as string[]).join(',');
  return (v as RequirementTier[])
    .map((t) => `${t.minFocusShare.toString()}:${t.visitRequirementPerFte.toString()}/${t.visitDeductionPerVisit.toString()}`)
    .join(' ');
}

/**
 * Reads parameters for the calculation core and remembers which were read, so every figure
 * can name the parameters (and the assumed ones) it depends on.
 */
export class ParamReader {
  private readonly read = new Set<string>();
  constructor(readonly rules: RuleSet) {}

  private get(name: string): Param {
    const p = this.rules.params.get(name);
    if (!p) throw new Error(`rule parameter ${name} is not defined in ${this.rules.file}`);
    this.read.add(name);
    return p;
  }
  has(name: string): boolean {
    return this.rules.params.has(name);
  }
  decimal(name: string): Decimal {
    const v = this.get(name).value;
    if (!(v instanceof Decimal)) throw new Error(`rule parameter ${name} is not a number`);
    return v;
  }
  codes(name: string): string[] {
    const v = this.get(name).value;
    if (!Array.isArray(v) || (v.length > 0 && typeof v[0] !== 'string')) throw new Error(`rule parameter ${name} is not a code list`);
    return v as string[];
  }
  code(name: string): string {
    const v = this.get(name).value;
    if (typeof v !== 'string') throw new Error(`rule parameter ${name} is not a code`);
    return v;
  }
  tiers(name: string): RequirementTier[] {
    const v = this.get(name).value;
    if (!Array.isArray(v) || (v.length > 0 && typeof v[0] === 'string')) throw new Error(`rule parameter ${name} is not a tier table`);
    return v as RequirementTier[];
  }
  ageWeights(name: string): AgeWeightTable {
    const v = this.get(name).value;
    if (!(v instanceof AgeWeightTable)) throw new Error(`rule parameter ${name} is not an age weight table`);
    return v;
  }
  named(name: string): NamedAmounts {
    const v = this.get(name).value;
    if (!(v instanceof NamedAmounts)) throw new Error(`rule parameter ${name} is not a table by name`);
    return v;
  }
  param(name: string): Param {
    return this.get(name);
  }
  /** Names read since the last `take()`, sorted; resets the record. */
  take(): string[] {
    const names = [...this.read].sort();
    this.read.clear();
    return names;
  }
}
