// Method and glossary: what the observatory's words mean, what counts as a project, where the
// data comes from and how to correct it.
import { h } from '../dom.js';

const terms: Array<[string, string]> = [
  [
    'Claim',
    'Every figure is a claim: what a source says (a number of cameras, an amount, a date), with the source, its words where they could be quoted, when the figure held, and how far it can be believed. The atlas never states a figure as fact; it says who says it.',
  ],
  [
    'Status of a claim',
    'Reported: a source says it. Confirmed: an official or primary document states it, or independent sources agree. Disputed: sources disagree, or the figure is doubtful. Refuted: shown to be wrong; kept so the error stays visible.',
  ],
  [
    'Confidence',
    'High, medium, low or unverified: how much a claim or a record is to be believed, given its sources (an official register, a court filing, the press, a vendor’s own marketing, an encyclopedia copy).',
  ],
  [
    'Sources disagree',
    'Shown only when figures of the same measure — the same property, unit and scope, for the same time — cannot all be true. Figures from different years, in different currencies or for different areas complement each other.',
  ],
  [
    'Covered',
    'Equipment caught by the US federal equipment rules: NDAA §889, the FCC Covered List and the FCC’s ban on new authorisations. These rules name Huawei, ZTE, Hytera, Hikvision and Dahua, and reach their subsidiaries and affiliates.',
  ],
  ['Named entity', 'A company a rule names itself.'],
  [
    'Subsidiary or affiliate',
    'A company owned or controlled by a named entity, or affiliated with it, where the rule reaches affiliates (EZVIZ for Hikvision, for example).',
  ],
  [
    'Sells equipment made by a named entity (OEM)',
    'A brand that sells equipment a named entity made under its own label. Equipment made by a named maker is covered whatever its label.',
  ],
  [
    'Based in the PRC, not named',
    'A vendor based in the People’s Republic of China that the US federal equipment rules do not name (Uniview, for example). Other rules may still reach it; the vendor’s page lists only the rules that do.',
  ],
  [
    'Advisory: affected, may apply',
    'A known vulnerability affects a device only when both its product (the kind of device, the model) and its firmware are in the ranges the vendor or the CVE record give. When the type, model or firmware is unknown, the advisory “may apply”, with the reason.',
  ],
  [
    'Project',
    'A deployment the atlas records: safe and smart city systems, police platforms, national surveillance systems, border surveillance, and emergency systems that watch (cameras, analytics, tracking). Ports, railways, roads, corridors and telecommunications networks are strategic infrastructure: recorded beside the projects, never counted as surveillance.',
  ],
  [
    'Dates',
    'A date is shown as precisely as its source gives it: “2019”, “March 2021”, “13 August 2019”. Restrictions apply from the day they take effect; adoption and publication are separate dates.',
  ],
];

export async function glossaryPage(main: HTMLElement): Promise<void> {
  main.append(
    h('h1', {}, 'Method and glossary'),
    h(
      'p',
      { class: 'lede' },
      'What the words on these pages mean, what the atlas counts, and where its data comes from.',
    ),
    h(
      'dl',
      { class: 'glossary' },
      terms.map(([t, d]) => [
        h('dt', { id: t.toLowerCase().replace(/[^a-z]+/g, '-') }, t),
        h('dd', {}, d),
      ]),
    ),
    h(
      'section',
      {},
      h('h2', {}, 'Where the data comes from'),
      h(
        'p',
        {},
        'The knowledge base (vendors, ownership and brands, restrictions, fingerprints, advisories) and the atlas (countries, projects, financing, claims) are files in the project, each record with its public sources: laws and official registers, court and exchange filings, research, the press, and the vendors’ own pages, marked as such. Network fingerprints come from public detection rules and the IEEE registry. Country shapes are Natural Earth’s.',
      ),
      h(
        'p',
        {},
        'To correct a record, open an issue or a pull request on the project with the source that shows what is right. Nothing is changed without a source.',
      ),
    ),
  );
}
