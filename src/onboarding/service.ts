/**
 * The onboarding operations, shared by the portal, the operator pages and the CLI: the applicant's
 * steps (applicant.ts: apply, choose a MedMij name, get the documents, upload the signed copies) and
 * the operator's (lifecycle.ts: review, approve, the provider lifecycle to live, suspension and
 * offboarding). Every step is recorded in the application's history.
 */
import { applicantSteps } from './applicant.ts';
import { onboardingContext, type OnboardingDeps } from './context.ts';
import { operatorSteps } from './lifecycle.ts';

export { OnboardingError, type OnboardingDeps } from './context.ts';
export { EDITABLE_STATUSES } from './applicant.ts';
export { PROVIDER_STATUS_TEXT, type Submission } from './lifecycle.ts';

/** The onboarding operations. */
export type Onboarding = ReturnType<typeof createOnboarding>;

/**
 * Builds the onboarding operations.
 * @param deps - store, mailer, rules, registry and URLs
 */
export function createOnboarding(deps: OnboardingDeps) {
  const ctx = onboardingContext(deps);
  return { link: ctx.link, ...applicantSteps(ctx), ...operatorSteps(ctx) };
}
