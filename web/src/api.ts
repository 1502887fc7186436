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

/**
 * Uploads a file as raw bytes, telling `onProgress` the share sent so far (fetch cannot report
 * an upload's progress; XMLHttpRequest can). Resolves with the JSON answer, or an ApiFailure.
 */
export function uploadWithProgress<T>(
  path: string,
  file: File,
  onProgress: (sent: number, total: number) => void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', apiUrl(path, { name: file.name }));
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    xhr.responseType = 'text';
    xhr.upload.addEventListener('progress', (e) => onProgress(e.loaded, e.total || file.size));
    xhr.addEventListener('load', () => {
      let body: { error?: string } = {};
      try {
        body = JSON.parse(String(xhr.response)) as { error?: string };
      } catch {
        // Not JSON: the status line says what happened.
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as T);
      else reject(new ApiFailure(xhr.status, body.error ?? `${xhr.status} ${xhr.statusText}`));
    });
    xhr.addEventListener('error', () => reject(new ApiFailure(0, 'the upload was cut off')));
    xhr.send(file);
  });
}

/** Sends JSON (or nothing) with extra headers (a moderator's CSRF token); the session cookie goes along. */
export async function sendJson<T>(
  method: 'POST' | 'DELETE',
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<T> {
  return read<T>(
    await fetch(apiUrl(path), {
      method,
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
      body: body === undefined ? null : JSON.stringify(body),
    }),
  );
}

/** Posts a multipart form without any cookie (a citizen report carries nothing of its sender). */
export async function postForm<T>(path: string, form: FormData): Promise<T> {
  return read<T>(
    await fetch(apiUrl(path), {
      method: 'POST',
      credentials: 'omit',
      headers: { accept: 'application/json' },
      body: form,
    }),
  );
}
