/** The one error type the patch engines throw; the API server turns it into a Status. */
export interface PatchCause {
  reason: string;
  field: string;
  message: string;
}

/** Thrown for a patch the server must refuse; status is the HTTP code (400, 409, 415, 422). */
export class PatchError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly causes: PatchCause[] = [],
  ) {
    super(message);
    this.name = 'PatchError';
  }
}

/** The body did not parse or has the wrong shape: 400 BadRequest as kube-apiserver answers. */
export function badRequest(message: string): PatchError {
  return new PatchError(400, message);
}

/** A patch that parsed but cannot be applied: kube-apiserver answers 422 with this generic text. */
export function unprocessable(detail: string): PatchError {
  return new PatchError(422, 'the server rejected our request due to an error in our request', [
    { reason: 'UnexpectedServerResponse', field: '', message: detail },
  ]);
}

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function parseJsonBody(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch (error) {
    throw badRequest(`error decoding patch: ${(error as Error).message}`);
  }
}
