import type { ExclusionReason, RejectReason } from '../../model/types.js';

/** Swedish words of the report. The machine CSV/JSON keep their English names. */

export const REGI: Record<string, string> = { privat: 'privat regi', egen: 'egen regi' };

export const VARDVAL: Record<string, string> = { fysioterapi: 'Vårdval fysioterapi', vardcentral: 'Vårdval vårdcentral' };

export const EXCLUDED: Record<ExclusionReason, string> = {
  duplicate_contact: 'samma kontakt-id igen i filen',
  unknown_clinic: 'enheten finns inte i enhetsregistret',
  not_physiotherapy_clinic: 'enheten är en vårdcentral',
  no_contract: 'utanför enhetens avtalsperiod',
  outside_period: 'utanför perioden',
  out_of_county: 'patienten folkbokförd i annat län',
  no_show: 'uteblivet besök',
  cancelled: 'avbokat',
  late_cancelled: 'sent avbokat',
  completed: 'genomförd (räknas inte enligt reglerna)',
  other_profession: 'annan yrkeskategori',
  administrative: 'administrativ kontakt',
  zero_weight: 'kontakttyp med vikt 0',
  not_vardcentral_unit: 'enheten är inte en vårdcentral',
  snapshot_not_month_end: 'listningsdatum som inte är månadens sista dag',
  drug_group_not_compensated: 'läkemedelsgrupp som inte ersätts',
};

export const REJECTED: Record<RejectReason, string> = {
  malformed_row: 'trasig CSV-rad',
  wrong_column_count: 'fel antal kolumner',
  missing_field: 'obligatoriskt fält saknas',
  bad_date: 'ogiltigt datum',
  period_mismatch: 'datum utanför radens period',
  unknown_contact_type: 'okänd kontakttyp',
  unknown_status: 'okänd kontaktstatus',
  unknown_profession: 'okänd yrkeskategori',
  bad_county: 'ogiltig länskod',
  bad_amount: 'ogiltigt belopp',
  invalid_patient_id: 'ogiltigt patient-id',
  listed_twice: 'personen listad två gånger i samma listning',
  unknown_listing_type: 'okänd listningstyp',
  unknown_adjustment_code: 'okänd justeringskod',
  bad_flag: 'ogiltigt ja/nej-värde',
};

/** The vårdcentral model's components (figure names) in Swedish, for the report's specification. */
export const COMPONENTS: Record<string, string> = {
  age_sex_capitation: 'Ersättning för ålder och kön (ålderspoäng)',
  nara_vard_compensation: 'Ersättning för nära vård',
  coordinating_nurse_compensation: 'Ersättning för samordnande sjuksköterska',
  drug_compensation: 'Läkemedelsersättning (ålderspoäng)',
  cni_compensation: 'Socioekonomisk ersättning (CNI-poäng)',
  kommunmottagna_compensation: 'Ersättning för kommunmottagna',
  geography_compensation: 'Geografisk ersättning',
  start_grant: 'Startbidrag för ny vårdcentral',
  requisition_drugs: 'Rekvisitionsläkemedel',
  adjustments: 'Justering',
  sal: 'SAL (service-, administrations- och lokaltillägg)',
  vat_compensation: 'Kompensation för ej avdragsgill moms',
};

/** The vårdcentral components as column heads of the table per unit, in the order of the payment basis. */
export const COMPONENTS_SHORT: Record<string, string> = {
  age_sex_capitation: 'Ålder och kön',
  nara_vard_compensation: 'Nära vård',
  coordinating_nurse_compensation: 'Samordnande sjuk&shy;sköterska',
  drug_compensation: 'Läkemedel (poäng)',
  cni_compensation: 'CNI',
  kommunmottagna_compensation: 'Kommun&shy;mottagna',
  geography_compensation: 'Geografi',
  start_grant: 'Start&shy;bidrag',
  requisition_drugs: 'Rekvisitions&shy;läkemedel',
  adjustments: 'Juste&shy;ringar',
  sal: 'SAL',
  vat_compensation: 'Moms&shy;kompensation',
};

/** Units of rule parameters (rules/catalog.ts) in Swedish; an unknown unit is shown as written. */
const UNITS: Record<string, string> = {
  'SEK/FTE/year': 'kr per heltidsresurs och år',
  'SEK/assignment/year': 'kr per uppdrag och år',
  'SEK/patient': 'kr per patient',
  'SEK/specialist/year': 'kr per specialist och år',
  'SEK/visit': 'kr per besök',
  'patients/FTE/year': 'patienter per heltidsresurs och år',
  'visits/FTE/year': 'besök per heltidsresurs och år',
  'visits/contact': 'besök per kontakt',
  'SEK/point/year': 'kr per poäng och år',
  'SEK/listed/year': 'kr per listad och år',
  'SEK/person/year': 'kr per person och år',
  'SEK/month': 'kr per månad',
  'points/person': 'poäng per person',
  months: 'månader',
  SEK: 'kr',
  'age points': 'ålderspoäng',
  'CNI points': 'CNI-poäng',
  'listed persons': 'listade personer',
  'persons received by the municipality': 'kommunmottagna personer',
};

export function unitLabel(unit: string): string {
  // the start grant's basis: "month of operation (of 12)"
  const month = /^month of operation \(of (\d+)\)$/.exec(unit);
  if (month) return ` av ${month[1]} i drift`;
  return UNITS[unit] ?? unit;
}
