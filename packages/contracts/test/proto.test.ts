/**
 * The protos are loaded once, with the fixed options of DESIGN.md §Conventions 1: int64 as decimal
 * strings (never Long objects), absent strings as "", absent messages as null.
 */
import * as protoLoader from '@grpc/proto-loader';
import { loadProtos, SERVICE_NAMES, serviceDefinition, toHouseholdFactsMsg, fromHouseholdFactsMsg, type HouseholdFactsMsg } from '../src';

const plain = {
  area: '150302',
  hukou: 'urban',
  livingAreaM2: 38.5,
  homeOwned: true,
  houseDangerGrade: null,
  assets: { financialFen: 9_007_199_254_740_991, vehicles: 0, disabilityVehicles: 1, residences: 1, businessCapitalFen: 0 },
  familyPlanning: { onlyChild: null, ruralOneChildOrTwoDaughters: false, urbanOneChild: false },
  members: [
    {
      id: 'm1', idNumber: null, name: '张三', sex: 'M', birthDate: '1950-03-15', relation: 'head', minority: false,
      disability: { category: 4, grade: 2 }, monthlyIncomeFen: 12_345, canWork: false, employed: false, pensionInsured: false,
      illness: null, school: null, admission: null, tekun: null,
    },
  ],
};

test('when every service is loaded, then each has a definition and loading twice returns the same objects', () => {
  const first = loadProtos();
  for (const name of SERVICE_NAMES) expect(Object.keys(serviceDefinition(name)).length).toBeGreaterThan(0);
  const again = loadProtos();
  expect(again.definition).toBe(first.definition);
  expect(again.grpcObject).toBe(first.grpcObject);
});

test('when household facts cross the wire, then int64 fen come back as exact decimal strings and nulls survive the mapping', () => {
  const { definition } = loadProtos();
  const method = (definition['wuhai.registry.v1.RegistryService'] as protoLoader.ServiceDefinition).RegisterHousehold!;
  const wire = method.requestSerialize({ facts: toHouseholdFactsMsg(plain), street: '海北街道', address: '1号' });
  const decoded = method.requestDeserialize(wire) as { facts: HouseholdFactsMsg; householdNo: string };
  expect(decoded.facts.assets!.financialFen).toBe('9007199254740991');
  expect(decoded.facts.members[0]!.monthlyIncomeFen).toBe('12345');
  expect(decoded.facts.members[0]!.school).toBeNull();
  expect(decoded.facts.houseDangerGrade).toBe('');
  expect(decoded.householdNo).toBe('');
  expect(fromHouseholdFactsMsg(decoded.facts)).toEqual({ ...plain, members: [{ ...plain.members[0] }] });
});
