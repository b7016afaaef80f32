/** The editor API, from the page: JSON in and out, the session cookie, errors as `{code, message}`. */
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

export async function api<T>(method: string, url: string, body?: unknown): Promise<T> {
  const response = await fetch(url, {
    method,
    credentials: 'same-origin',
    ...(body !== undefined
      ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }
      : {}),
  });
  const data = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok) {
    if (response.status === 401) location.assign('/agent/login?next=/editor/');
    const { code, message, ...details } = data;
    throw new ApiError(
      typeof code === 'string' ? code : 'INTERNAL_ERROR',
      typeof message === 'string' ? message : response.statusText,
      response.status,
      details,
    );
  }
  return data as T;
}
