// Knowledge-base routes: vendors, relations, restrictions, advisories, identify. Views come from
// the kb and atlas domains; derived facts (what reaches a vendor, statuses, labels) are computed
// here on the server, never in the browser.
import { z } from 'zod';
import { findSubject } from '../atlas/show.js';
import { vendorList, vendorPage } from '../atlas/views/vendors.js';
import { IdentifyAnswer, VendorList, VendorPage } from '../contract/index.js';
import { Identifier, isCalendarDay } from '../kb/index.js';
import { Advisory, Relation, Restriction } from '../kb/schema.js';
import { identifyAnswer } from '../kb/views.js';
import { HttpError } from '../shared/errors.js';
import type { StoreArea } from '../store/index.js';
import {
  formatParam,
  notFound,
  pathParam,
  route,
  type ApiRequest,
  type Param,
  type Route,
} from './api-types.js';
import { rowsToCsv } from './csv-rows.js';

const fromKb: readonly StoreArea[] = [];
const fromAtlas: readonly StoreArea[] = ['records'];
const asOfParam: Param = {
  name: 'asOf',
  in: 'query',
  description: 'a calendar day, YYYY-MM-DD (default: today)',
};

/** The `asOf` date of a request, checked; today when absent. */
function asOf(req: ApiRequest, today: string): string {
  const v = req.query.get('asOf');
  if (v === null || v === '') return today;
  if (!isCalendarDay(v))
    throw new HttpError(400, `asOf: "${v.slice(0, 40)}" is not a calendar date (YYYY-MM-DD)`);
  return v;
}

export const kbRoutes: Route[] = [
  route({
    method: 'GET',
    path: '/vendors',
    reads: fromKb,
    summary: 'Vendors with their maker and coverage under US federal rules',
    params: [asOfParam, formatParam],
    response: VendorList,
    render: {
      csv: (rows) =>
        rowsToCsv(rows, [
          'id',
          'name',
          'kindLabel',
          'country',
          'maker',
          'covered',
          'categoryLabel',
        ]),
    },
    handler: async (ctx, req) => vendorList(ctx.kb, asOf(req, ctx.today())),
  }),
  route({
    method: 'GET',
    path: '/vendors/:id',
    reads: fromAtlas,
    summary:
      'A vendor: ownership and brands with dates, the restrictions that reach it, fingerprints, advisories, projects — each with numbered sources',
    params: [pathParam('id', 'vendor id or name'), asOfParam],
    response: VendorPage,
    handler: async (ctx, req) => {
      const atlas = await ctx.atlas();
      const found = findSubject(atlas, ctx.kb, decodeURIComponent(req.params.id ?? ''));
      if (found?.kind !== 'vendor') return notFound('vendor');
      return vendorPage(atlas, ctx.kb, found.id, asOf(req, ctx.today())) ?? notFound('vendor');
    },
  }),
  route({
    method: 'GET',
    path: '/relations',
    reads: fromKb,
    summary: 'Ownership, affiliate, brand and OEM relations between vendors',
    response: z.array(Relation),
    handler: async (ctx) => [...ctx.kb.relations],
  }),
  route({
    method: 'GET',
    path: '/restrictions',
    reads: fromKb,
    summary:
      'Laws and rules restricting vendors, with their dates (announced, adopted, released, effective) and scope',
    response: z.array(Restriction),
    handler: async (ctx) => [...ctx.kb.restrictions],
  }),
  route({
    method: 'GET',
    path: '/advisories',
    reads: fromKb,
    summary: 'Known vulnerabilities with the products and firmware they affect',
    response: z.array(Advisory),
    handler: async (ctx) => [...ctx.kb.advisories],
  }),
  route({
    method: 'GET',
    path: '/identify',
    reads: fromKb,
    summary:
      'Identify a MAC, OUI, banner, model, brand or domain: maker, brand, relations, restrictions, advisories, sources',
    params: [{ name: 'q', in: 'query', description: 'the value', required: true }, asOfParam],
    response: IdentifyAnswer,
    handler: async (ctx, req) => {
      const q = req.query.get('q') ?? '';
      if (q.trim() === '') throw new HttpError(400, 'q: give a value to identify');
      if (q.length > 4096) throw new HttpError(400, 'q: longer than 4096 characters');
      const date = asOf(req, ctx.today());
      const out = new Identifier(ctx.kb, date).identify(q);
      if (!out.ok) throw new HttpError(400, `q: ${out.error}`);
      return identifyAnswer(ctx.kb, out.value, date);
    },
  }),
];
