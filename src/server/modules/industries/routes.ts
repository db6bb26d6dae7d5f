import { z } from 'zod';
import { industryEntry, industryList } from '../../../core/api/industries.js';
import type { App } from '../../app.js';
import { AppError } from '../../errors.js';
import { clustersForCode } from '../clusters/service.js';
import { type CatalogueEntry, industryCatalogue } from './catalogue.js';

export async function industryRoutes(app: App) {
  const catalogue = industryCatalogue();
  const present = (e: CatalogueEntry) => ({
    code: e.code,
    name: e.name,
    level: e.level,
    parent: e.parent,
    hasChildren: catalogue.childrenOf(e.code).length > 0,
  });

  app.get(
    '/api/industries',
    {
      config: { ability: 'industry.read' },
      schema: {
        tags: ['industries'],
        summary:
          'Search GB/T 4754-2017 by code prefix, name or pinyin initials (q=xny); without q, the sections',
        querystring: z.object({
          q: z.string().trim().max(40).optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: { 200: industryList },
      },
    },
    async (request) => {
      return { items: catalogue.search(request.query.q ?? '', request.query.limit).map(present) };
    },
  );

  app.get(
    '/api/industries/:code',
    {
      config: { ability: 'industry.read' },
      schema: {
        tags: ['industries'],
        summary: 'One entry with its children, its path from the section down, and its clusters',
        params: z.object({ code: z.string().max(4) }),
        response: {
          200: industryEntry,
        },
      },
    },
    async (request) => {
      const entry = catalogue.get(request.params.code.toUpperCase());
      if (!entry) throw new AppError('NOT_FOUND');
      return {
        ...present(entry),
        path: catalogue.path(entry.code).map(present),
        children: catalogue.childrenOf(entry.code).map(present),
        clusters: (await clustersForCode(app.services.db.kysely, entry.code)).map(({ id, name, kind }) => ({
          id,
          name,
          kind,
        })),
      };
    },
  );
}
