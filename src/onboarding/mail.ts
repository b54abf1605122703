/**
 * E-mail from the portal: Dutch messages rendered as plain text, sent through the SMTP relay in
 * BRUG_SMTP_URL (nodemailer), or, without one (the demo), written as .eml files to HOME/outbox/ so
 * they can be read and tested.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nodemailer from 'nodemailer';

/** One message. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

/** Sends messages. */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
}

/**
 * The mailer for the configuration.
 * @param options - relay URL (or none), sender, outbox folder
 */
export function createMailer(options: {
  smtpUrl: string | undefined;
  from: string;
  outboxDir: string;
}): Mailer {
  if (options.smtpUrl !== undefined) {
    // Bounded waits: a relay that hangs must not hold a portal request for nodemailer's default minutes.
    const transport = nodemailer.createTransport({
      url: options.smtpUrl,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    });
    return {
      send: async (m) => {
        await transport.sendMail({ from: options.from, to: m.to, subject: m.subject, text: m.text });
      },
    };
  }
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    send: async (m) => {
      const info = (await transport.sendMail({
        from: options.from,
        to: m.to,
        subject: m.subject,
        text: m.text,
      })) as {
        message: Buffer;
      };
      mkdirSync(options.outboxDir, { recursive: true });
      const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${crypto.randomUUID().slice(0, 8)}.eml`;
      writeFileSync(join(options.outboxDir, name), info.message);
    },
  };
}

/** The texts the portal sends (Dutch). */
export const MESSAGES = {
  received: (organisation: string, link: string): MailMessage['text'] =>
    `Beste aanvrager,\n\nWij hebben de aanvraag van ${organisation} voor aansluiting op Brug ontvangen.\n\nVia deze persoonlijke link kiest u uw MedMij-naam, downloadt u de verwerkersovereenkomst en het keuzeformulier, en uploadt u de ondertekende versies:\n${link}\n\nBewaar deze link goed: iedereen met de link kan uw aanvraag inzien.\n\nMet vriendelijke groet,\nBrug`,
  submitted: (organisation: string): string =>
    `Beste aanvrager,\n\nDe ondertekende documenten van ${organisation} zijn ontvangen. Een beheerder beoordeelt uw aanvraag; u hoort van ons.\n\nMet vriendelijke groet,\nBrug`,
  changes: (organisation: string, note: string, link: string): string =>
    `Beste aanvrager,\n\nOm de aanvraag van ${organisation} af te ronden, vragen wij u het volgende aan te passen:\n\n${note}\n\nU past uw aanvraag aan via uw persoonlijke link:\n${link}\n\nMet vriendelijke groet,\nBrug`,
  approved: (organisation: string, naam: string): string =>
    `Beste aanvrager,\n\nDe aanvraag van ${organisation} is goedgekeurd. Wij melden ${naam}@medmij nu aan bij MedMij voor de zorgaanbiederslijst. Zodra de vermelding is gepubliceerd, zetten wij de aansluiting live en kunnen patiënten hun gegevens ophalen.\n\nMet vriendelijke groet,\nBrug`,
  rejected: (organisation: string, reason: string): string =>
    `Beste aanvrager,\n\nHelaas kunnen wij de aanvraag van ${organisation} niet goedkeuren. De reden:\n\n${reason}\n\nMet vriendelijke groet,\nBrug`,
  live: (organisation: string, naam: string): string =>
    `Beste aanvrager,\n\n${organisation} is live: patiënten kunnen via hun PGO hun gegevens ophalen bij ${naam}@medmij.\n\nMet vriendelijke groet,\nBrug`,
  suspended: (organisation: string, naam: string): string =>
    `Beste aanvrager,\n\nDe aansluiting van ${organisation} (${naam}@medmij) is geschorst. PGO's kunnen geen gegevens meer ophalen en alle gegeven toegangen zijn ingetrokken.\n\nMet vriendelijke groet,\nBrug`,
  offboarded: (organisation: string, naam: string): string =>
    `Beste aanvrager,\n\nDe aansluiting van ${organisation} (${naam}@medmij) op Brug is beëindigd. PGO's kunnen geen gegevens meer ophalen, alle gegeven toegangen zijn ingetrokken en wij laten de vermelding uit de MedMij-zorgaanbiederslijst verwijderen.\n\nMet vriendelijke groet,\nBrug`,
};
