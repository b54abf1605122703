/**
 * XML -> the model of one `REPC_IN990131NL` (Ketenzorg 3.0.2 allergie-intoleranties): per concern act
 * every allergy observation in it. Strict: wrong root, an observation without id or a bad time stamp
 * throws `TranslationError` with its location.
 */
import { at, child, childrenNamed, type XmlElement } from '../../../xml/index.ts';
import { TranslationError } from '../../errors.ts';
import { readCareProvider, textOf } from '../allergy612/read-parts.ts';
import { loc, readCode, readIi, readTs } from '../mp612/read-types.ts';
import type { GpAllergy, GpAllergyList } from './model.ts';
import { ALLERGIES_INTERACTION } from './oids.ts';
import { readOrganizerList } from './read-organizer.ts';

function readAllergy(obs: XmlElement, where: string, concernStatus: string | undefined): GpAllergy {
  const id = child(obs, 'id');
  if (!id) throw new TranslationError('allergy observation without id', where);
  const a: GpAllergy = { location: where, id: readIi(id) };
  if (concernStatus !== undefined) a.concernStatus = concernStatus;
  const value = child(obs, 'value');
  if (value) a.kind = readCode(value);
  const low = at(obs, 'effectiveTime/low');
  const onset = low ? readTs(low, loc(where, 'effectiveTime/low')) : undefined;
  if (onset !== undefined) a.onset = onset;
  const csm = childrenNamed(obs, 'participant').find((p) => p.attrs.typeCode === 'CSM');
  const agent = at(csm, 'participantRole/playingEntity/code');
  if (agent) a.agent = readCode(agent);
  const author = child(obs, 'author');
  const time = child(author, 'time');
  const t = time ? readTs(time, loc(where, 'author/time')) : undefined;
  if (t !== undefined) a.authorTime = t;
  const assigned = child(author, 'assignedAuthor');
  if (assigned) {
    const p = readCareProvider(assigned);
    // An unstructured name ("Huisarts 2") has no parts; its text is kept as the family name.
    const plain = textOf(at(assigned, 'assignedPerson/name'));
    if (
      p.name &&
      p.name.given.length + p.name.prefix.length + p.name.family.length === 0 &&
      plain !== undefined
    )
      p.name.family = [{ value: plain }];
    a.author = p;
  }
  return a;
}

/**
 * Reads the allergies of a `REPC_IN990131NL` message.
 * @param message - the message root element
 */
export function readGpAllergyList(message: XmlElement): GpAllergyList {
  const { items, ...parts } = readOrganizerList(
    message,
    ALLERGIES_INTERACTION,
    'act',
    () =>
      (act: XmlElement, where: string): GpAllergy[] => {
        const status = child(act, 'statusCode')?.attrs.code;
        const out: GpAllergy[] = [];
        childrenNamed(act, 'entryRelationship').forEach((er, i) => {
          const obs = child(er, 'observation');
          if (obs) out.push(readAllergy(obs, loc(where, `entryRelationship[${i + 1}]/observation`), status));
        });
        return out;
      },
  );
  return { ...parts, allergies: items.flat() };
}
