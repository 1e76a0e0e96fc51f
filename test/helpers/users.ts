import crypto from 'node:crypto';
import request from 'supertest';
import type { Express } from 'express';
import { createUser } from '../../src/auth/users';
import type { UserView } from '../../src/auth/user-model';
import type { Role } from '../../src/shared/regions';

export const PASSWORD = 'richtig-geheim-123';

/** Each test makes its own rows: unique emails keep tests independent on a shared database. */
export async function makeUser(
  role: Role,
  overrides: Partial<{ region: string | null; firstName: string; lastName: string; email: string }> = {},
): Promise<UserView> {
  const id = crypto.randomBytes(4).toString('hex');
  return createUser({
    email: overrides.email ?? `${role}-${id}@example.org`,
    password: PASSWORD,
    firstName: overrides.firstName ?? 'Test',
    lastName: overrides.lastName ?? `${role[0].toUpperCase()}${role.slice(1)} ${id}`,
    role,
    region: overrides.region === undefined ? (role === 'admin' ? null : 'saarland') : overrides.region,
  });
}

/** Reads the CSRF token from a rendered form. */
export function csrfFrom(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('no CSRF token in page');
  return match[1];
}

/** A supertest agent (keeps cookies) logged in through the real login form. */
export async function loginAs(app: Express, user: { email: string }, password = PASSWORD) {
  const agent = request.agent(app);
  const page = await agent.get('/login').expect(200);
  await agent
    .post('/login')
    .type('form')
    .send({ _csrf: csrfFrom(page.text), email: user.email, password })
    .expect(303);
  return agent;
}

/** Fetches a page with the agent and returns a CSRF token valid for its session. */
export async function tokenFor(agent: ReturnType<typeof request.agent>, url = '/'): Promise<string> {
  const page = await agent.get(url);
  return csrfFrom(page.text);
}

/** Opens the page holding a form, then posts the form with that page's CSRF token (the order matters:
 * a supertest agent attaches cookies when a request is created). */
export async function submitForm(
  agent: ReturnType<typeof request.agent>,
  pageUrl: string,
  actionUrl: string,
  fields: Record<string, unknown>,
  status: number,
) {
  const token = await tokenFor(agent, pageUrl);
  return agent
    .post(actionUrl)
    .type('form')
    .send({ _csrf: token, ...fields })
    .expect(status);
}
