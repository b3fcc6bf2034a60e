import { InputError } from '../input/errors.js';
import { closest } from '../util/did-you-mean.js';

interface Named {
  clinic: { id: string; name: string };
}

/**
 * The clinic a user means by `query` (`explain --clinic`): its id (any case), or a part of its
 * id or name that only one clinic has ("kronopark" → SE2321000017-FT14 Kronoparken). Several
 * matches are a usage error listing them; no match names the closest ids and names.
 */
export function findClinic<T extends Named>(query: string, clinics: readonly T[], register: string): T {
  const q = query.trim().toLowerCase();
  const exact = clinics.find((c) => c.clinic.id === query) ?? clinics.find((c) => c.clinic.id.toLowerCase() === q);
  if (exact) return exact;
  const byName = clinics.filter((c) => c.clinic.name.toLowerCase() === q);
  if (byName.length === 1) return byName[0]!;
  const parts = q === '' ? [] : clinics.filter((c) => c.clinic.id.toLowerCase().includes(q) || c.clinic.name.toLowerCase().includes(q));
  if (parts.length === 1) return parts[0]!;
  const label = (c: T): string => `${c.clinic.id} ${c.clinic.name}`;
  if (parts.length > 1)
    throw new InputError('--clinic', `'${query}' matches ${parts.length} clinics: ${parts.map(label).join('; ')}; give more of the name or the id`);
  const near = [
    ...new Set([
      ...closest(
        query,
        clinics.map((c) => c.clinic.id),
      ),
      ...closest(
        query,
        clinics.map((c) => c.clinic.name),
      ),
    ]),
  ];
  const hint = near.length > 0 ? ` (did you mean ${near.join(' or ')}?)` : '';
  throw new InputError(
    '--clinic',
    `${query} is not a unit of ${register} computed in the period: a physiotherapy clinic with a contract or visits in it, or a vårdcentral with a listing snapshot in it${hint} (the ids are in payment-basis.csv of vardval calc)`,
  );
}
