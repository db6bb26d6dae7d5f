import { sql } from 'kysely';
import { health } from '../../../core/api/platform.js';
import type { App } from '../../app.js';
import { isDemo } from '../system/settings.js';

export async function healthRoutes(app: App) {
  app.get(
    '/api/health',
    {
      config: { public: true },
      schema: {
        tags: ['system'],
        summary: 'Liveness and database check',
        response: {
          200: health,
        },
      },
    },
    async () => {
      const { db } = app.services;
      await sql`SELECT 1`.execute(db.kysely);
      return { status: 'ok' as const, database: db.dialect, demo: await isDemo(db.kysely) };
    },
  );
}
