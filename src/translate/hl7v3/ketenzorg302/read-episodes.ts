/**
 * XML -> the episode model of one `REPC_IN990111NL` (Ketenzorg 3.0.2 "overdracht concerns"). Strict:
 * wrong root, a concern without id, or a bad time stamp throws `TranslationError` with its location.
 */
import { child, childrenNamed, type XmlElement } from '../../../xml/index.ts';
import { TranslationError } from '../../errors.ts';
import { textOf } from '../allergy612/read-parts.ts';
import { loc, readIi } from '../mp612/read-types.ts';
import type { Concern, EpisodeList } from './model.ts';
import { EPISODES_INTERACTION } from './oids.ts';
import { readDiagnosis, readPeriod } from './read-acts.ts';
import { readAuthorOrganization, readOrganizerList } from './read-organizer.ts';

function readConcern(act: XmlElement, where: string): Concern {
  const id = child(act, 'id');
  if (!id) throw new TranslationError('concern without id', where);
  const c: Concern = { location: where, id: readIi(id), diagnoses: [] };
  const title = textOf(child(act, 'text'));
  if (title !== undefined) c.title = title;
  const status = child(act, 'statusCode')?.attrs.code;
  if (status !== undefined) c.statusCode = status;
  Object.assign(c, readPeriod(act, where));
  childrenNamed(act, 'entryRelationship').forEach((er, i) => {
    const obs = child(er, 'observation');
    if (obs) c.diagnoses.push(readDiagnosis(obs, loc(where, `entryRelationship[${i + 1}]/observation`)));
  });
  return c;
}

/**
 * Reads the episodes of a `REPC_IN990111NL` message.
 * @param message - the message root element
 */
export function readEpisodeList(message: XmlElement): EpisodeList {
  const { items, ...parts } = readOrganizerList(message, EPISODES_INTERACTION, 'act', () => readConcern);
  const list: EpisodeList = { ...parts, concerns: items };
  // Without a responsible organization in the organizer, the sending practice manages the episodes.
  const organization = parts.organization ?? readAuthorOrganization(message);
  if (organization) list.organization = organization;
  return list;
}
