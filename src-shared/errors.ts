/**
 * The closed set of expected failures that may cross a boundary (IPC, HTTP, CLI exit).
 * Bugs are not AppErrors: they are assertions and surface as `internal`.
 */
export const APP_ERROR_CODES = [
  'invalid-input', // a payload did not match the Api contract or a settings schema
  'unknown-method', // the Api has no such method
  'payload-too-large', // an Api call over the transport's size limit
  'unauthorized', // missing or wrong session token
  'forbidden', // foreign Host or Origin
  'not-configured', // the app lacks a setting it needs for this call
  'not-available', // the capability exists in the contract but is not built yet
  'database-unavailable',
  'database-version',
  'graph-unavailable',
  'graph-throttled',
  'graph-auth',
  'mailbox-unavailable',
  'delta-expired',
  'crm-auth', // a CRM refused the credentials: wrong, expired, revoked or rotated token or secret
  'crm-limit', // a CRM's API limit stayed reached after the capped waits (or a daily budget is spent)
  'crm-unreachable', // a CRM's API could not be reached or answered with something that is not its API
  'consent-missing',
  'confirmation-required', // a destructive change that the caller must confirm explicitly (e.g. crm.import's allowRemovals)
  'outside-access-scope', // Exchange refuses this mailbox to the app: an application access policy or RBAC for Applications scope excludes it
  'internal',
] as const;

export type AppErrorCode = (typeof APP_ERROR_CODES)[number];

/** The whitelisted error shape that transports carry: never a stack, never a secret. */
export type AppErrorShape = {
  code: AppErrorCode;
  message: string;
  retryable: boolean;
  /** Per-field problems for `invalid-input`: path (dot-joined) and message. */
  issues?: { path: string; message: string }[];
};

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly retryable: boolean;
  readonly issues: { path: string; message: string }[] | undefined;

  constructor(
    code: AppErrorCode,
    message: string,
    options: { retryable?: boolean; cause?: unknown; issues?: { path: string; message: string }[] } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.issues = options.issues;
  }

  toShape(): AppErrorShape {
    const shape: AppErrorShape = { code: this.code, message: this.message, retryable: this.retryable };
    if (this.issues) shape.issues = this.issues;
    return shape;
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}

/** Turns anything thrown into the whitelisted shape; unknown errors never leak their text. */
export function toErrorShape(error: unknown): AppErrorShape {
  if (isAppError(error)) return error.toShape();
  return { code: 'internal', message: 'An unexpected error occurred; see the application log.', retryable: false };
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppErrorShape };
