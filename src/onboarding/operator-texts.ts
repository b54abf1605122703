/**
 * What the operator pages offer and say: the lifecycle steps open from each provider status, and the
 * Dutch names of the actions in an application's history.
 */
import type { ProviderStatus } from '../store/types.ts';

const SUSPEND = { value: 'suspend', label: 'Schorsen (alle toegangen intrekken)' };
const OFFBOARD = { value: 'offboard', label: 'Afmelden (definitief; alle toegangen intrekken)' };

/**
 * The lifecycle steps an operator may take from a provider status; "publish" by hand only when no
 * MedMij lists are fetched.
 * @param status - the provider's status
 * @param listsFetched - true when "published" comes from the fetched ZAL (no button then)
 */
export function steps(
  status: ProviderStatus,
  listsFetched: boolean,
): Array<{ value: string; label: string }> {
  switch (status) {
    case 'approved':
      return [{ value: 'submit', label: 'Aanmelden bij MedMij' }, SUSPEND, OFFBOARD];
    case 'submitted':
      return [
        ...(listsFetched ? [] : [{ value: 'publish', label: 'Gepubliceerd in de zorgaanbiederslijst' }]),
        SUSPEND,
        OFFBOARD,
      ];
    case 'published':
      return [{ value: 'live', label: 'Live zetten' }, SUSPEND, OFFBOARD];
    case 'live':
      return [SUSPEND, OFFBOARD];
    case 'suspended':
      return [{ value: 'resume', label: 'Hervatten (opnieuw aanmelden bij MedMij)' }, OFFBOARD];
    case 'offboarded':
      return [];
  }
}

/** Dutch names of the history's actions. */
export const ACTION_TEXT: Readonly<Record<string, string>> = {
  applied: 'aanvraag ontvangen',
  corrected: 'gegevens gewijzigd',
  named: 'MedMij-naam gekozen',
  'documents-cleared': 'ondertekende documenten vervallen',
  'uploaded-agreement': 'verwerkersovereenkomst geüpload',
  'uploaded-choice': 'keuzeformulier geüpload',
  submitted: 'ingediend',
  'changes-requested': 'aanpassing gevraagd',
  rejected: 'afgewezen',
  approved: 'goedgekeurd',
  submission: 'aanmelding bij MedMij',
  'provider-submitted': 'aangemeld bij MedMij',
  'provider-published': 'gepubliceerd in de zorgaanbiederslijst',
  'provider-live': 'live gezet',
  'provider-suspended': 'geschorst',
  'provider-offboarded': 'afgemeld',
  'provider-approved': 'hervat (weer goedgekeurd)',
  'mail-failed': 'e-mail niet verstuurd',
};
