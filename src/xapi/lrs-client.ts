/**
 * The outbox handler of `xapi.statement`: POSTs one statement to `<XAPI_LRS_URL>/statements` with
 * `X-Experience-API-Version: 1.0.3` and basic auth. 2xx → done. 409 → done too: the LRS holds a
 * statement with this id already (a retry after a lost answer), and sending it again cannot help.
 * Anything else (5xx, 4xx, timeout, refused connection) throws, so the outbox tries again later with
 * the same statement and id.
 */
import type { Logger } from '../shared/logger';
import type { XapiStatement } from './statements';

export interface LrsSettings {
  url: string;
  /** `user:password` (basic credentials), or null. */
  auth: string | null;
  timeoutMs?: number;
}

export function createLrsSender(settings: LrsSettings, logger: Logger) {
  const endpoint = `${settings.url.replace(/\/+$/, '')}/statements`;
  const authorization = settings.auth ? `Basic ${Buffer.from(settings.auth).toString('base64')}` : null;
  return async function send(statement: XapiStatement): Promise<void> {
    const res = await fetch(endpoint, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'X-Experience-API-Version': '1.0.3',
        ...(authorization ? { Authorization: authorization } : {}),
      },
      body: JSON.stringify(statement),
      signal: AbortSignal.timeout(settings.timeoutMs ?? 10_000),
    });
    await res.arrayBuffer().catch(() => undefined);
    if (res.ok) return;
    if (res.status === 409) {
      logger.warn({ statementId: statement.id }, 'xapi: the LRS holds this statement id already (409); not sent again');
      return;
    }
    throw new Error(`LRS answered ${res.status} for statement ${statement.id}`);
  };
}
