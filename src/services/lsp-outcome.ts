/**
 * How failures on the LSP side reach the PGO. The PGO's request was fine, so a failure behind Brug is a
 * 502, 503 or 504 (504 for timeouts); an authorization refusal (AUTERR_*) is a 403, but only when no
 * source answered otherwise; "not found" (NF) is no error at all but an empty searchset. The LSP code always
 * travels in the OperationOutcome, with the issue code VZVZ's LSP+ uses for it
 * (../shared/domain/aorta.md section 3, error table).
 */

export interface LspOutcomeRule {
  /** HTTP status Brug answers when this is the only outcome. */
  status: number;
  /** OperationOutcome issue code (VZVZ's mapping). */
  issueCode: string;
  /** Dutch text for the PGO's user. */
  text: string;
}

/** The error table; unknown codes use OTHER. RTEDEST/RTUDEST glosses are [UNVERIFIED] in the domain doc. */
export const LSP_CODE_RULES: Readonly<Record<string, LspOutcomeRule>> = {
  NOSTORE: { status: 503, issueCode: 'exception', text: 'Het LSP kon het bericht niet opslaan.' },
  RTEDEST: {
    status: 504,
    issueCode: 'no-store',
    text: 'De bron bij de zorgaanbieder antwoordde niet op tijd.',
  },
  RTUDEST: {
    status: 502,
    issueCode: 'no-store',
    text: 'De bron bij de zorgaanbieder is onbekend bij het LSP.',
  },
  KEY204: { status: 502, issueCode: 'not-found', text: 'Het LSP vond de gevraagde sleutel niet.' },
  QABRTITI: {
    status: 504,
    issueCode: 'timeout',
    text: 'De vraag is afgebroken omdat het antwoord te lang duurde.',
  },
  AUTERR_MEDISCH: {
    status: 403,
    issueCode: 'forbidden',
    text: 'De zorgaanbieder geeft deze gegevens niet vrij.',
  },
  AUTERR_SWV_FALSE: {
    status: 403,
    issueCode: 'suppressed',
    text: 'Er zijn gegevens buiten het samenwerkingsverband of de regio.',
  },
  AUTERR_CONFRCV: {
    status: 403,
    issueCode: 'not-found',
    text: 'Er is geen toestemming vastgelegd voor deze gegevens.',
  },
  SYN105: { status: 502, issueCode: 'invalid', text: 'Het LSP kon de vraag niet verwerken (syntaxfout).' },
};

export const OTHER_LSP_RULE: LspOutcomeRule = {
  status: 502,
  issueCode: 'incomplete',
  text: 'Het LSP meldde een fout bij het ophalen van de gegevens.',
};

/** The rule for an LSP code. */
export function ruleFor(code: string): LspOutcomeRule {
  return LSP_CODE_RULES[code] ?? OTHER_LSP_RULE;
}

/** True for authorization refusals, which become 403 only when nothing else answered. */
export function isAuthorizationRefusal(code: string): boolean {
  return code.startsWith('AUTERR_');
}
