import session from 'express-session';
import connectSessionSequelize from 'connect-session-sequelize';
import { DataTypes, Model, Op, type Sequelize, type Transaction } from 'sequelize';

const SequelizeStore = connectSessionSequelize(session.Store);

/** A stored session. `userId` is copied from passport's data on every save, so an account's sessions can be found. */
export class SessionRow extends Model {
  declare sid: string;
  declare expires: Date | null;
  declare data: string | null;
  declare userId: number | null;
}

export function defineSessionModel(sequelize: Sequelize): void {
  SessionRow.init(
    {
      sid: { type: DataTypes.STRING(36), primaryKey: true },
      expires: DataTypes.DATE,
      data: DataTypes.TEXT,
      userId: DataTypes.INTEGER,
    },
    { sequelize, tableName: 'sessions', modelName: 'Session', underscored: true },
  );
}

/**
 * An ended session keeps its row, marked, until it expires: a request of that session still in
 * flight would otherwise write the row back (with its user) when it saves, and undo the ending.
 */
const ENDED = '{"ended":true}';

/** Ends every session of an account (all its devices), or all but one (the one that changed the password). */
export async function endSessionsOf(
  userId: number,
  opts: { exceptSid?: string; transaction?: Transaction } = {},
): Promise<number> {
  const where = opts.exceptSid ? { userId, sid: { [Op.ne]: opts.exceptSid } } : { userId };
  const [ended] = await SessionRow.update({ data: ENDED, userId: null }, { where, transaction: opts.transaction });
  return ended;
}

/** The scheduled clean-up (src/jobs) removes expired sessions, once across all processes. */
export async function deleteExpiredSessions(now: Date): Promise<number> {
  return SessionRow.destroy({ where: { expires: { [Op.lt]: now } } });
}

export async function countSessionsOf(userId: number): Promise<number> {
  return SessionRow.count({ where: { userId, expires: { [Op.gt]: new Date() } } });
}

/**
 * Sessions in the database (so any app process serves any user), with the expiry "touch" written at
 * most once a minute per session and process: the player commits every few seconds, and an UPDATE
 * per request only to move an 8-hour expiry by seconds would double the commit route's queries.
 * The throttle map holds only timestamps, nothing another process needs.
 */
export class DatabaseSessionStore extends SequelizeStore {
  constructor(sequelize: Sequelize, touchEveryMs = 60_000) {
    if (!sequelize.models.Session) defineSessionModel(sequelize);
    super({
      db: sequelize,
      table: 'Session',
      // 0: no timer in every process; the scheduled clean-up deletes expired sessions (deleteExpiredSessions).
      checkExpirationInterval: 0,
      expiration: 8 * 3600_000,
      extendDefaultFields: (defaults: { data: string; expires: Date }, data: { passport?: { user?: number } }) => ({
        ...defaults,
        userId: data?.passport?.user ?? null,
      }),
    });
    // An ended session reads as no session, and is never written again (see ENDED).
    const get = this.get.bind(this);
    this.get = ((sid: string, fn: (err: unknown, data?: session.SessionData | null) => void) =>
      get(sid, (err: unknown, data?: (session.SessionData & { ended?: boolean }) | null) =>
        fn(err, data?.ended ? null : data),
      )) as typeof this.get;
    const set = this.set.bind(this);
    this.set = ((sid: string, data: session.SessionData, fn?: (err?: unknown) => void) => {
      SessionRow.findByPk(sid, { attributes: ['data'] }).then(
        (row) => (row?.data === ENDED ? fn?.() : set(sid, data, fn as never)),
        (err) => fn?.(err),
      );
    }) as typeof this.set;
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
