// The only network code of the UI: same-origin requests to /api/v1.

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The address of an API path, for links (downloads) as well as requests. */
export function apiUrl(path: string, query: Record<string, string | undefined> = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') q.set(k, v);
  const s = q.toString();
  return `/api/v1${path}${s === '' ? '' : `?${s}`}`;
}

async function read<T>(res: Response): Promise<T> {
  const body = (await res.json().catch(() => ({}))) as { error?: string };
  if (!res.ok) throw new ApiFailure(res.status, body.error ?? `${res.status} ${res.statusText}`);
  return body as T;
}

export async function get<T>(
  path: string,
  query: Record<string, string | undefined> = {},
): Promise<T> {
  return read<T>(await fetch(apiUrl(path, query), { headers: { accept: 'application/json' } }));
}

/** Uploads a file; the content type is guessed from its name (JSON or XML) unless given. */
export async function upload<T>(path: string, file: File, contentType?: string): Promise<T> {
  const type = contentType ?? (/\.json$/i.test(file.name) ? 'application/json' : 'application/xml');
  return read<T>(
    await fetch(apiUrl(path, { name: file.name }), {
      method: 'POST',
      headers: { 'content-type': type },
      body: file,
    }),
  );
}

export async function remove<T>(path: string): Promise<T> {
  return read<T>(
    await fetch(apiUrl(path), {
      method: 'DELETE',
      headers: { 'content-type': 'application/json' },
    }),
  );
}
