/**
 * The demo providers, seeded live at first start (idempotently, by MedMij name: a later start refreshes
 * their details but keeps the status an operator gave them, so a suspended demo provider stays
 * suspended). DESIGN.md:
 * `ggzdemo`, the institution pharmacy of a GGZ provider, offers 31 (medication) and 58 (allergies);
 * `huisartsdemo`, a GP practice, offers 49 (GP data). Their LSP application ids and URAs are test values.
 */
import type { Provider, Store } from '../store/index.ts';

export const DEMO_PROVIDERS: readonly Provider[] = [
  {
    naam: 'ggzdemo',
    displayName: 'Apotheek GGZ Demo',
    ura: '90000101',
    applicationIds: ['900101'],
    services: [{ id: '31' }, { id: '58' }],
    status: 'live',
  },
  {
    naam: 'huisartsdemo',
    displayName: 'Huisartsenpraktijk Demo',
    ura: '90000102',
    applicationIds: ['900102'],
    services: [{ id: '49' }],
    status: 'live',
  },
];

/** Inserts the demo providers live, or refreshes their details and keeps their status. */
export async function seedDemoProviders(store: Store): Promise<void> {
  for (const p of DEMO_PROVIDERS) {
    const known = await store.providers.get(p.naam);
    await store.providers.upsert(known ? { ...p, status: known.status } : p);
  }
}
