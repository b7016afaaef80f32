/**
 * The consoles' JSON client (admin, supervisor, editor): the session cookie, JSON in and out, errors as
 * `{code, message}`. A 401 sends the reader to sign in and back to their page.
 */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    /** The error body's other fields (a conflict carries the file as it is on disk now). */
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }
}

export type JsonApi = <T>(method: string, url: string, body?: unknown) => Promise<T>;

/** A client for the page at `page` (e.g. "/admin/"): where sign-in returns to after a 401. */
export function jsonApi(page: string): JsonApi {
  return async <T>(method: string, url: string, body?: unknown): Promise<T> => {
    const response = await fetch(url, {
      method,
      credentials: 'same-origin',
      ...(body !== undefined
        ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }
        : {}),
    });
    const data = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    if (!response.ok) {
      if (response.status === 401) location.assign(`/agent/login?next=${page}`);
      const { code, message, ...details } = data;
      throw new ApiError(
        typeof code === 'string' ? code : 'INTERNAL_ERROR',
        typeof message === 'string' ? message : response.statusText,
        response.status,
        details,
      );
    }
    return data as T;
  };
}
