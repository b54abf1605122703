import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { testConfig } from '../../config.ts';
import { DEFAULT_DATA_SERVICES, type DataServiceInfo } from '../../services/catalogue.ts';
import { createRegistry } from '../../services/registry.ts';
import { exportZal, zalEndpoints, zalServiceEntries, ZalExportError } from './export-zal.ts';
import { parseZorgaanbiederslijst } from './zal.ts';
import { loadListSchemas } from './xsd.ts';

const SCHEMAS = resolve(import.meta.dirname, '../../../../shared/fixtures/medmij/namespace-release2');
const noShared = !existsSync(SCHEMAS) && 'needs ../shared/fixtures/medmij (absent)';

/** A service declared with two system roles (as the PDF/A documents service is), beside the defaults. */
const TWO_ROLES: DataServiceInfo = {
  ...DEFAULT_DATA_SERVICES[0]!,
  id: '51',
  name: 'Verzamelen Documenten 3.0',
  systemRole: 'MM-3.0-PDB-FHIR',
  systemRoles: ['MM-3.0-PDB-FHIR', 'MM-3.0-PLB-FHIR'],
};
const registry = createRegistry([...DEFAULT_DATA_SERVICES, TWO_ROLES]);
const home = '/nonexistent/brug-export-test';

test(
  'an https public URL and a back-channel URL with a port: front and back channel endpoints, one Systeemrol per role, valid',
  { skip: noShared },
  async () => {
    const config = testConfig(home, {
      BRUG_PUBLIC_URL: 'https://portaal.brug.example.nl',
      BRUG_BACKCHANNEL_URL: 'https://api.brug.example.nl:8443',
    });
    const endpoints = zalEndpoints(config);
    assert.deepEqual(endpoints, {
      front: 'https://portaal.brug.example.nl',
      back: 'https://api.brug.example.nl:8443',
    });
    const provider = { naam: 'delinde', status: 'live' as const, services: [{ id: '31' }, { id: '51' }] };
    const { xml, providers, skipped } = exportZal({
      providers: [provider, { naam: 'nogniet', status: 'approved', services: [{ id: '31' }] }],
      registry,
      endpoints,
      volgnummer: 3,
    });
    assert.deepEqual(providers, ['delinde']);
    assert.deepEqual(skipped, []);
    assert.deepEqual(await loadListSchemas(SCHEMAS).validate('zal', xml), []);
    const zal = parseZorgaanbiederslijst(xml, 'export');
    const services = zal.providers.get('delinde@medmij')!.services;
    assert.deepEqual(services, [
      {
        id: '31',
        authorizationEndpoint: 'https://portaal.brug.example.nl/oauth/authorize',
        tokenEndpoint: 'https://api.brug.example.nl:8443/oauth/token',
        systemRoles: [
          {
            code: 'MP-9.0.7-MGB-FHIR',
            resourceEndpoint: 'https://api.brug.example.nl:8443/fhir/delinde/31/stu3',
          },
        ],
      },
      {
        id: '51',
        authorizationEndpoint: 'https://portaal.brug.example.nl/oauth/authorize',
        tokenEndpoint: 'https://api.brug.example.nl:8443/oauth/token',
        systemRoles: [
          {
            code: 'MM-3.0-PDB-FHIR',
            resourceEndpoint: 'https://api.brug.example.nl:8443/fhir/delinde/51/stu3',
          },
          {
            code: 'MM-3.0-PLB-FHIR',
            resourceEndpoint: 'https://api.brug.example.nl:8443/fhir/delinde/51/stu3',
          },
        ],
      },
    ]);
    // The submission to MedMij is made by the same function: the same endpoints, plus the names.
    const { entries } = zalServiceEntries(provider, registry, endpoints);
    assert.deepEqual(
      entries.map(({ id, authorizationEndpoint, tokenEndpoint, systemRoles }) => ({
        id,
        authorizationEndpoint,
        tokenEndpoint,
        systemRoles,
      })),
      services,
    );
    assert.deepEqual(
      entries.map((e) => e.name),
      [DEFAULT_DATA_SERVICES[0]!.name, 'Verzamelen Documenten 3.0'],
    );
  },
);

test('a service the registry does not know is left out, with the reason', () => {
  const endpoints = { front: 'https://brug.example.nl', back: 'https://brug.example.nl' };
  const r = exportZal({
    providers: [{ naam: 'delinde', status: 'live', services: [{ id: '31' }, { id: '999' }] }],
    registry,
    endpoints,
  });
  assert.deepEqual(r.skipped, [
    { naam: 'delinde', reason: 'data service 999 is not in the services catalogue' },
  ]);
  assert.match(r.xml, /<GegevensdienstId>31<\/GegevensdienstId>/);
  assert.doesNotMatch(r.xml, /999/);
});

test('a back-channel URL the ZAL schema refuses is named', () => {
  const config = testConfig(home, {
    BRUG_PUBLIC_URL: 'https://brug.example.nl',
    BRUG_BACKCHANNEL_URL: 'https://127.0.0.1:8443',
  });
  assert.throws(() => zalEndpoints(config), ZalExportError);
  assert.throws(() => zalEndpoints(config), /BRUG_BACKCHANNEL_URL "https:\/\/127\.0\.0\.1:8443"/);
});
