// Where the regulation (seed 004) contradicts itself, and what the sandbox does about it (ECS-13).
// One list, one policy switch: simulatorOptions.ecs.contradictions = 'strict' (default: follow the
// tables, refuse the example's form with a message naming the difference) or 'lenient' (also accept
// the example's form, and say so in a Warning header).
import { EcsErrors } from './errors.js';

export type ContradictionPolicy = 'strict' | 'lenient';

export interface Contradiction {
  id: string;
  where: string;
  table: string;
  example: string;
  strict: string;
  lenient: string;
}

export const CONTRADICTIONS: Contradiction[] = [
  {
    id: 'ECS-C1',
    where: 'Appendix 9, GetTransactions request',
    table: 'the interval fields are dateFrom and dateTo (required)',
    example: 'the example sends creationDateFrom and creationDateTo',
    strict: 'creationDateFrom/creationDateTo are refused (400, errorCode 100) with a message naming dateFrom/dateTo',
    lenient: 'creationDateFrom/creationDateTo are accepted in place of dateFrom/dateTo; the answer carries a Warning header',
  },
  {
    id: 'ECS-C2',
    where: 'Appendix 9, GetTransactions answer, Area',
    table: 'Area has name (String(50))',
    example: 'the example answer has area.shortName',
    strict: 'area has id and name only',
    lenient: 'area has name and also shortName (same value); the answer carries a Warning header',
  },
  {
    id: 'ECS-C3',
    where: 'Appendix 2, ConfirmTransaction request example and GetOrganizationServices answer example',
    table: 'JSON',
    example: 'a comma is missing after "clientId": 1 and after "id": 1, so the examples are not valid JSON',
    strict: 'malformed JSON is refused (400, errorCode 100); for ConfirmTransaction the message points at the example\'s missing comma',
    lenient: 'the same: a body that is not JSON cannot be guessed at',
  },
  {
    id: 'ECS-C4',
    where: 'Appendix 2, CheckClientBenefits answer example, against Appendix 7',
    table: 'Appendix 7: code 01 = the holder has no benefit at this acceptant',
    example: 'the example answer has "resultCode": 1 together with a found benefit',
    strict: 'a found benefit answers resultCode 1 as in the example; Appendix 7 codes 01–08 come as errorCode in the error body (Appendix 7 and the error body both say «Код ошибки»), never as resultCode',
    lenient: 'the same',
  },
  {
    id: 'ECS-C5',
    where: 'Appendix 2, CheckClientBenefits footnotes ** and ***',
    table: 'the card layouts are Appendix 8 (ECS card) and Appendix 6 (social card)',
    example: 'the footnotes point to Appendix 1 and Appendix 2',
    strict: 'documentation only: no behaviour depends on it',
    lenient: 'the same',
  },
  {
    id: 'ECS-C6',
    where: '§6.3 step 2 against Appendix 2, CheckClientBenefits, connection type 3',
    table: 'Appendix 2: serviceId is required for every connection type',
    example: '§6.3 has the acceptant send the service «для Типа 2» only, so a type 3 check would carry no service',
    strict: 'serviceId is required (400, errorCode 100, naming serviceId)',
    lenient: 'the same: without a service the bank cannot pick the highest-priority benefit for it (§6.2–6.3), so nothing is guessed',
  },
  {
    id: 'ECS-C7',
    where: '§7.3 step 2 against Appendix 2, CheckClientBenefits, connection type 2',
    table: 'Appendix 2: clientCode is available only for connection types 1 and 3 (type 2 sends clientSnils)',
    example: '§7.3 has acceptants of types 2 and 3 enter the ECS holder code and card number',
    strict: 'clientCode from a connection type 2 organization is refused (400, errorCode 100), the message naming connection types 1 and 3',
    lenient: 'clientCode is also accepted from connection type 2; the answer carries a Warning header naming ECS-C7',
  },
  {
    id: 'ECS-C8',
    where: '§6.3 step 2 (and §6.2, §7.2, §7.3) against Appendix 2, CheckClientBenefits',
    table: 'Appendix 2: the service is serviceId, an integer id from GetOrganizationServices',
    example: '§6.3 has the acceptant enter «название услуги», the service\'s name',
    strict: 'documentation only: the service is named by serviceId; a name in serviceId is refused as not an integer (400, errorCode 100)',
    lenient: 'the same',
  },
];

export const C7_WARNING = 'ECS-C7: accepted clientCode from a connection type 2 organization (section 7.3); Appendix 2 offers it to types 1 and 3 only';

export interface DateInterval {
  dateFrom: string;
  dateTo: string;
  warnings: string[];
}

/** dateFrom/dateTo of a GetTransactions request under the policy (ECS-C1). */
export function resolveDateFields(body: Record<string, unknown>, policy: ContradictionPolicy): DateInterval {
  const exampleNames = (['creationDateFrom', 'creationDateTo'] as const).filter((k) => body[k] !== undefined);
  if (exampleNames.length && policy === 'strict') {
    throw EcsErrors.CONTRADICTION({
      reason: `${exampleNames.join(' and ')}: the field table of Appendix 9 names the interval dateFrom and dateTo; only its example says creationDateFrom/creationDateTo (contradiction ECS-C1). Send dateFrom and dateTo.`,
    });
  }
  const pick = (table: 'dateFrom' | 'dateTo', example: 'creationDateFrom' | 'creationDateTo'): string => {
    const a = body[table] as string | undefined;
    const b = body[example] as string | undefined;
    if (a !== undefined && b !== undefined && a !== b) {
      throw EcsErrors.CONTRADICTION({ reason: `${table} (${a}) and ${example} (${b}) disagree; send only ${table} (contradiction ECS-C1)` });
    }
    const value = a ?? b;
    if (value === undefined) throw EcsErrors.BAD_REQUEST({ reason: `${table} is required (Appendix 9)` });
    return value;
  };
  const dateFrom = pick('dateFrom', 'creationDateFrom');
  const dateTo = pick('dateTo', 'creationDateTo');
  const warnings = exampleNames.length
    ? [`ECS-C1: accepted ${exampleNames.join(' and ')} (the example's names) for dateFrom/dateTo (the table's names)`]
    : [];
  return { dateFrom, dateTo, warnings };
}

/** An area as GetTransactions renders it under the policy (ECS-C2). */
export function renderArea(area: { id: number; name: string }, policy: ContradictionPolicy): Record<string, unknown> {
  return policy === 'lenient' ? { id: area.id, name: area.name, shortName: area.name } : { id: area.id, name: area.name };
}

export const AREA_WARNING = 'ECS-C2: area carries both name (the table) and shortName (the example)';

/** A Warning header (RFC 7234 §5.5, code 299) naming what the lenient policy accepted; ASCII only. */
export function warningHeader(warnings: string[]): Record<string, string> {
  if (!warnings.length) return {};
  return { Warning: warnings.map((w) => `299 poligon "${w.replace(/["\\]/g, "'")}"`).join(', ') };
}

/** Added to a JSON syntax error on ConfirmTransaction, whose regulation example misses a comma (ECS-C3). */
export const MISSING_COMMA_NOTE = 'The regulation\'s ConfirmTransaction example misses a comma after "clientId": 1 (contradiction ECS-C3); JSON needs a comma between fields.';
