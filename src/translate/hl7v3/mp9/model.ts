/**
 * Typed model of the MP 9 building blocks Brug translates besides the medication agreement (which
 * uses the Ketenzorg model, `../ketenzorg302/model.ts`): dispense request (VV, `supply` RQO),
 * administration agreement (TA, `substanceAdministration` RQO), dispense (MVE, `supply` EVN) and
 * medication use (MGB, `substanceAdministration` EVN). Timestamps stay HL7 TS strings.
 */
import type {
  AgreementDosage,
  CareOrganization,
  CareProvider,
  Code,
  GpPatient,
  Ii,
  MedicationAgreement,
} from '../ketenzorg302/model.ts';
import type { Duration, Pq, Product } from '../mp612/model.ts';

export type { AgreementDosage, CareOrganization, CareProvider, Code, GpPatient, Ii, Product };

/** A reference by id to another building block (`entryRelationship[@typeCode='REFR']`). */
export interface BlockRef {
  kind: 'MA' | 'TA' | 'VV' | 'MVE';
  id: Ii;
}

/** What every MP 9 building block carries. */
export interface BlockBase {
  location: string;
  id: Ii;
  statusCode?: string;
  product: Product;
  /** The medication treatment (MBH, procedure template ...9084). */
  treatmentId?: Ii;
  /** Toelichting (comment, act template ...9069). */
  comment?: string;
  /** Relations to other building blocks. */
  refs: BlockRef[];
}

/** Verstrekkingsverzoek (supply RQO, template ...9257; MedicationRequest zib-DispenseRequest). */
export interface DispenseRequest extends BlockBase {
  /** Datum verstrekkingsverzoek (`author/time`). */
  authoredOn?: string;
  /** The prescriber who asks (`author/assignedAuthor`). */
  author?: CareProvider;
  /** Te verstrekken hoeveelheid. */
  quantity?: Pq;
  /** Aantal herhalingen (`repeatNumber`). */
  repeats?: number;
  /** Verbruiksduur (`expectedUseTime/width`). */
  useDuration?: Duration;
  /** Verbruiksperiode (`effectiveTime` low/high). */
  validityStart?: string;
  validityEnd?: string;
  /** Beoogd verstrekker (`performer/assignedEntity/representedOrganization`). */
  dispenser?: CareOrganization;
  /** Afleverlocatie (`participant[@typeCode='DST']`), as text. */
  deliveryLocation?: string;
  /** Aanvullende wensen (act template ...9093). */
  additionalWishes: Code[];
}

/** Toedieningsafspraak (substanceAdministration RQO, template ...9259; MedicationDispense zib-AdministrationAgreement). */
export interface AdministrationAgreement extends BlockBase {
  /** The agreement's own description (mp-9581 Omschrijving). */
  text?: string;
  /** Gebruiksperiode (`effectiveTime` low/high, TS). */
  start?: string;
  end?: string;
  /** Gebruiksduur (`effectiveTime/width`). */
  duration?: Duration;
  /** Afspraakdatum (`author/time`). */
  authoredOn?: string;
  /** The dispensing organization (`author/assignedAuthor/representedOrganization`). */
  dispenser?: CareOrganization;
  /** Reden afspraak (observation template ...9083, text). */
  reason?: string;
  /** Aanvullende informatie (observation template ...9175, value). */
  additionalInformation: Code[];
  /** Aanvullende instructie (act template ...9085), given with each dosing. */
  instructions: Code[];
  dosages: AgreementDosage[];
}

/** Medicatieverstrekking (supply EVN, template ...9255/9364; MedicationDispense zib-Dispense). */
export interface Mp9Dispense extends BlockBase {
  /** Datum (uitreikdatum, `effectiveTime`). */
  handedOver?: string;
  /** Aanschrijfdatum (observation template ...9095, value TS). */
  requestDate?: string;
  /** Verstrekte hoeveelheid. */
  quantity?: Pq;
  /** Verbruiksduur (`expectedUseTime/width`). */
  useDuration?: Duration;
  /** Verstrekker (`performer/assignedEntity/representedOrganization`). */
  dispenser?: CareOrganization;
  /** Afleverlocatie, as text. */
  deliveryLocation?: string;
  /** Distributievorm (act template ...9097, code). */
  distributionForm?: Code;
}

/** Who told about a medication use (`informant`). */
export type UseInformant =
  { kind: 'patient' } | { kind: 'care-provider'; provider: CareProvider } | { kind: 'person'; name: string };

/** Medicatiegebruik (substanceAdministration EVN, template ...9250; MedicationStatement zib-MedicationUse). */
export interface MedicationUse extends Omit<MedicationAgreement, 'prescriber'> {
  /** The author (`author/assignedAuthor`): a care provider, or the patient (code ONESELF). */
  author?: CareProvider | 'patient';
  informant?: UseInformant;
  /** The prescriber of the medication (REFR template ...9166, its author). */
  prescriber?: CareProvider;
  /** Gebruik indicator (observation template ...9189): true, false, or a nullFlavor. */
  taken?: boolean | string;
  /** Volgens afspraak indicator (observation template ...9117/9317). */
  asAgreed?: boolean;
  /** Reden gebruik (observation template ...9114, text). */
  reason?: string;
  /** Reden wijzigen of stoppen gebruik (observation template ...9115/9271, value). */
  changeReason?: Code;
  comment?: string;
  /** Aanvullende instructie (act template ...9085), given with each dosing. */
  instructions?: Code[];
  refs: BlockRef[];
}

/** The building blocks of one answer, with the patient of its organizers. */
export interface BlockList<T> {
  patient?: GpPatient;
  organization?: CareOrganization;
  items: T[];
}
