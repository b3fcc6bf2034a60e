import type { FigureSpec, Model } from './model.js';
import { physioModel } from './physio.js';
import { vardcentralModel } from './vardcentral.js';
import type { Vardval } from './types.js';

/**
 * The vårdval models, registered once. Every command and renderer reads this list; adding a
 * model (chapter 8: BVC, BMM, family centre, youth clinic) is a module here, a rule section
 * and a profile. The order is the order of their columns and tables: columns of later models
 * are appended, so stored baselines of earlier ones stay comparable.
 */
export const MODELS: readonly Model[] = [physioModel, vardcentralModel];

export function modelFor(vardval: Vardval): Model | undefined {
  return MODELS.find((m) => m.vardval === vardval);
}

/** The figure spec of a name (the first model that declares it: models share sal, vat_compensation, net_payment). */
export function figureSpec(name: string): FigureSpec | undefined {
  for (const m of MODELS) {
    const f = m.figures.find((x) => x.name === name);
    if (f) return f;
  }
  return undefined;
}

/** Month figures of all models, each name once, in registry order. */
export function monthFigures(): FigureSpec[] {
  const seen = new Set<string>();
  const out: FigureSpec[] = [];
  for (const m of MODELS)
    for (const f of m.figures)
      if (f.scope === 'month' && !seen.has(f.name)) {
        seen.add(f.name);
        out.push(f);
      }
  return out;
}

/** Figures compared by `compare`, each name once: period figures, then month figures (summed). */
export function comparedFigures(): FigureSpec[] {
  const seen = new Set<string>();
  const pick = (scope: FigureSpec['scope']): FigureSpec[] =>
    MODELS.flatMap((m) => m.figures.filter((f) => f.compared && f.scope === scope && !seen.has(f.name) && seen.add(f.name)));
  return [...pick('period'), ...pick('month')];
}
