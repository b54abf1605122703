/**
 * The HL7v3 transmission wrapper `MCCI_MT000100` ("Send Message Payload") around a query: message id,
 * creation time, interaction id, profile, processing codes, receiver and sender devices
 * (domain/aorta.md section 1.2).
 */
import { el, escapeText } from '../../xml/index.ts';
import {
  HL7_NS,
  OID_APPLICATION_ID,
  OID_INTERACTION,
  OID_PROFILE,
  PROFILE_ID,
  VERSION_CODE,
} from './oids.ts';

/** An HL7v3 instance identifier. */
export interface Ii {
  root: string;
  extension: string;
}

export interface TransmissionWrapper {
  /** Interaction id: also the root element's name. */
  interaction: string;
  id: Ii;
  /** HL7 TS, at least to the second. */
  creationTime: string;
  processingCode: 'P' | 'T' | 'D';
  /** NE for immediate queries and their answers; AL for push messages. */
  acceptAckCode: 'NE' | 'AL';
  /** Application id of the receiving device. */
  receiverApplicationId: string;
  /** Application id of the sending device (Brug). */
  senderApplicationId: string;
}

function device(appId: string): string {
  return el(
    'device',
    { classCode: 'DEV', determinerCode: 'INSTANCE' },
    el('id', { root: OID_APPLICATION_ID, extension: appId }),
  );
}

/**
 * Writes a complete interaction: the wrapper elements around the already written control act.
 * @param w - the wrapper values
 * @param controlAct - the `<ControlActProcess>` element as XML text
 */
export function writeInteraction(w: TransmissionWrapper, controlAct: string): string {
  if (!/^[A-Z]{4}_IN\d{6}[A-Z0-9]*$/.test(w.interaction))
    throw new TypeError(`bad interaction id "${w.interaction}"`);
  const inner =
    el('id', { root: w.id.root, extension: w.id.extension }) +
    el('creationTime', { value: w.creationTime }) +
    el('versionCode', { code: VERSION_CODE }) +
    el('interactionId', { root: OID_INTERACTION, extension: w.interaction }) +
    el('profileId', { root: OID_PROFILE, extension: PROFILE_ID }) +
    el('processingCode', { code: w.processingCode }) +
    el('processingModeCode', { code: 'T' }) +
    el('acceptAckCode', { code: w.acceptAckCode }) +
    el('receiver', { typeCode: 'RCV' }, device(w.receiverApplicationId)) +
    el('sender', { typeCode: 'SND' }, device(w.senderApplicationId)) +
    controlAct;
  return `<${escapeText(w.interaction)} xmlns="${HL7_NS}">${inner}</${w.interaction}>`;
}
