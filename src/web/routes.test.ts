import { matchPath } from 'react-router';
import { describe, expect, it } from 'vitest';
import { ROUTES, routeOf } from './routes.js';

/** The route react-router's matching gives, first in the table's order (what start-up used before). */
const byRouter = (pathname: string) =>
  ROUTES.find((r) => matchPath({ path: `/${r.path}`, end: true }, pathname));

describe('the route of a pathname, read at start-up without the router', () => {
  const pathnames = [
    ...ROUTES.map((r) => `/${r.path.replaceAll(/:\w+/g, '12')}`),
    ...ROUTES.map((r) => `/${r.path.replaceAll(/:\w+/g, '7')}/`),
    '/',
    '/Leads',
    '/LEADS/12/EDIT',
    '/leads/new',
    '/leads/12/edit/extra',
    '/leads//12',
    '//leads',
    '/leads///',
    '/leads/12//',
    '/nothing-here',
    '/dashboard/wall',
    '/projects/x',
    '/system',
  ];

  it.each(pathnames)('%s: the route react-router matches', (pathname) => {
    expect(routeOf(pathname)?.path).toBe(byRouter(pathname)?.path);
  });

  it('tells the pages apart: a record, a new one, a form, none', () => {
    expect(routeOf('/leads/12')?.path).toBe('leads/:id');
    expect(routeOf('/leads/new')?.path).toBe('leads/new');
    expect(routeOf('/leads/12/edit')?.path).toBe('leads/:id/edit');
    expect(routeOf('/')?.path).toBe('');
    expect(routeOf('/nothing-here')).toBeUndefined();
  });
});
