/**
 * A quick check of one extract record (City §18; shared/contracts/verification-sources.md) for the
 * common case: every value already written exactly as it is stored. It never decides that a line
 * is bad — only that it is certainly good as it stands — so the import can send such a line to
 * COPY as it came and leave every other line to {@link sourceRecordCheck}, which gives the reasons.
 *
 * What it accepts is a subset of what `sourceRecordCheck` accepts, with the stored values equal to
 * the values given (an empty optional date stored as NULL): the ID number with its check character
 * and already upper-case with no spaces, whole fen, `YYYY-MM` months, real `YYYY-MM-DD` dates, the
 * enumerations, free text of 1–100 characters without control characters, and for hukou the
 * deceased / death-date rules. Any value kind it does not know is left to the full check.
 */
import { isCalendarDate, parseIdNumber } from '@wuhai/contracts';
import { SOURCE_FORMATS, type SourceColumn, type SourceName } from './verification-sources';

const ID_NUMBER = /^\d{17}[\dX]$/;
const FEN = /^\d{1,15}$/;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const AREA_M2 = /^\d{1,8}(\.\d{1,2})?$/;
const AREA_CODE = /^\d{6}$/;
const CONTROL = /[\u0000-\u001f\u007f]/;

type ValueCheck = (value: string) => boolean;

/** Dates repeat (birth dates, `asOf`): remembered, at most 10 000 at a time. */
function dateCheck(optional: boolean): ValueCheck {
  const known = new Map<string, boolean>();
  return (v) => {
    if (v === '') return optional;
    let ok = known.get(v);
    if (ok === undefined) {
      if (known.size >= 10_000) known.clear();
      ok = DATE.test(v) && isCalendarDate(v);
      known.set(v, ok);
    }
    return ok;
  };
}

function valueCheck(column: SourceColumn, today: string): ValueCheck {
  const v = column.value;
  switch (v.kind) {
    case 'idNumber': {
      // a person's rows come together (12 months of tax, …): remember the last number
      let lastRaw = '';
      let lastOk = false;
      return (s) => {
        if (s !== lastRaw) {
          lastRaw = s;
          lastOk = ID_NUMBER.test(s) && parseIdNumber(s, today).ok;
        }
        return lastOk;
      };
    }
    case 'text':
      return (s) => s.length >= 1 && s.length <= 100 && !CONTROL.test(s);
    case 'fen':
      return (s) => FEN.test(s);
    case 'month':
      return (s) => MONTH.test(s);
    case 'date':
      return dateCheck(v.optional === true);
    case 'areaM2':
      return (s) => AREA_M2.test(s);
    case 'areaCode':
      return (s) => AREA_CODE.test(s);
    case 'sex':
      return (s) => s === 'M' || s === 'F';
    case 'enum': {
      const values = new Set<string>(v.values);
      return (s) => values.has(s);
    }
    default:
      return () => false;
  }
}

/**
 * Builds the quick check of `source`'s records.
 * @param today `YYYY-MM-DD`; an ID number whose birth date is after it is not accepted
 * @returns a function of the values in the contract's column order: true only when
 *   `sourceRecordCheck(source, today)` accepts them and stores them unchanged (`''` as NULL)
 */
export function fastRecordCheck(source: SourceName, today: string): (values: readonly string[]) => boolean {
  const columns = SOURCE_FORMATS[source].columns;
  const checks = columns.map((c) => valueCheck(c, today));
  const n = checks.length;
  const at = (name: string) => columns.findIndex((c) => c.name === name);
  const [birth, status, death] = source === 'hukou' ? [at('birthDate'), at('status'), at('deathDate')] : [-1, -1, -1];
  return (values) => {
    if (values.length !== n) return false;
    for (let i = 0; i < n; i++) if (!checks[i]!(values[i]!)) return false;
    if (status >= 0) {
      const deathDate = values[death]!;
      if (values[status] === 'deceased' ? deathDate === '' || deathDate < values[birth]! : deathDate !== '') return false;
    }
    return true;
  };
}
