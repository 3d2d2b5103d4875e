/**
 * Parameters resolved once per (evaluation date, hukou, area): the table every program module and
 * department referral reads, so that evaluating a household parses no date and looks nothing up by
 * name. Each parameter has a fixed slot (its index in `PARAMETER_NAMES`); a slot is resolved on
 * first use and kept, as a value or as the `MissingParameterError` saying why there is none.
 */
import { MissingParameterError } from './errors';
import {
  parameterDefinitions,
  PARAMETER_NAMES,
  resolveDefinition,
  type ParameterContext,
  type ParameterDefinition,
  type ParameterName,
  type ParameterValue,
} from './parameters';
import { AREA_CODES, type AreaCode, type Hukou, type Reason } from './types';

/** Parameter definitions by name: the loaded files (`parameterDefinitions()`) or an injected set. */
export type ParameterSet = ReadonlyMap<string, ParameterDefinition>;

const SLOT_BY_NAME = new Map<string, number>(PARAMETER_NAMES.map((n, i) => [n, i]));

/**
 * The slot of a parameter: its index in `PARAMETER_NAMES`. Modules take their slots once, at load.
 * @throws Error for a name that is not in `PARAMETER_NAMES` (a programming error).
 */
export function parameterSlot(name: ParameterName): number {
  const i = SLOT_BY_NAME.get(name);
  if (i === undefined) throw new Error(`parameter ${name} is not in PARAMETER_NAMES`);
  return i;
}

/**
 * The value of `parameter()` (parameters.ts) read from `set` — or the `MissingParameterError` it
 * would throw — for an `asOf` already checked. Without `reviewBy`/`stale`: no result shows them,
 * and leaving them out spares asking for today's date.
 */
function resolveIn(set: ParameterSet, name: ParameterName, asOf: string, context: ParameterContext): ParameterValue | MissingParameterError {
  const def = set.get(name);
  if (!def) return new MissingParameterError(name, asOf, context, 'unknown-parameter');
  const r = resolveDefinition(def, asOf, context);
  if ('missing' in r) return new MissingParameterError(name, asOf, context, r.missing);
  return {
    name,
    value: r.value,
    unit: def.unit,
    effectiveFrom: r.effectiveFrom,
    clause: def.clause,
    citations: def.citations,
    isDefault: def.isDefault,
    description: def.description,
  };
}

/**
 * The parameters in force on one date for one hukou and area. A batch shares one table per
 * (asOf, hukou, area) (`ParameterTableCache`); a single evaluation builds its own.
 */
export class ParameterTable {
  /** By slot: the value, null when none is in force, undefined while not yet resolved. */
  private readonly values: (ParameterValue | null | undefined)[];
  /** By slot: why no value is in force (set with a null value). */
  private readonly errors: (MissingParameterError | undefined)[];

  /**
   * @param set the definitions to read (default: the loaded `parameters/*.yaml`)
   * @param asOf `YYYY-MM-DD`, already checked
   * @param context the household's hukou and area
   */
  constructor(
    readonly set: ParameterSet,
    readonly asOf: string,
    readonly context: ParameterContext,
  ) {
    this.values = new Array<ParameterValue | null | undefined>(PARAMETER_NAMES.length).fill(undefined);
    this.errors = new Array<MissingParameterError | undefined>(PARAMETER_NAMES.length).fill(undefined);
  }

  private resolve(i: number): ParameterValue | null {
    const r = resolveIn(this.set, PARAMETER_NAMES[i]!, this.asOf, this.context);
    if (r instanceof MissingParameterError) {
      this.errors[i] = r;
      this.values[i] = null;
      return null;
    }
    this.values[i] = r;
    return r;
  }

  /** The value in slot `i` (`parameterSlot`), or undefined when none is in force. */
  value(i: number): ParameterValue | undefined {
    let v = this.values[i];
    if (v === undefined) v = this.resolve(i);
    return v === null ? undefined : v;
  }

  /** The value in slot `i`, or the error saying why none is in force (never thrown). */
  at(i: number): ParameterValue | MissingParameterError {
    return this.value(i) ?? this.errors[i]!;
  }

  /** `at(parameterSlot(name))`. */
  lookup(name: ParameterName): ParameterValue | MissingParameterError {
    return this.at(parameterSlot(name));
  }

  /** `value(parameterSlot(name))`. */
  get(name: ParameterName): ParameterValue | undefined {
    return this.value(parameterSlot(name));
  }

  /**
   * The `RULES.MISSING_PARAMETER` reason of slot `i` (`{code, message, parameter}`, message naming
   * the parameter, date and hukou/area), or undefined when the parameter has a value.
   */
  missingReason(i: number): Reason | undefined {
    if (this.value(i) !== undefined) return undefined;
    const e = this.errors[i]!;
    return { code: e.code, message: e.message, parameter: e.parameter };
  }

  /** `missingReason` of each slot in order, for those with no value. */
  missingReasons(slots: readonly number[]): Reason[] {
    const out: Reason[] = [];
    for (let k = 0; k < slots.length; k++) {
      const r = this.missingReason(slots[k]!);
      if (r !== undefined) out.push(r);
    }
    return out;
  }
}

/** Parameter tables of one evaluation date, one per (hukou, area), created on first use. */
export class ParameterTableCache {
  /** Tables of the areas of `AREA_CODES`: urban ones first, then rural ones. */
  private readonly known: (ParameterTable | undefined)[] = new Array<ParameterTable | undefined>(2 * AREA_CODES.length).fill(undefined);
  /** Tables of any other area (facts not checked against the list), by hukou and area. */
  private readonly others = new Map<string, ParameterTable>();

  constructor(
    readonly set: ParameterSet,
    readonly asOf: string,
  ) {}

  table(hukou: Hukou, area: AreaCode): ParameterTable {
    const k = areaIndex(area);
    if (k < 0) {
      const key = `${hukou}|${area}`;
      let t = this.others.get(key);
      if (!t) {
        t = new ParameterTable(this.set, this.asOf, { hukou, area });
        this.others.set(key, t);
      }
      return t;
    }
    const i = (hukou === 'urban' ? 0 : AREA_CODES.length) + k;
    let t = this.known[i];
    if (t === undefined) {
      t = new ParameterTable(this.set, this.asOf, { hukou, area });
      this.known[i] = t;
    }
    return t;
  }
}

/** Index of an area in `AREA_CODES`, -1 for another. */
function areaIndex(area: string): number {
  switch (area) {
    case AREA_CODES[0]:
      return 0;
    case AREA_CODES[1]:
      return 1;
    case AREA_CODES[2]:
      return 2;
    default:
      return -1;
  }
}

/** A table over the loaded parameter files for one date, hukou and area (`asOf` already checked). */
export function parameterTable(asOf: string, context: ParameterContext): ParameterTable {
  return new ParameterTable(parameterDefinitions(), asOf, context);
}
