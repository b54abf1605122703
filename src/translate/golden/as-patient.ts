/**
 * Local adapter (until the simulator exports one): serves an HL7v3 answer under another identity, as
 * the manifest's `asPatient` says. The patient's BSN ids (root 2.16.840.1.113883.2.4.6.3) become the
 * new BSN everywhere; the R_PatientNL name, gender and birth time are replaced where given.
 */
export interface AsPatient {
  bsn: string;
  given?: { value: string; qualifier?: string }[];
  family?: { value: string; qualifier?: string }[];
  gender?: string;
  birthTime?: string;
}

const BSN_ROOT = '2.16.840.1.113883.2.4.6.3';

function part(tag: string, p: { value: string; qualifier?: string }): string {
  const q = p.qualifier === undefined ? '' : ` qualifier="${p.qualifier}"`;
  return `<${tag}${q}>${p.value.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</${tag}>`;
}

/**
 * @param xml - the answer text
 * @param who - the identity to serve it under
 */
export function applyAsPatient(xml: string, who: AsPatient): string {
  let out = xml.replace(/<id\b[^>]*>/g, (tag) => {
    if (!tag.includes(`root="${BSN_ROOT}"`)) return tag;
    return tag.replace(/extension="[^"]*"/, `extension="${who.bsn}"`);
  });
  out = out.replace(
    /(<Patient>[\s\S]*?<Person>)([\s\S]*?)(<\/Person>)/,
    (_all, open: string, person: string, close: string) => {
      let p = person;
      if (who.given || who.family) {
        const given = (who.given ?? []).map((g) => part('given', g)).join('');
        const family = (who.family ?? []).map((f) => part('family', f)).join('');
        p = p.replace(/<name\b([^>]*)>[\s\S]*?<\/name>/, `<name$1>${given}${family}</name>`);
      }
      if (who.gender !== undefined)
        p = p.replace(/(<administrativeGenderCode\b[^>]*\bcode=")[^"]*"/, `$1${who.gender}"`);
      if (who.birthTime !== undefined)
        p = p.replace(/(<birthTime\b[^>]*\bvalue=")[^"]*"/, `$1${who.birthTime}"`);
      return `${open}${p}${close}`;
    },
  );
  return out;
}
