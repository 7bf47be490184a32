import { ActivityWriter } from '../src/activity/activity-writer';
import { ApiResponse, call, SignedInUser, TestApp } from './test-app';

/** A browser's user agent and a client address behind the trusted (loopback) proxy, to find in the trail. */
export const CLIENT = { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) GantryTest/1.0', 'x-forwarded-for': '203.0.113.7' };

/** Waits until every trail record written so far is stored (the writer inserts after the response). */
export function flushTrail(app: TestApp): Promise<void> {
  return app.nest.get(ActivityWriter).flush();
}

function queryString(query: Record<string, string | number>): string {
  return new URLSearchParams(Object.entries(query).map(([key, value]): [string, string] => [key, String(value)])).toString();
}

/** Every record of a team's trail the user may see with these filters, following the cursor. */
export async function teamTrail(app: TestApp, user: SignedInUser, teamId: string, query: Record<string, string | number> = {}): Promise<any[]> {
  return allPages(app, user, `/api/teams/${teamId}/activity`, query);
}

/** Every account event of the user with these filters. */
export async function accountTrail(app: TestApp, user: SignedInUser, query: Record<string, string | number> = {}): Promise<any[]> {
  return allPages(app, user, '/api/auth/activity', query);
}

async function allPages(app: TestApp, user: SignedInUser, path: string, query: Record<string, string | number>): Promise<any[]> {
  await flushTrail(app);
  const items: any[] = [];
  let cursor: string | null = null;
  do {
    const page: ApiResponse = await call(app, 'GET', `${path}?${queryString({ limit: 200, ...query, ...(cursor ? { cursor } : {}) })}`, { token: user.token });
    if (page.status !== 200) throw new Error(`${path} answered ${page.status}: ${JSON.stringify(page.body)}`);
    items.push(...page.body.items);
    cursor = page.body.nextCursor;
  } while (cursor);
  return items;
}
