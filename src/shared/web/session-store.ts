import session from 'express-session';
import connectSessionSequelize from 'connect-session-sequelize';
import type { Sequelize } from 'sequelize';

const SequelizeStore = connectSessionSequelize(session.Store);

/**
 * Sessions in the database (so any app process serves any user), with the expiry "touch" written at
 * most once a minute per session and process: the player commits every few seconds, and an UPDATE
 * per request only to move an 8-hour expiry by seconds would double the commit route's queries.
 * The throttle map holds only timestamps, nothing another process needs.
 */
export class DatabaseSessionStore extends SequelizeStore {
  constructor(sequelize: Sequelize, touchEveryMs = 60_000) {
    super({ db: sequelize, tableName: 'sessions', checkExpirationInterval: 15 * 60_000, expiration: 8 * 3600_000 });
    const lastTouch = new Map<string, number>();
    const touch = this.touch.bind(this);
    // The library declares touch as a property, so it is wrapped here rather than overridden.
    this.touch = (sid: string, data: session.SessionData, fn?: (err?: unknown) => void) => {
      const now = Date.now();
      const last = lastTouch.get(sid);
      if (last !== undefined && now - last < touchEveryMs) return fn?.();
      if (lastTouch.size > 50_000) lastTouch.clear();
      lastTouch.set(sid, now);
      return touch(sid, data, fn as never);
    };
  }
}
