import type { DataSource } from 'typeorm';
import { requireDepartment, type Caller } from '@wuhai/service-kit';
import { SourceFileEntity, type SourceFileRow } from '../persistence/source-tables.entities';
import type { SourceName } from '../domain/verification-sources';

/**
 * The imported verification-source files, newest first, optionally of one source.
 * Registry and civil-affairs staff (who run and read verifications) and `system` may list them.
 * @param query limit 1–100, offset ≥ 0 (validated by the transport)
 * @returns one page and the total number of files that match
 * @throws DomainError `AUTH.WRONG_DEPARTMENT` (forbidden)
 */
export async function listSourceFiles(
  ds: DataSource,
  query: { source: SourceName | null; limit: number; offset: number },
  caller: Caller,
): Promise<{ files: SourceFileRow[]; total: number }> {
  requireDepartment(caller, 'registry', 'civil-affairs');
  const [files, total] = await ds.getRepository(SourceFileEntity).findAndCount({
    where: query.source ? { source: query.source } : {},
    order: { importedAt: 'DESC', id: 'DESC' },
    take: query.limit,
    skip: query.offset,
  });
  return { files, total };
}
