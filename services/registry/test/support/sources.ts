/**
 * Verification-source extracts for tests: rows written as the contract's CSV (header included)
 * and streamed to the registry through the real client-streaming import. Imported by relative path
 * from other services' and the gateway's tests.
 */
import type { ImportSourceResultMsg } from '@wuhai/contracts';
import { SOURCE_FORMATS, type SourceName } from '../../src/domain/verification-sources';
import { createSourceImportClient } from '../../../../scripts/sources/import-client';

/** One record of a source, in the contract's column order. */
export type SourceRecord = (string | number)[];

/** The CSV text of `records` under the source's header. */
export function csvOf(source: SourceName, records: readonly SourceRecord[]): string {
  const quote = (v: string | number) => (typeof v === 'string' && /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : String(v));
  const header = SOURCE_FORMATS[source].columns.map((c) => c.name).join(',');
  return `${[header, ...records.map((r) => r.map(quote).join(','))].join('\n')}\n`;
}

/**
 * Imports each source's records as one file (`<source>.csv`) into the registry at `address`.
 * @param as call options with a registry clerk's (or system) token
 * @returns the result per source; throws when a file is refused or a line rejected
 */
export async function importSources(
  address: string,
  files: Partial<Record<SourceName, readonly SourceRecord[]>>,
  as: { metadata: Record<string, string> },
): Promise<Partial<Record<SourceName, ImportSourceResultMsg>>> {
  const importer = createSourceImportClient(address);
  const out: Partial<Record<SourceName, ImportSourceResultMsg>> = {};
  try {
    for (const [source, records] of Object.entries(files) as [SourceName, SourceRecord[]][]) {
      const bytes = Buffer.from(csvOf(source, records), 'utf8');
      const result = await importer.importStream(
        {
          source,
          fileName: SOURCE_FORMATS[source].table.replace(/^source_/, '').replace(/_/g, '-') + '.csv',
          data: (async function* () {
            yield bytes;
          })(),
        },
        { ...as, timeoutMs: 30_000 },
      );
      if (result.rowsRejected !== '0') throw new Error(`${source}: ${result.rowsRejected} line(s) rejected: ${JSON.stringify(result.errors)}`);
      out[source] = result;
    }
  } finally {
    importer.close();
  }
  return out;
}
