import type { Decimal } from './decimal.js';
import type { ContactStatus, ContactType } from '../rules/catalog.js';

/** A contact row of an export, in canonical form (after the format profile). */
export interface Contact {
  clinicId: string;
  clinicName: string;
  contactId: string;
  /** YYYY-MM-DD */
  date: string;
  /** YYYY-MM */
  month: string;
  type: ContactType;
  status: ContactStatus;
  /** canonical profession, e.g. physiotherapist */
  profession: string;
  /** normalised person key; never printed */
  patientKey: string;
  patientKind: 'personnummer' | 'samordningsnummer' | 'reserve';
  county: string;
  /** patient fee charged (patientavgift), an advance on the compensation */
  fee: Decimal;
  /** main diagnosis (huvuddiagnos); null when the export has no such column */
  diagnosis: string | null;
}

/** Why a readable row does not count toward a requirement. */
export type ExclusionReason =
  | 'duplicate_contact'
  | 'unknown_clinic'
  | 'not_physiotherapy_clinic'
  | 'no_contract'
  | 'outside_period'
  | 'out_of_county'
  | 'no_show'
  | 'cancelled'
  | 'late_cancelled'
  | 'completed' // only when a rule file does not count completed contacts
  | 'other_profession'
  | 'administrative'
  | 'zero_weight'
  // vårdcentral inputs
  | 'not_vardcentral_unit'
  | 'snapshot_not_month_end'
  | 'drug_group_not_compensated';

/** Why a row could not be read. */
export type RejectReason =
  | 'malformed_row'
  | 'wrong_column_count'
  | 'missing_field'
  | 'bad_date'
  | 'period_mismatch'
  | 'unknown_contact_type'
  | 'unknown_status'
  | 'unknown_profession'
  | 'bad_county'
  | 'bad_amount'
  | 'invalid_patient_id'
  // vårdcentral inputs
  | 'listed_twice'
  | 'unknown_listing_type'
  | 'unknown_adjustment_code'
  | 'bad_flag';

export type Regi = 'privat' | 'egen';

/** The vårdval a unit belongs to (register column `vardval`). */
export type Vardval = 'fysioterapi' | 'vardcentral';

/** One row of the clinic register: a contract period of a clinic with its FTE. */
export interface ContractPeriod {
  /** YYYY-MM-DD */
  validFrom: string;
  /** YYYY-MM-DD inclusive, or null = open-ended */
  validTo: string | null;
  /** heltidsresurser */
  fte: Decimal;
  /** approved specialist physiotherapists */
  specialists: Decimal;
  /** additional assignments (tilläggsuppdrag) */
  additionalAssignments: Decimal;
  line: number;
}

export interface Clinic {
  id: string;
  name: string;
  vardval: Vardval;
  regi: Regi;
  municipality: string;
  /** distance of the establishment from the municipality's town in km (Torsby rule); null = not given */
  kmFromTown: Decimal | null;
  /** YYYY-MM-DD the unit was established (start grant); null = not given */
  established: string | null;
  /** first contract year (year of entry), if the register says so */
  firstContractYear: number | null;
  periods: ContractPeriod[];
}

/** Months of one year, inclusive. */
export interface Period {
  year: number;
  /** 1..12 */
  fromMonth: number;
  toMonth: number;
}
