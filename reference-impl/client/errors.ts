import type { StatusObject } from './types.ts';

/**
 * A failed API call, carrying the server's Status. Components branch on `reason` (the stable,
 * upstream name such as NotFound, Conflict, AlreadyExists, Expired, Invalid, Forbidden), never
 * on message text.
 */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly reason: string,
    message: string,
    readonly status?: StatusObject,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The API server could not be reached or the connection broke before a response. */
export class ConnectionError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ConnectionError';
  }
}

function reasonOf(error: unknown): string | undefined {
  return error instanceof ApiError ? error.reason : undefined;
}

export const isNotFound = (error: unknown): boolean => reasonOf(error) === 'NotFound';
export const isConflict = (error: unknown): boolean => reasonOf(error) === 'Conflict';
export const isAlreadyExists = (error: unknown): boolean => reasonOf(error) === 'AlreadyExists';
/** 410: a watch or list asked for a resourceVersion older than the server keeps. */
export const isGone = (error: unknown): boolean =>
  error instanceof ApiError && (error.statusCode === 410 || error.reason === 'Expired' || error.reason === 'Gone');
export const isForbidden = (error: unknown): boolean => reasonOf(error) === 'Forbidden';
export const isInvalid = (error: unknown): boolean => reasonOf(error) === 'Invalid';

/** Builds an ApiError from an HTTP status and a body that may or may not be a Status. */
export function apiErrorFrom(statusCode: number, body: string): ApiError {
  let status: StatusObject | undefined;
  try {
    const parsed = JSON.parse(body) as StatusObject;
    if (parsed && parsed.kind === 'Status') status = parsed;
  } catch {
    // Not JSON: keep the raw text as the message.
  }
  const reason = status?.reason || fallbackReason(statusCode);
  const message = status?.message || body.slice(0, 500) || `HTTP ${statusCode}`;
  return new ApiError(statusCode, reason, message, status);
}

function fallbackReason(statusCode: number): string {
  switch (statusCode) {
    case 400: return 'BadRequest';
    case 401: return 'Unauthorized';
    case 403: return 'Forbidden';
    case 404: return 'NotFound';
    case 405: return 'MethodNotAllowed';
    case 409: return 'Conflict';
    case 410: return 'Expired';
    case 422: return 'Invalid';
    case 429: return 'TooManyRequests';
    default: return statusCode >= 500 ? 'InternalError' : 'Unknown';
  }
}
