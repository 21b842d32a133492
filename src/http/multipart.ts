import type { FastifyRequest } from 'fastify';
import { HttpError, toHttpError } from './errors.ts';

export interface MultipartForm {
  /** Text fields; a name sent twice keeps its first value, as the form's first control is the one that counts. */
  fields: Record<string, string>;
  /** The one file part with the expected name, when it carried bytes (an empty file input sends a nameless, empty part). */
  file?: Buffer;
  /** The file's name as the sender's computer gave it (the last part of a path only; at most 255 characters), with the file. */
  fileName?: string;
  /** Why the file was not taken: too large. The rest of the form is read, so it can come back as typed. */
  fileProblem?: string;
}

export interface MultipartLimits {
  fileField: string;
  maxFileBytes: number;
  maxFields?: number;
  maxFieldBytes?: number;
}

/**
 * Reads a multipart form (an upload form, with or without JavaScript) into text fields and one file.
 * A file over the size limit becomes a problem to show beside the file input; a body the parser cannot
 * read (cut short, no boundary) is the sender's fault, 400; too many fields or parts, 413.
 */
export async function readMultipartForm(request: FastifyRequest, limits: MultipartLimits): Promise<MultipartForm> {
  const form: MultipartForm = { fields: {} };
  // The plugin honours throwFileSizeLimit in parts() although its types do not list it there.
  const options = {
    throwFileSizeLimit: false,
    limits: { fileSize: limits.maxFileBytes, files: 1, fields: limits.maxFields ?? 40, fieldSize: limits.maxFieldBytes ?? 1024 * 1024 },
  };
  try {
    for await (const part of request.parts(options)) {
      if (part.type === 'file') {
        const bytes = await part.toBuffer();
        if (part.file.truncated) form.fileProblem = `is larger than ${Math.round(limits.maxFileBytes / 1024 / 1024)} MB`;
        else if (part.fieldname === limits.fileField && bytes.length > 0) {
          form.file = bytes;
          form.fileName = (part.filename ?? '').split(/[\\/]/).pop()!.slice(0, 255) || undefined;
        }
      } else if (typeof part.value === 'string') {
        form.fields[part.fieldname] ??= part.value;
      }
    }
  } catch (err) {
    const known = toHttpError(err as Error);
    if (known.status < 500) throw known;
    throw new HttpError(400, 'bad_request', 'The form could not be read: the upload was cut short or is not well-formed multipart data');
  }
  return form;
}
