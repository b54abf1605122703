export { ensurePki, PKI_IDENTITIES, type Pki, type PkiMember } from './pki.ts';
export { uziString, UZI_SERVER_CA_OID, UZI_OTHERNAME_OID, type UziIdentity } from './generate.ts';
