/**
 * The comparison of a verification run (City §18; verification-sources.md): income month by month
 * with the tolerance, wage bases not counted, assets beyond the declaration, hukou facts.
 */
import { compareHousehold, incomeToleranceFen, verificationMonths, type Declaration, type SourceRows } from '../../src/domain/verification.rules';

const MONTHS = verificationMonths('2025-06-15');
/** The contract's default tolerance, as the rules package's parameters give it from 2014-01-01. */
const TOLERANCE = { rate: 0.1, minimumFen: 5_000 };
const A = '150302198001010011';
const B = '150302198203040022';

function declaration(overrides: Partial<Declaration> = {}, incomes: [number, number] = [300_000, 0]): Declaration {
  return {
    householdNo: '150302-100001',
    assets: { financialFen: 0, vehicles: 0, disabilityVehicles: 0, residences: 1, businessCapitalFen: 0 },
    members: [
      { personId: 'p-a', idNumber: A, name: '王甲', monthlyIncomeFen: incomes[0] },
      { personId: 'p-b', idNumber: B, name: '李乙', monthlyIncomeFen: incomes[1] },
    ],
    ...overrides,
  };
}

function rows(overrides: Partial<SourceRows> = {}): SourceRows {
  return { hukou: [], tax: [], socialInsurance: [], housingFund: [], realEstate: [], business: [], vehicles: [], banks: [], ...overrides };
}

const wage = (idNumber: string, fen: number, months: readonly string[] = MONTHS) => months.map((month) => ({ idNumber, month, taxableIncomeFen: fen }));

describe('the months compared', () => {
  test('when a run is on 2025-06-15, then the 12 full months before June are compared, oldest first', () => {
    expect(MONTHS).toEqual(['2024-06', '2024-07', '2024-08', '2024-09', '2024-10', '2024-11', '2024-12', '2025-01', '2025-02', '2025-03', '2025-04', '2025-05']);
    expect(verificationMonths('2025-01-01')[11]).toBe('2024-12');
  });

  test('when the tolerance is asked, then it is the larger of 10 % and 5 000 fen', () => {
    expect(incomeToleranceFen(0, TOLERANCE)).toBe(5_000);
    expect(incomeToleranceFen(40_000, TOLERANCE)).toBe(5_000);
    expect(incomeToleranceFen(300_000, TOLERANCE)).toBe(30_000);
    expect(incomeToleranceFen(123_455, TOLERANCE)).toBe(12_345);
  });
});

describe('income', () => {
  test('when a month is paid on two dates, then the two rows are one month’s income and, within the declaration, no mismatch', () => {
    const tax = wage(A, 290_000);
    tax.splice(3, 1, { idNumber: A, month: MONTHS[3]!, taxableIncomeFen: 140_000 }, { idNumber: A, month: MONTHS[3]!, taxableIncomeFen: 150_000 });
    const r = compareHousehold(declaration(), rows({ tax }), MONTHS, TOLERANCE);
    expect(r.mismatches).toEqual([]);
    const found = r.findings.find((f) => f.source === 'tax')!.found as { months: { month: string; taxableIncomeFen: number; payments: number }[] };
    expect(found.months[3]).toEqual({ month: MONTHS[3], taxableIncomeFen: 290_000, payments: 2 });
  });

  test('when one month is above the declaration by more than the tolerance, then that month alone is a tax mismatch, never averaged away', () => {
    const tax = wage(A, 300_000);
    tax[5] = { idNumber: A, month: MONTHS[5]!, taxableIncomeFen: 330_001 }; // 30 001 above; tolerance 30 000
    const r = compareHousehold(declaration(), rows({ tax }), MONTHS, TOLERANCE);
    expect(r.mismatches).toHaveLength(1);
    expect(r.mismatches[0]).toMatchObject({ kind: 'income-above-declared', memberId: 'p-a', source: 'tax', field: 'monthlyIncomeFen', declared: 300_000, found: 330_001 });
    expect(r.mismatches[0]!.detail).toEqual({ months: [{ month: MONTHS[5], foundFen: 330_001, bySource: { tax: 330_001 } }], toleranceFen: 30_000 });
  });

  test('when a month is above by exactly the tolerance, then it is not a mismatch', () => {
    const tax = wage(A, 330_000);
    expect(compareHousehold(declaration(), rows({ tax }), MONTHS, TOLERANCE).mismatches).toEqual([]);
  });

  test('when two pay dates of one month together exceed the declaration, then that month is a mismatch', () => {
    const tax = [
      { idNumber: B, month: MONTHS[0]!, taxableIncomeFen: 4_000 },
      { idNumber: B, month: MONTHS[0]!, taxableIncomeFen: 4_000 },
    ];
    const r = compareHousehold(declaration(), rows({ tax }), MONTHS, TOLERANCE);
    expect(r.mismatches).toEqual([expect.objectContaining({ memberId: 'p-b', source: 'tax', declared: 0, found: 8_000 })]);
  });

  test('when social insurance lists a contribution base and the housing fund a base above the wage, then they are reported but not added to income', () => {
    const r = compareHousehold(
      declaration(),
      rows({
        tax: wage(A, 300_000),
        socialInsurance: MONTHS.map((month) => ({ idNumber: A, month, kind: 'contribution-base' as const, amountFen: 300_000 })),
        housingFund: MONTHS.map((month) => ({ idNumber: A, month, contributionFen: 60_000, baseFen: 300_000 })),
      }),
      MONTHS,
      TOLERANCE,
    );
    expect(r.mismatches).toEqual([]);
    expect(r.findings.map((f) => f.source)).toEqual(['tax', 'social-insurance', 'housing-fund']);
  });

  test('when a pension and a hidden wage come together, then the month is counted whole and named after the wage', () => {
    const r = compareHousehold(
      declaration({}, [0, 150_000]),
      rows({
        socialInsurance: MONTHS.map((month) => ({ idNumber: B, month, kind: 'pension' as const, amountFen: 150_000 })),
        tax: wage(B, 300_000),
      }),
      MONTHS,
      TOLERANCE,
    );
    expect(r.mismatches).toHaveLength(1);
    expect(r.mismatches[0]).toMatchObject({ memberId: 'p-b', source: 'tax', declared: 150_000, found: 450_000 });
    expect((r.mismatches[0]!.detail as { months: unknown[] }).months).toHaveLength(12);
  });

  test('when an undeclared pension exceeds the declaration alone, then the mismatch names social insurance', () => {
    const r = compareHousehold(declaration(), rows({ socialInsurance: [{ idNumber: B, month: MONTHS[11]!, kind: 'unemployment', amountFen: 100_000 }] }), MONTHS, TOLERANCE);
    expect(r.mismatches).toEqual([expect.objectContaining({ memberId: 'p-b', source: 'social-insurance', found: 100_000 })]);
  });

  test('when rows lie outside the 12 months or belong to someone else, then they are ignored', () => {
    const r = compareHousehold(
      declaration(),
      rows({ tax: [{ idNumber: B, month: '2025-06', taxableIncomeFen: 900_000 }, { idNumber: '150302199001010033', month: MONTHS[0]!, taxableIncomeFen: 900_000 }] }),
      MONTHS,
      TOLERANCE,
    );
    expect(r).toEqual({ findings: [], mismatches: [], inquiries: [] });
  });

  test('when two payments of one month are each below the declaration but together above it by more than the tolerance, then that month alone is one mismatch; two that stay within are none', () => {
    // declared 1 000 yuan a month: tolerance max(10 % = 100 yuan, 50 yuan) = 100 yuan
    const tax = [
      { idNumber: B, month: MONTHS[2]!, taxableIncomeFen: 60_000 },
      { idNumber: B, month: MONTHS[2]!, taxableIncomeFen: 55_000 }, // 1 150 yuan: 150 above
      { idNumber: B, month: MONTHS[6]!, taxableIncomeFen: 50_000 },
      { idNumber: B, month: MONTHS[6]!, taxableIncomeFen: 59_000 }, // 1 090 yuan: 90 above, within
    ];
    const r = compareHousehold(declaration({}, [300_000, 100_000]), rows({ tax }), MONTHS, TOLERANCE);
    expect(r.mismatches).toHaveLength(1);
    expect(r.mismatches[0]).toMatchObject({ kind: 'income-above-declared', memberId: 'p-b', source: 'tax', declared: 100_000, found: 115_000 });
    expect(r.mismatches[0]!.detail).toEqual({ months: [{ month: MONTHS[2], foundFen: 115_000, bySource: { tax: 115_000 } }], toleranceFen: 10_000 });
    expect(r.inquiries).toEqual([]);
  });
});

describe('the tolerance is a parameter', () => {
  test('when a city sets 20 % and 80 yuan, then a month 150 yuan above a declared 1 000 is within it, and 201 above is not', () => {
    const city = { rate: 0.2, minimumFen: 8_000 };
    expect(incomeToleranceFen(100_000, city)).toBe(20_000);
    expect(incomeToleranceFen(30_000, city)).toBe(8_000);
    const tax = [{ idNumber: B, month: MONTHS[0]!, taxableIncomeFen: 115_000 }];
    expect(compareHousehold(declaration({}, [300_000, 100_000]), rows({ tax }), MONTHS, city).mismatches).toEqual([]);
    const above = [{ idNumber: B, month: MONTHS[0]!, taxableIncomeFen: 120_100 }];
    expect(compareHousehold(declaration({}, [300_000, 100_000]), rows({ tax: above }), MONTHS, city).mismatches[0]!.detail).toMatchObject({ toleranceFen: 20_000 });
  });

  test('when the declared income is large, then the share is exact in whole fen (no floating error)', () => {
    expect(incomeToleranceFen(999_999_999_999_999, TOLERANCE)).toBe(99_999_999_999_999);
    expect(incomeToleranceFen(70, { rate: 0.1, minimumFen: 0 })).toBe(7);
    expect(incomeToleranceFen(123_456_789, { rate: 0.0375, minimumFen: 0 })).toBe(4_629_629);
  });
});

describe('annual figures', () => {
  const year = MONTHS[0]!.slice(0, 4); // 2024: the months compared run 2024-06 … 2025-05

  test('when the tax office gives only a year’s total, then it is an inquiry, never a mismatch and never divided into months', () => {
    // 36 000 yuan in a year against 1 000 declared a month: averaged it would be 3 000 a month
    const tax = [...wage(B, 100_000), { idNumber: B, month: year, taxableIncomeFen: 3_600_000 }];
    const r = compareHousehold(declaration({}, [300_000, 100_000]), rows({ tax }), MONTHS, TOLERANCE);
    expect(r.mismatches).toEqual([]);
    expect(r.inquiries).toEqual([
      {
        kind: 'annual-figure',
        memberId: 'p-b',
        source: 'tax',
        year,
        field: 'taxableIncomeFen',
        amountFen: 3_600_000,
        declaredMonthlyFen: 100_000,
        detail: { rows: 1 },
        note: expect.stringMatching(/^李乙：税务只有 2024 年的年度数（应税收入 36000\.00 元），不按月核对，也不折算到各月；申报月收入 1000\.00 元，请人工核实各月收入 \/ tax: only an annual figure for 2024/),
      },
    ]);
    const found = r.findings.find((f) => f.source === 'tax')!.found as { months: { month: string; taxableIncomeFen: number }[] };
    expect(found.months.map((m) => m.month)).toEqual(MONTHS);
    expect(found.months.every((m) => m.taxableIncomeFen === 100_000)).toBe(true);
  });

  test('when only a year is given for a member with no monthly rows at all, then there is still no mismatch and one inquiry', () => {
    const r = compareHousehold(declaration(), rows({ tax: [{ idNumber: B, month: '2025', taxableIncomeFen: 1_200_000 }] }), MONTHS, TOLERANCE);
    expect(r.mismatches).toEqual([]);
    expect(r.inquiries.map((q) => [q.memberId, q.source, q.year, q.amountFen])).toEqual([['p-b', 'tax', '2025', 1_200_000]]);
  });

  test('when social insurance and the housing fund give years, then each is an inquiry by field: payments summed, a wage base its highest; other years are ignored', () => {
    const r = compareHousehold(
      declaration(),
      rows({
        socialInsurance: [
          { idNumber: A, month: year, kind: 'pension', amountFen: 600_000 },
          { idNumber: A, month: year, kind: 'pension', amountFen: 600_000 },
          { idNumber: A, month: year, kind: 'contribution-base', amountFen: 300_000 },
          { idNumber: A, month: year, kind: 'contribution-base', amountFen: 320_000 },
          { idNumber: A, month: '2022', kind: 'pension', amountFen: 9_000_000 },
        ],
        housingFund: [{ idNumber: A, month: year, contributionFen: 720_000, baseFen: 300_000 }],
      }),
      MONTHS,
      TOLERANCE,
    );
    expect(r.mismatches).toEqual([]);
    expect(r.inquiries.map((q) => [q.source, q.year, q.field, q.amountFen, q.detail])).toEqual([
      ['social-insurance', year, 'contribution-base', 320_000, { rows: 2 }],
      ['social-insurance', year, 'pension', 1_200_000, { rows: 2 }],
      ['housing-fund', year, 'contributionFen', 720_000, { rows: 1, baseFen: 300_000 }],
    ]);
  });
});

describe('assets and hukou', () => {
  test('when the sources hold exactly what was declared, then nothing is a mismatch', () => {
    const r = compareHousehold(
      declaration({ assets: { financialFen: 500_000, vehicles: 1, disabilityVehicles: 1, residences: 1, businessCapitalFen: 2_000_000 } }),
      rows({
        hukou: [
          { idNumber: A, householdNo: '150302-100001', relation: 'head', status: 'alive', deathDate: null, area: '150302', hukouType: 'urban' },
          { idNumber: B, householdNo: '150302-100001', relation: 'spouse', status: 'alive', deathDate: null, area: '150302', hukouType: 'urban' },
        ],
        realEstate: [{ idNumber: A, propertyId: 'P1', floorAreaM2: 60, use: 'residential' }, { idNumber: A, propertyId: 'P2', floorAreaM2: 30, use: 'commercial' }],
        business: [
          { idNumber: A, registrationNo: 'R1', registeredCapitalFen: 2_000_000, status: 'active' },
          { idNumber: A, registrationNo: 'R0', registeredCapitalFen: 9_000_000, status: 'revoked' },
        ],
        vehicles: [
          { idNumber: A, plate: '蒙C00001', kind: 'truck', valueFen: 5_000_000 },
          { idNumber: B, plate: '蒙C00002', kind: 'disability-mobility', valueFen: 300_000 },
        ],
        banks: [
          { idNumber: A, institution: '乌海银行', kind: 'deposit', balanceFen: 300_000, asOf: '2025-05-31' },
          { idNumber: B, institution: '乌海银行', kind: 'deposit', balanceFen: 200_000, asOf: '2025-05-31' },
          { idNumber: B, institution: '乌海银行', kind: 'deposit', balanceFen: 9_900_000, asOf: '2024-12-31' },
        ],
      }),
      MONTHS,
      TOLERANCE,
    );
    expect(r.mismatches).toEqual([]);
    expect(r.findings.filter((f) => f.memberId === 'p-a').map((f) => f.source)).toEqual(['hukou', 'real-estate', 'business', 'vehicles', 'banks']);
  });

  test('when a car, a second home, a business and a large deposit are undeclared, then each is a mismatch naming its owner', () => {
    const r = compareHousehold(
      declaration(),
      rows({
        realEstate: [{ idNumber: A, propertyId: 'P1', floorAreaM2: 60, use: 'residential' }, { idNumber: B, propertyId: 'P9', floorAreaM2: 88.5, use: 'residential' }],
        business: [{ idNumber: B, registrationNo: 'R9', registeredCapitalFen: 0, status: 'active' }],
        vehicles: [{ idNumber: A, plate: '蒙C12345', kind: 'car', valueFen: 8_000_000 }],
        banks: [{ idNumber: A, institution: '中国银行乌海分行', kind: 'deposit', balanceFen: 1, asOf: '2025-05-31' }],
      }),
      MONTHS,
      TOLERANCE,
    );
    expect(r.mismatches.map((m) => [m.kind, m.memberId, m.source, m.field, m.declared, m.found])).toEqual([
      ['undeclared-vehicle', 'p-a', 'vehicles', 'assets.vehicles', 0, 1],
      ['financial-assets-above-declared', 'p-a', 'banks', 'assets.financialFen', 0, 1],
      ['residence-beyond-declared', 'p-b', 'real-estate', 'assets.residences', 1, 2],
      ['undeclared-business', 'p-b', 'business', 'assets.businessCapitalFen', 0, 0],
    ]);
    expect(r.mismatches[2]!.detail).toEqual({ properties: [{ propertyId: 'P9', floorAreaM2: 88.5, use: 'residential' }] });
  });

  test('when a member is deceased and another registered in another household, then each is a hukou mismatch', () => {
    const r = compareHousehold(
      declaration(),
      rows({
        hukou: [
          { idNumber: A, householdNo: '150302-100001', relation: 'head', status: 'deceased', deathDate: '2025-02-03', area: '150302', hukouType: 'urban' },
          { idNumber: B, householdNo: '150302-999999', relation: 'head', status: 'alive', deathDate: null, area: '150302', hukouType: 'urban' },
        ],
      }),
      MONTHS,
      TOLERANCE,
    );
    expect(r.mismatches.map((m) => [m.kind, m.memberId, m.field, m.declared, m.found])).toEqual([
      ['member-deceased', 'p-a', 'status', 'alive', 'deceased'],
      ['registered-in-another-household', 'p-b', 'householdNo', '150302-100001', '150302-999999'],
    ]);
  });

  test('when the report is built, then it states facts only: no eligibility, refusal or assistance amount', () => {
    const r = compareHousehold(declaration(), rows({ tax: wage(A, 900_000), vehicles: [{ idNumber: A, plate: '蒙C12345', kind: 'car', valueFen: 8_000_000 }] }), MONTHS, TOLERANCE);
    const text = JSON.stringify(r);
    expect(r.mismatches).toHaveLength(2);
    for (const word of ['eligib', 'ELIGIBLE', 'refuse', 'refusal', 'recover', 'topUp', 'monthlyAmount', '不符合条件', '不予', '取消', '追回']) expect(text).not.toContain(word);
  });
});
