import { ConnectionRefusedError, ValidationError as SequelizeValidationError } from 'sequelize';
import { isDatabaseUnavailable } from '../../../src/shared/web/error-handler';

describe('telling a database outage from a bug', () => {
  it('when the driver reports a refused or lost connection, then it counts as temporarily unavailable (503)', () => {
    expect(isDatabaseUnavailable(new ConnectionRefusedError(new Error('connect ECONNREFUSED')))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('gone'), { code: 'PROTOCOL_CONNECTION_LOST' }))).toBe(true);
    expect(isDatabaseUnavailable({ name: 'SequelizeDatabaseError', parent: { code: 'ECONNRESET' } })).toBe(true);
  });

  it('when the error is anything else, then it is not (a 500 stays a 500)', () => {
    expect(isDatabaseUnavailable(new Error('boom'))).toBe(false);
    expect(isDatabaseUnavailable(new SequelizeValidationError('bad', []))).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
  });
});
