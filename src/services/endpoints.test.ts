import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_DATA_SERVICES } from './catalogue.ts';
import { providerEndpoints } from './endpoints.ts';
import { createRegistry } from './registry.ts';

test('one endpoint per offered service, each with its own system role and base path', () => {
  const registry = createRegistry(DEFAULT_DATA_SERVICES);
  const rows = providerEndpoints({ naam: 'ggzdemo', services: [{ id: '31' }, { id: '58' }] }, registry);
  assert.deepEqual(
    rows.map((r) => [r.serviceId, r.systemRole, r.basePath]),
    [
      ['31', 'MP-9.0.7-MGB-FHIR', '/fhir/ggzdemo/31/stu3'],
      ['58', 'MM-2.A-AIB-FHIR', '/fhir/ggzdemo/58/stu3'],
    ],
  );
});

test('role codes are configuration: a service with two roles gets two endpoints, an unknown id none', () => {
  const registry = createRegistry([
    { ...DEFAULT_DATA_SERVICES[1]!, id: '149', systemRoles: ['ROLE-A', 'ROLE-B'] },
  ]);
  const rows = providerEndpoints({ naam: 'huisarts', services: [{ id: '149' }, { id: '999' }] }, registry);
  assert.deepEqual(
    rows.map((r) => [r.serviceId, r.systemRole]),
    [
      ['149', 'ROLE-A'],
      ['149', 'ROLE-B'],
    ],
  );
  assert.equal(rows[0]?.basePath, '/fhir/huisarts/149/stu3');
});
