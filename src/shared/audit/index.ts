export { writeAudit, findAudit, defineAuditModel, AuditEntry } from './audit-log';
export type { AuditRecord, AuditFilter } from './audit-log';
