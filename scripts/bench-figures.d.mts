// Types of the paired benchmark's pure helpers (bench-figures.mjs), for the unit test.
export interface CountingCodes {
  weights: Record<string, string>;
  countedStatuses: string[];
  countedProfessions: string[];
  allStatuses: string[];
  allProfessions: string[];
  homeCounty: string;
}
export interface Figures {
  counted_contacts: bigint;
  visits_counted: bigint;
  unique_patients: bigint;
  patient_fees: bigint;
}
export function countingCodes(rules: unknown, profile: unknown): CountingCodes;
export function scaled(text: string, scale?: number): bigint;
export const FIGURES: readonly (keyof Figures)[];
export function vardvalFigures(json: unknown): Map<string, Figures>;
export function duckdbFigures(rows: readonly Record<string, string>[]): Map<string, Figures>;
export function differences(a: Map<string, Figures>, b: Map<string, Figures>, nameA?: string, nameB?: string): string[];
export function median(xs: readonly number[]): number;
