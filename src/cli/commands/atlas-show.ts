import { formatSubject } from '../../atlas/format.js';
import { findSubject, showSubject, suggestSubjects } from '../../atlas/show.js';
import { UserError } from '../../shared/errors.js';
import { withAtlas } from '../atlas-context.js';
import { dbOption, defineCommand, jsonOption, writeJson } from '../command.js';
import { kbOrThrow } from '../kb-context.js';

export const atlasShow = defineCommand({
  path: ['atlas', 'show'],
  summary: 'a country, project, vendor or financier: projects, figures with sources, restrictions',
  args: '<country|project|vendor|organisation>',
  description: `Looks the name up as a country (name or ISO code), a project (name, alias or id), a vendor
(kb name or alias) or an organisation such as a financier. Every figure is shown with its
sources, numbered; where sources disagree, their figures stand side by side.`,
  options: { ...jsonOption, ...dbOption },
  run: async ({ positionals, flags, io }) => {
    const query = positionals.join(' ').trim();
    if (query === '')
      throw new UserError('atlas show: no name given', {
        hint: 'sousveil atlas show Kenya (a country, project, vendor or organisation)',
      });
    const kb = await kbOrThrow();
    return withAtlas(flags.db, async (atlas) => {
      const subject = findSubject(atlas, kb, query);
      if (subject === undefined) {
        const near = suggestSubjects(atlas, kb, query);
        throw new UserError(
          `atlas show: "${query}" is not a country, project, vendor or organisation in the atlas` +
            (near.length > 0 ? `; did you mean: ${near.join(', ')}?` : ''),
        );
      }
      const view = showSubject(atlas, kb, subject);
      if (flags.json) writeJson(io, view);
      else io.stdout.write(formatSubject(view));
      return 0;
    });
  },
});
