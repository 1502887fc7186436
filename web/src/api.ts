// The only network code of the UI: same-origin requests to /api/v1.

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function get<T>(path: string): Promise<T> {
  const res = await fetch(`/api/v1${path}`, { headers: { accept: 'application/json' } });
  const body = (await res.json().catch(() => ({}))) as { error?: string };
  if (!res.ok) throw new ApiFailure(res.status, body.error ?? `${res.status} ${res.statusText}`);
  return body as T;
}

export async function upload<T>(path: string, file: File): Promise<T> {
  const type = /\.json$/i.test(file.name) ? 'application/json' : 'application/xml';
  const res = await fetch(`/api/v1${path}?name=${encodeURIComponent(file.name)}`, {
    method: 'POST',
    headers: { 'content-type': type },
    body: file,
  });
  const body = (await res.json().catch(() => ({}))) as { error?: string };
  if (!res.ok) throw new ApiFailure(res.status, body.error ?? `${res.status} ${res.statusText}`);
  return body as T;
}
