/**
 * Just enough DER to write a subjectAltName extension with an `otherName` (the UZI identity string),
 * which `@peculiar/x509`'s high-level GeneralName API does not offer.
 */

/** One DER element: tag byte, definite length, content. */
export function tlv(tag: number, content: Uint8Array): Uint8Array {
  const n = content.length;
  let len: number[];
  if (n < 0x80) len = [n];
  else {
    const bytes: number[] = [];
    for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
    len = [0x80 | bytes.length, ...bytes];
  }
  const out = new Uint8Array(1 + len.length + n);
  out[0] = tag;
  out.set(len, 1);
  out.set(content, 1 + len.length);
  return out;
}

/** Concatenates byte arrays. */
export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** DER OBJECT IDENTIFIER for a dotted OID such as '2.5.5.5'. */
export function oid(dotted: string): Uint8Array {
  const arcs = dotted.split('.').map(Number);
  if (arcs.length < 2 || arcs.some((a) => !Number.isInteger(a) || a < 0))
    throw new Error(`bad OID "${dotted}"`);
  const body: number[] = [arcs[0]! * 40 + arcs[1]!];
  for (const arc of arcs.slice(2)) {
    const chunk: number[] = [arc & 0x7f];
    for (let v = Math.floor(arc / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift(0x80 | (v & 0x7f));
    body.push(...chunk);
  }
  return tlv(0x06, Uint8Array.from(body));
}

function ascii(s: string): Uint8Array {
  if (!/^[\x20-\x7e]*$/.test(s)) throw new Error(`not printable ASCII: "${s}"`);
  return new TextEncoder().encode(s);
}

/** A subject alternative name entry. */
export type AltName = { dns: string } | { ip: string } | { otherName: { oid: string; ia5: string } };

function ipBytes(ip: string): Uint8Array {
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) {
    throw new Error(`only IPv4 addresses are supported here, got "${ip}"`);
  }
  return Uint8Array.from(parts);
}

/**
 * The DER value of a subjectAltName extension (a SEQUENCE OF GeneralName).
 * @param names - DNS names, IPv4 addresses and otherNames carrying an IA5String
 */
export function subjectAltNameDer(names: AltName[]): Uint8Array {
  const encoded = names.map((n) => {
    if ('dns' in n) return tlv(0x82, ascii(n.dns));
    if ('ip' in n) return tlv(0x87, ipBytes(n.ip));
    // otherName [0] IMPLICIT SEQUENCE { type-id OID, value [0] EXPLICIT IA5String }
    return tlv(0xa0, concat(oid(n.otherName.oid), tlv(0xa0, tlv(0x16, ascii(n.otherName.ia5)))));
  });
  return tlv(0x30, concat(...encoded));
}
