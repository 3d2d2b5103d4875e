import type { DataSource } from 'typeorm';
import type { Caller } from '@wuhai/service-kit';

/** One sensitive read or action to record (DESIGN.md §13: sensitive reads are audited). */
export interface AuditEntry {
  action: string;
  resourceType: string;
  resourceId: string;
  /** Context without ID numbers or bodies (e.g. the household id a person belongs to). */
  detail?: Record<string, unknown>;
}

/**
 * Writes an audit row for `caller`. Callers await it before answering, so a read that returns full
 * ID numbers is never served without its audit row (fail closed).
 */
export async function writeAudit(ds: DataSource, caller: Caller, entry: AuditEntry): Promise<void> {
  await ds.query(
    'INSERT INTO audit_log (username, department, action, resource_type, resource_id, detail) VALUES ($1,$2,$3,$4,$5,$6)',
    [caller.username, caller.department, entry.action, entry.resourceType, entry.resourceId, JSON.stringify(entry.detail ?? {})],
  );
}
