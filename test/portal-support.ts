/**
 * Helpers for the portal tests: an application taken through the applicant's steps with the real
 * onboarding operations (eligible form, MedMij name, both generated documents uploaded back as the
 * signed copies, submitted), so a test can start at the operator's side.
 */
import assert from 'node:assert/strict';
import type { ApplicationForm, Onboarding } from '../src/onboarding/index.ts';
import type { Application } from '../src/store/applications.ts';

/** An eligible form (URA and LSP application ids from the synthetic register). */
export const ELIGIBLE: ApplicationForm = {
  organisation: 'Instellingsapotheek De Linde',
  ura: '90000202',
  agbCodes: '12345678',
  contactName: 'Els Linde',
  email: 'els@delinde.example',
  applicationIds: '900203',
  system: 'farmedvisie',
  systemOther: '',
  services: ['31'],
};

/**
 * Applies, names, uploads both generated documents and submits.
 * @param onboarding - the operations
 * @param naam - the MedMij name to choose
 * @param form - the form (default ELIGIBLE)
 */
export async function submittedApplication(
  onboarding: Onboarding,
  naam: string,
  form: ApplicationForm = ELIGIBLE,
): Promise<{ app: Application; key: string }> {
  const applied = await onboarding.apply(form);
  assert.deepEqual(applied.errors, []);
  const named = await onboarding.chooseName(applied.application!, naam);
  assert.equal(named.problem, undefined, `the name ${naam} is free`);
  let app = named.application!;
  for (const kind of ['agreement', 'choice'] as const) {
    await onboarding.upload(app, kind, `${kind}.pdf`, Buffer.from(await onboarding.document(app, kind)));
  }
  app = await onboarding.submit(app);
  return { app, key: applied.key! };
}
