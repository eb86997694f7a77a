/** The one error type admission throws; the API server turns it into a Status at its edge. */
import type { FieldCause } from '../strategy/index.js';

export class AdmissionError extends Error {
  private constructor(
    /** 403 (Forbidden: quota, limit ranges) or 422 (Invalid: address allocation). */
    readonly code: 403 | 422,
    readonly reason: 'Forbidden' | 'Invalid',
    /** For 403: the text after `<resource> "<name>" is forbidden: `. For 422: the joined causes. */
    readonly detail: string,
    /** For 422: field causes, as validation reports them. */
    readonly causes: FieldCause[],
  ) {
    super(detail);
    this.name = 'AdmissionError';
  }

  static forbidden(detail: string): AdmissionError {
    return new AdmissionError(403, 'Forbidden', detail, []);
  }

  static invalid(causes: FieldCause[]): AdmissionError {
    return new AdmissionError(422, 'Invalid', causes.map((cause) => `${cause.field}: ${cause.message}`).join(', '), causes);
  }
}
