// Reporting a camera: where it is (tapped on the map, typed, or taken from the photo's GPS when
// the reporter agrees on screen), what it is, what is written on it, a note and an optional photo.
// Sent as one multipart form without cookies; the answer is the report's id and nothing else.
import { ApiFailure, postForm } from '../api.js';
import { fieldText, h } from '../dom.js';
import { readExifGps } from '../exif-gps.js';
import { pickMap } from '../parts/pick-map.js';
import type { ReportCreated } from '../types.js';
import { params } from '../url.js';

/** The server's limit for a photo (api-reports.ts): checked here first to save a slow upload. */
const maxPhotoBytes = 12 * 1024 * 1024;

const field = (id: string, label: string, input: HTMLElement, hint?: string): HTMLElement =>
  h(
    'p',
    { class: 'field' },
    h('label', { for: id }, label),
    input,
    hint === undefined ? '' : h('small', { id: `${id}-hint` }, hint),
  );

const choice = (id: string, options: readonly (readonly [string, string])[]): HTMLElement =>
  h(
    'select',
    { id, name: id },
    options.map(([v, text]) => h('option', { value: v }, text)),
  );

const text = (id: string, max: number, extra: Record<string, string> = {}): HTMLElement =>
  h('input', { id, name: id, type: 'text', maxlength: max, autocomplete: 'off', ...extra });

export async function reportPage(main: HTMLElement): Promise<void> {
  const lat = h('input', {
    id: 'lat',
    name: 'lat',
    inputmode: 'decimal',
    required: true,
    autocomplete: 'off',
    'aria-describedby': 'where-hint',
  }) as HTMLInputElement;
  const lon = h('input', {
    id: 'lon',
    name: 'lon',
    inputmode: 'decimal',
    required: true,
    autocomplete: 'off',
    'aria-describedby': 'where-hint',
  }) as HTMLInputElement;
  const setPosition = (la: number, lo: number): void => {
    lat.value = la.toFixed(6);
    lon.value = lo.toFixed(6);
  };
  const p = params();
  const map = pickMap(
    { lat: Number(p.lat ?? 20), lon: Number(p.lon ?? 10), zoom: Number(p.z ?? 1.5) },
    setPosition,
  );
  const typed = (): void => {
    const la = Number(lat.value);
    const lo = Number(lon.value);
    if (lat.value !== '' && lon.value !== '' && Math.abs(la) <= 90 && Math.abs(lo) <= 180)
      map.show(la, lo);
  };
  lat.addEventListener('change', typed);
  lon.addEventListener('change', typed);

  const photo = h('input', {
    id: 'photo',
    name: 'photo',
    type: 'file',
    accept: 'image/jpeg,image/png,image/webp,image/heic,image/heif',
    'aria-describedby': 'photo-hint',
  }) as HTMLInputElement;
  const consent = h('div', { class: 'photo-position', 'aria-live': 'polite' });
  photo.addEventListener('change', () => void offerPhotoPosition(photo, consent, setPosition, map));

  const status = h('p', { class: 'report-status', role: 'status' });
  const problem = h('p', { class: 'report-problem', role: 'alert' });
  const send = h('button', { type: 'submit' }, 'Send the report') as HTMLButtonElement;
  const form = h(
    'form',
    { class: 'report-form', novalidate: true },
    h(
      'fieldset',
      {},
      h('legend', {}, 'Where is it?'),
      h(
        'p',
        { id: 'where-hint', class: 'hint' },
        'Tap or click the map where the camera is, or type its position in degrees. It is kept to about 5 m.',
      ),
      map.element,
      h(
        'div',
        { class: 'field-row' },
        field('lat', 'Latitude', lat),
        field('lon', 'Longitude', lon),
      ),
    ),
    h(
      'fieldset',
      {},
      h('legend', {}, 'Photo (optional)'),
      field(
        'photo',
        'A photo of the camera',
        photo,
        'JPEG, PNG, WebP or HEIC, up to 12 MiB. Its metadata (time, place, phone model) is removed on the server, faces are painted over, and only the cleaned picture is kept.',
      ),
      consent,
    ),
    h(
      'fieldset',
      {},
      h('legend', {}, 'What is it?'),
      field(
        'type',
        'Type',
        choice('type', [
          ['camera', 'camera'],
          ['ALPR', 'licence plate reader (ALPR)'],
          ['gunshot_detector', 'gunshot detector'],
          ['other', 'something else'],
        ]),
      ),
      field(
        'cameraType',
        'Housing',
        choice('cameraType', [
          ['', 'not sure'],
          ['fixed', 'fixed (box or bullet)'],
          ['dome', 'dome'],
          ['panning', 'panning (moves)'],
        ]),
      ),
      field(
        'direction',
        'Facing',
        choice('direction', [
          ['', 'not sure'],
          ...(['N', 'NE', 'E', 'SE', 'S', 'SW', 'W', 'NW'] as const).map((d) => [d, d] as const),
        ]),
      ),
    ),
    h(
      'fieldset',
      {},
      h('legend', {}, 'What is written on it?'),
      field('brand', 'Brand', text('brand', 100)),
      field('model', 'Model', text('model', 100)),
      field(
        'operatorSign',
        'Operator sign',
        text('operatorSign', 300),
        'e.g. “CCTV — City Police”',
      ),
      field(
        'note',
        'Note',
        h('textarea', { id: 'note', name: 'note', maxlength: 2000, rows: 3 }),
        'Anything else about the camera. Do not write your name or how to reach you: reports are anonymous.',
      ),
    ),
    problem,
    h('p', {}, send),
    status,
  ) as HTMLFormElement;
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void submit(form, photo, send, status, problem);
  });
  main.append(
    h('h1', {}, 'Report a camera'),
    h(
      'p',
      { class: 'lede' },
      'No account, no cookie. Nothing about you is kept: not your address, not your browser, not the time (only the day). A moderator checks each report before it appears on the map as “reported by the public”.',
    ),
    form,
  );
}

/** Reads the chosen photo's GPS position and, if there is one, asks before using it. */
async function offerPhotoPosition(
  photo: HTMLInputElement,
  box: HTMLElement,
  use: (lat: number, lon: number) => void,
  map: { show: (lat: number, lon: number) => void },
): Promise<void> {
  box.replaceChildren();
  const file = photo.files?.[0];
  if (file === undefined) return;
  if (file.size > maxPhotoBytes) {
    box.append(
      h('p', { class: 'report-problem' }, 'This photo is over 12 MiB: choose a smaller one.'),
    );
    return;
  }
  // The EXIF block sits at the start of a JPEG: the first 256 KiB is enough.
  const head = new Uint8Array(await file.slice(0, 256 * 1024).arrayBuffer());
  const gps = readExifGps(head);
  if (!gps.ok) {
    box.append(h('p', { class: 'hint' }, `The photo carries no usable position (${gps.reason}).`));
    return;
  }
  const where = `${gps.lat.toFixed(6)}, ${gps.lon.toFixed(6)}`;
  const button = h(
    'button',
    {
      type: 'button',
      id: 'use-photo-position',
      onclick: () => {
        use(gps.lat, gps.lon);
        map.show(gps.lat, gps.lon);
        button.replaceWith(h('p', { class: 'done' }, `Position set from the photo: ${where}.`));
      },
    },
    'Use the photo’s position',
  );
  box.append(
    h(
      'p',
      {},
      `This photo records where it was taken: ${where}. That is probably where you stood, not where the camera is. Use it as the camera’s position? It is sent only if you agree, rounded to about 5 m; the photo itself is sent without it either way.`,
    ),
    button,
  );
}

async function submit(
  form: HTMLFormElement,
  photo: HTMLInputElement,
  send: HTMLButtonElement,
  status: HTMLElement,
  problem: HTMLElement,
): Promise<void> {
  problem.textContent = '';
  status.textContent = '';
  const data = new FormData(form);
  const lat = fieldText(data, 'lat').trim();
  const lon = fieldText(data, 'lon').trim();
  if (lat === '' || lon === '') {
    problem.textContent =
      'Say where the camera is: tap the map or type its latitude and longitude.';
    return;
  }
  const file = photo.files?.[0];
  if (file === undefined) data.delete('photo');
  else if (file.size > maxPhotoBytes) {
    problem.textContent = 'The photo is over 12 MiB: choose a smaller one.';
    return;
  }
  // Empty fields are left out, so the server sees only what was said.
  for (const [k, v] of [...data.entries()])
    if (typeof v === 'string' && v.trim() === '') data.delete(k);
  send.disabled = true;
  status.textContent = file === undefined ? 'Sending…' : 'Sending the photo and cleaning it…';
  try {
    const answer = await postForm<ReportCreated>('/reports', data);
    form.replaceChildren(
      h(
        'div',
        { class: 'report-done', role: 'status', 'data-report-id': answer.id },
        h('h2', {}, 'Thank you: the report was received'),
        h('p', {}, `Its number is ${answer.id}. A moderator will look at it.`),
        h('p', {}, h('a', { href: '/report' }, 'Report another camera')),
      ),
    );
  } catch (e) {
    status.textContent = '';
    problem.textContent = !(e instanceof ApiFailure)
      ? 'The report could not be sent: the connection failed. Try again.'
      : `The report was not accepted: ${(e as Error).message}`;
  } finally {
    send.disabled = false;
  }
}
