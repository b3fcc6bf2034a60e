import { Decimal } from '../model/decimal.js';
import type { ParamKind } from './catalog.js';

export type ParamStatus = 'confirmed' | 'assumed';

/** One row of a tiered requirement (2017 model, DOMAIN §1.3). */
export interface RequirementTier {
  minFocusShare: Decimal;
  visitRequirementPerFte: Decimal;
  visitDeductionPerVisit: Decimal;
}

export type ParamValue = Decimal | string | string[] | RequirementTier[];

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
