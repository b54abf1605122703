/** Object identifiers used on the LSP (../shared/domain/aorta.md section 1.4), as named constants. */

/** HL7v3 namespace of every interaction. */
export const HL7_NS = 'urn:hl7-org:v3';
/** Burgerservicenummer (patient id). */
export const OID_BSN = '2.16.840.1.113883.2.4.6.3';
/** LSP application ids (the LSP itself, providers' systems, Brug). */
export const OID_APPLICATION_ID = '2.16.840.1.113883.2.4.6.6';
/** UZI person number. */
export const OID_UZI_PERSON = '2.16.528.1.1007.3.1';
/** UZI server (system) certificate number. */
export const OID_UZI_SERVER = '2.16.528.1.1007.3.2';
/** URA: UZI register subscriber number of a care provider. */
export const OID_URA = '2.16.528.1.1007.3.3';
/** Interaction ids. */
export const OID_INTERACTION = '2.16.840.1.113883.1.6';
/** profileId root. */
export const OID_PROFILE = '2.16.840.1.113883.2.4.3.11.1';
/** Organization type codes (J8 Openbare apotheek, Z3 Huisartspraktijk, ...). */
export const OID_ORGANIZATION_TYPE = '2.16.840.1.113883.2.4.15.1060';
/** Codes of LSP-detected issues (AUTERR_SWV_FALSE, ...). */
export const OID_LSP_DETECTED_ISSUE = '2.16.840.1.113883.2.4.6.6.1.1000';
/** Prefix of the `telecom` value that names an application: `x-hl7-applicatie:2.16.840.1.113883.2.4.6.6.<id>`. */
export const APPLICATION_TELECOM_PREFIX = `x-hl7-applicatie:${OID_APPLICATION_ID}.`;

/** versionCode of every AORTA interaction. */
export const VERSION_CODE = 'NICTIZEd2005-Okt';
/** profileId extension (810 in all examples). */
export const PROFILE_ID = '810';
