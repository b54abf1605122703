/**
 * Reads a MedicationDispense searchset Bundle into table rows for people: medicine name, dispense
 * date, quantity and dosage text. References to the included Medication are resolved within the
 * Bundle (by fullUrl, or by `Type/id`). A 6.12 dispense arrives as two MedicationDispenses, the
 * dispense itself and its administration agreement, sharing one medication-treatment identifier: a
 * person sees them as one row.
 */
import type * as fhir from 'fhir';

/** One row of the medication table. */
export interface MedicationRow {
  medicine: string;
  date: string;
  quantity: string;
  dosage: string;
}

function findInBundle(bundle: fhir.Bundle, reference: string | undefined): fhir.Resource | undefined {
  if (reference === undefined) return undefined;
  for (const e of bundle.entry ?? []) {
    const r = e.resource;
    if (!r) continue;
    if (e.fullUrl === reference) return r;
    if (
      r.id !== undefined &&
      (reference === `${r.resourceType}/${r.id}` || e.fullUrl?.endsWith(`/${reference}`))
    )
      return r;
  }
  return undefined;
}

function conceptText(c: fhir.CodeableConcept | undefined): string | undefined {
  return c?.text ?? c?.coding?.find((x) => x.display !== undefined)?.display;
}

function quantityText(q: fhir.Quantity | undefined): string {
  if (!q || q.value === undefined) return '';
  return [String(q.value), q.unit ?? q.code ?? ''].join(' ').trim();
}

/** A date from a zib extension (e.g. zib-Dispense-RequestDate) when the dispense carries no hand-over date. */
function dateExtension(d: fhir.MedicationDispense): string | undefined {
  return d.extension?.find((x) => /Date$/.test(x.url) && typeof x.valueDateTime === 'string')?.valueDateTime;
}

const TREATMENT = 'http://nictiz.nl/fhir/StructureDefinition/zib-Medication-MedicationTreatment';

/** The medication treatment a dispense belongs to (system|value), if it says. */
function treatmentOf(d: fhir.MedicationDispense): string | undefined {
  const id = d.extension?.find((x) => x.url === TREATMENT)?.valueIdentifier;
  return id?.value === undefined ? undefined : `${id.system ?? ''}|${id.value}`;
}

/** Fills the empty cells of `row` from `other` (the two halves of one 6.12 dispense). */
function merge(row: MedicationRow, other: MedicationRow): void {
  for (const k of ['date', 'quantity', 'dosage'] as const) if (row[k] === '') row[k] = other[k];
}

/**
 * @param bundle - the searchset
 * @returns one row per medication treatment (or per MedicationDispense without one), in Bundle order
 */
export function medicationRows(bundle: fhir.Bundle): MedicationRow[] {
  const rows: MedicationRow[] = [];
  const byTreatment = new Map<string, MedicationRow>();
  for (const e of bundle.entry ?? []) {
    if (e.resource?.resourceType !== 'MedicationDispense') continue;
    const d = e.resource as fhir.MedicationDispense;
    const med = findInBundle(bundle, d.medicationReference?.reference) as fhir.Medication | undefined;
    const row: MedicationRow = {
      medicine:
        conceptText(med?.code) ??
        conceptText(d.medicationCodeableConcept) ??
        d.medicationReference?.display ??
        '(onbekend)',
      date: d.whenHandedOver ?? d.whenPrepared ?? dateExtension(d) ?? '',
      quantity: quantityText(d.quantity),
      dosage: (d.dosageInstruction ?? [])
        .map((x) => x.text)
        .filter((t): t is string => t !== undefined)
        .join('; '),
    };
    const treatment = treatmentOf(d);
    const earlier = treatment === undefined ? undefined : byTreatment.get(treatment);
    if (earlier) {
      merge(earlier, row);
      continue;
    }
    if (treatment !== undefined) byTreatment.set(treatment, row);
    rows.push(row);
  }
  return rows;
}
