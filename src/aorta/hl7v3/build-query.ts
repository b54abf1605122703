/**
 * Builds a complete HL7v3 query interaction (transmission wrapper + query control act + parameters) for
 * one patient, addressed to one provider.
 */
import { randomUUID } from 'node:crypto';
import type { LspTarget } from '../types.ts';
import { writeQueryControlAct } from './control-act.ts';
import { messageIdRoot, queryIdRoot, type SenderIdentity } from './identity.ts';
import { writeParameters } from './query-params.ts';
import { formatTs } from './time.ts';
import { writeInteraction, type Ii } from './wrapper.ts';

export interface QueryInput {
  /** Query interaction id, e.g. QURX_IN990111NL. */
  interaction: string;
  /** The patient's BSN. */
  bsn: string;
  /** The one provider the query is for. */
  target: LspTarget;
  /** Interaction-specific parameters (see QUERY_PARAMETERS). */
  parameters?: Record<string, unknown>;
  /** Unique extension for the message and query ids; default a random UUID. */
  uniqueId?: string;
  /** Creation time, epoch ms; default now. */
  now?: number;
}

export interface BuiltQuery {
  interaction: string;
  /** The interaction element as XML text (no XML declaration, no SOAP). */
  xml: string;
  messageId: Ii;
  queryId: Ii;
}

/**
 * Builds a query interaction.
 * @param id - Brug's identity and addressing options
 * @param input - interaction, patient, target provider, parameters
 * @throws TypeError for an unknown parameter, a bad BSN or a malformed interaction id
 */
export function buildQuery(id: SenderIdentity, input: QueryInput): BuiltQuery {
  const unique = input.uniqueId ?? randomUUID();
  const messageId: Ii = { root: messageIdRoot(id), extension: unique };
  const queryId: Ii = { root: queryIdRoot(id), extension: unique };
  const controlAct = writeQueryControlAct(id, {
    queryId,
    statusCode: 'new',
    responseModalityCode: id.responseModalityCode ?? 'B',
    responsePriorityCode: 'I',
    parametersXml: writeParameters(input.interaction, input.parameters),
    bsn: input.bsn,
  });
  const receiver = (id.addressing ?? 'lsp') === 'direct' ? input.target.applicationId : id.lspApplicationId;
  const xml = writeInteraction(
    {
      interaction: input.interaction,
      id: messageId,
      creationTime: formatTs(input.now ?? Date.now()),
      processingCode: id.processingCode ?? 'P',
      acceptAckCode: 'NE',
      receiverApplicationId: receiver,
      senderApplicationId: id.applicationId,
    },
    controlAct,
  );
  return { interaction: input.interaction, xml, messageId, queryId };
}
