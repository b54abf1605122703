/**
 * A small, bounded parser for `multipart/form-data` (RFC 7578), for the portal's uploads: the body is
 * already limited in size by Fastify; here the number of parts, the size of each part's headers and
 * of each file are bounded too, and anything malformed is refused with a `MultipartError`.
 */

/** A refused multipart body (HTTP status and a Dutch message for the page). */
export class MultipartError extends Error {
  override readonly name = 'MultipartError';
  constructor(
    readonly status: number,
    message: string,
    /** The form field the problem belongs to, when known. */
    readonly field?: string,
  ) {
    super(message);
  }
}

/** One uploaded file. */
export interface UploadedFile {
  field: string;
  filename: string;
  contentType: string;
  data: Buffer;
}

/** A parsed form: its text fields (last value wins) and its files. */
export interface MultipartForm {
  fields: Record<string, string>;
  files: UploadedFile[];
}

/** Limits for `parseMultipart`. */
export interface MultipartLimits {
  /** Largest file, in bytes. */
  maxFileBytes: number;
  /** Most parts (fields and files together). Default 20. */
  maxParts?: number;
  /** Largest header block of one part. Default 2048. */
  maxHeaderBytes?: number;
  /** Largest text field. Default 10000. */
  maxFieldBytes?: number;
}

/**
 * The boundary from a Content-Type header, or undefined when it is not multipart/form-data.
 * @param contentType - the request's Content-Type
 */
export function boundaryOf(contentType: string | undefined): string | undefined {
  if (contentType === undefined || !/^multipart\/form-data\s*;/i.test(contentType)) return undefined;
  const m = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(contentType);
  return m?.[1] ?? m?.[2];
}

function param(header: string, name: string): string | undefined {
  const m = new RegExp(`(?:^|;)\\s*${name}="([^"]*)"`, 'i').exec(header);
  return m?.[1];
}

/**
 * Parses a multipart/form-data body.
 * @param body - the raw body
 * @param boundary - from `boundaryOf`
 * @param limits - bounds on parts, headers and files
 */
export function parseMultipart(body: Buffer, boundary: string, limits: MultipartLimits): MultipartForm {
  const maxParts = limits.maxParts ?? 20;
  const maxHeader = limits.maxHeaderBytes ?? 2048;
  const maxField = limits.maxFieldBytes ?? 10_000;
  const delim = Buffer.from(`--${boundary}`, 'latin1');
  const next = Buffer.from(`\r\n--${boundary}`, 'latin1');
  const form: MultipartForm = { fields: {}, files: [] };
  let pos = body.indexOf(delim);
  if (pos < 0) throw new MultipartError(400, 'Het formulier is onvolledig verstuurd.');
  pos += delim.length;
  for (let parts = 0; ; parts++) {
    const after = body.subarray(pos, pos + 2).toString('latin1');
    if (after === '--') return form;
    if (after !== '\r\n') throw new MultipartError(400, 'Het formulier is onvolledig verstuurd.');
    if (parts >= maxParts) throw new MultipartError(400, 'Het formulier heeft te veel onderdelen.');
    const headStart = pos + 2;
    const headEnd = body.indexOf('\r\n\r\n', headStart, 'latin1');
    if (headEnd < 0 || headEnd - headStart > maxHeader) {
      throw new MultipartError(400, 'Het formulier is onvolledig verstuurd.');
    }
    const headers = new Map<string, string>();
    for (const line of body.subarray(headStart, headEnd).toString('utf8').split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
    }
    const dataStart = headEnd + 4;
    const dataEnd = body.indexOf(next, dataStart);
    if (dataEnd < 0) throw new MultipartError(400, 'Het formulier is onvolledig verstuurd.');
    const disposition = headers.get('content-disposition') ?? '';
    if (!/^form-data\s*(;|$)/i.test(disposition)) {
      throw new MultipartError(400, 'Het formulier is onvolledig verstuurd.');
    }
    const name = param(disposition, 'name');
    if (name === undefined || name === '')
      throw new MultipartError(400, 'Het formulier is onvolledig verstuurd.');
    const filename = param(disposition, 'filename');
    const size = dataEnd - dataStart;
    if (filename !== undefined) {
      if (size > limits.maxFileBytes) {
        throw new MultipartError(
          413,
          `Het bestand is te groot (hoogstens ${Math.floor(limits.maxFileBytes / 1024)} kB).`,
          name,
        );
      }
      // A file input left empty arrives as a part with an empty filename and no bytes.
      if (filename !== '' || size > 0) {
        form.files.push({
          field: name,
          filename: filename.replace(/[^\w .()-]/g, '_').slice(0, 120),
          contentType: headers.get('content-type') ?? 'application/octet-stream',
          data: Buffer.from(body.subarray(dataStart, dataEnd)),
        });
      }
    } else {
      if (size > maxField) throw new MultipartError(400, 'Een veld in het formulier is te lang.', name);
      form.fields[name] = body.subarray(dataStart, dataEnd).toString('utf8');
    }
    pos = dataEnd + next.length;
  }
}
