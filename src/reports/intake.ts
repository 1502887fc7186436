// From a submitted form to a report to store (pure): each part known and given once, the text
// fields validated by the contract's zod schema, the position snapped to the grid, the time cut
// to the day. The id is random and passed in; nothing about the sender is an input here.
import { ReportForm } from '../contract/reports.js';
import { UserError } from '../shared/errors.js';
import type { FormPart } from '../shared/multipart.js';
import type { NewReport, ReportFields } from '../store/index.js';
import { dayOf, snapToGrid } from './grid.js';

/** The form's parts: every text field the contract knows, and `photo`. */
export const reportPartNames: readonly string[] = [...Object.keys(ReportForm.shape), 'photo'];

/** A submitted report: its text fields checked, and the photo part, if any, still raw. */
export interface SubmittedReport {
  form: ReportForm;
  photo?: FormPart;
}

/** Checks the parts of a report form; a bad one is a UserError naming the field and why. */
export function readReportForm(parts: readonly FormPart[]): SubmittedReport {
  const fields: Record<string, string> = {};
  let photo: FormPart | undefined;
  for (const p of parts) {
    if (!reportPartNames.includes(p.name))
      throw new UserError(
        `report: unknown field "${clip(p.name)}" (fields: ${reportPartNames.join(', ')})`,
      );
    if (p.name in fields || (p.name === 'photo' && photo !== undefined))
      throw new UserError(`report: field "${p.name}" is given twice`);
    if (p.name === 'photo') {
      // A browser sends an empty file part when no file was chosen.
      if (p.bytes.length > 0) photo = p;
      continue;
    }
    const value = decodeText(p);
    if (value.trim() !== '') fields[p.name] = value;
  }
  const parsed = ReportForm.safeParse(fields);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = String(issue?.path[0] ?? 'form');
    const why = field in fields ? (issue?.message ?? 'is not valid') : 'is required';
    throw new UserError(`report: field "${field}" ${lower(why)}`);
  }
  return photo === undefined ? { form: parsed.data } : { form: parsed.data, photo };
}

/** The report to store: random `id`, the day of `nowIso`, the position on the grid. */
export function newReport(
  form: ReportForm,
  id: string,
  nowIso: string,
  photo?: NewReport['photo'],
): NewReport {
  const fields: ReportFields = { type: form.type };
  if (form.cameraType !== undefined) fields.cameraType = form.cameraType;
  if (form.direction !== undefined) fields.direction = form.direction % 360;
  if (form.brand !== undefined) fields.brand = form.brand;
  if (form.model !== undefined) fields.model = form.model;
  if (form.operatorSign !== undefined) fields.operatorSign = form.operatorSign;
  if (form.note !== undefined) fields.note = form.note;
  const report: NewReport = { id, day: dayOf(nowIso), ...snapToGrid(form.lat, form.lon), fields };
  if (photo !== undefined) report.photo = photo;
  return report;
}

function decodeText(p: FormPart): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(p.bytes);
  } catch {
    throw new UserError(`report: field "${p.name}" is not UTF-8 text`);
  }
}

/** zod's messages start in capitals ("Invalid option"); ours continue a sentence. */
const lower = (s: string): string => s.charAt(0).toLowerCase() + s.slice(1);
const clip = (s: string): string => (s.length > 40 ? `${s.slice(0, 40)}…` : s);
