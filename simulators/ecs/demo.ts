// The ECS demo world, the same in every namespace: one organization of each connection type with fixed
// credentials (connection type 1: an acceptant of Type 2 variant 2 with its own ticket system; 2: the
// «Цифровой пропуск» of Type 2 variant 1; 3: an acceptant of Type 3), an acceptant of Type 1 with no
// web-service credentials (§1.4), their terminals and services, and holders that produce every result
// code. Organization 1 uses the regulation's own example credentials (client_id 111, client_secret
// aaaabbbbbcccccc) and holder AAABBBCCC, so that the examples of Appendices 2 and 9 run as written.
import type { DemoSection, SimulatorContext } from '../../src/engine/simulator.js';
import { addService, createHolder, createOrganization } from './control.js';
import { MAGIC_VALUES } from './magic.js';
import { takeId, type EcsState } from './model.js';

export const DEMO = {
  organizations: {
    type1: { id: 1, clientId: '111', clientSecret: 'aaaabbbbbcccccc', terminals: [1, 2], services: [1, 2] },
    type2: { id: 2, clientId: '222', clientSecret: 'ddddeeeeeffffff', terminals: [3], services: [3, 4] },
    type3: { id: 3, clientId: '333', clientSecret: 'gggghhhhhiiiiii', terminals: [4], services: [5, 6] },
  },
  /** Acceptant Type 1 (variant 1): the bank's own software, so no connection type and no credentials. */
  acceptantType1: { id: 4, terminals: [5] },
  holders: {
    /** Has a benefit for every demo service. */
    found: { clientId: 1, clientCode: 'AAABBBCCC', cardNumber: '7000100000000001', cardSeries: '0101', snils: '11223344595' },
    /** 01: known, active card, but no benefit category any demo service serves. */
    noBenefit: { clientId: 2, clientCode: 'DEMO01NOBENEFIT', cardNumber: '7000100000000002', cardSeries: '0101', snils: '12345670140' },
    /** 02: nobody has these (the SNILS is valid). */
    unknown: { clientCode: 'DEMO02UNKNOWN', cardNumber: '7000100000000099', cardSeries: '0101', snils: '12345670241' },
    /** 05: every card inactive. */
    inactive: { clientId: 3, clientCode: 'DEMO05INACTIVE', cardNumber: '7000100000000005', cardSeries: '0101', snils: '12345670544' },
    /** 05 by Appendix 6: an active social card past its expiry date (its ECS card is active, for contrast). */
    expired: { clientId: 4, clientCode: 'DEMO05EXPIRED', cardNumber: '7000100000000006', cardSeries: '0101', snils: '12345670645', expiresOn: '2020-12-31' },
  },
  /** 07: a terminal no demo organization has; 08: a service no demo organization has. */
  unknownTerminalId: 999,
  unknownServiceId: 999,
  /** The confirmed transaction of the Appendix 9 example (2021-04-21), for GetTransactions. */
  historicTransaction: { id: 100, confirmedAt: '2021-04-21T12:31:30.842Z' },
  /** The first transaction CheckClientBenefits opens, as in the regulation's examples. */
  firstTransactionId: 123,
} as const;

const BENEFIT_CATEGORIES = ['Многодетные семьи', 'Инвалиды I группы', 'Ветераны труда', 'Пенсионеры', 'Студенты очной формы обучения'];
const AREAS = ['г. Якутск', 'Мирнинский район', 'Нерюнгринский район'];

export function seedEcsDemo(state: EcsState, ctx: SimulatorContext): void {
  for (const name of AREAS) { const id = takeId(state, 'area'); state.areas[id] = { id, name }; }
  for (const name of BENEFIT_CATEGORIES) { const id = takeId(state, 'benefitCategory'); state.benefitCategories[id] = { id, name }; }
  const { type1, type2, type3 } = DEMO.organizations;
  createOrganization(state, {
    shortName: 'ГБУ «Демо-бассейн»', fullName: 'Государственное бюджетное учреждение «Демо-бассейн» (демо)',
    variant: 'type2.variant2', areaId: 1, clientId: type1.clientId, clientSecret: type1.clientSecret,
    transactionsAccess: true, terminalCount: 2,
  }, ctx.random);
  createOrganization(state, {
    shortName: 'Цифровой пропуск (демо)', fullName: 'Система продажи билетов «Цифровой пропуск» (демо)',
    variant: 'type2.variant1', areaId: 1, clientId: type2.clientId, clientSecret: type2.clientSecret,
  }, ctx.random);
  createOrganization(state, {
    shortName: 'ООО «Демо-аптека»', fullName: 'Общество с ограниченной ответственностью «Демо-аптека»',
    variant: 'type3', areaId: 2, clientId: type3.clientId, clientSecret: type3.clientSecret,
  }, ctx.random);
  createOrganization(state, {
    shortName: 'МБУ «Демо-музей»', fullName: 'Муниципальное бюджетное учреждение «Демо-музей» (тип 1, программное решение банка)',
    variant: 'type1.variant1', areaId: 3,
  }, ctx.random);
  // benefit category ids: 1 Многодетные, 2 Инвалиды I группы, 3 Ветераны труда, 4 Пенсионеры, 5 Студенты
  addService(state, type1.id, { name: 'Разовое посещение бассейна', benefits: [{ benefitCategoryId: 2, priority: 1 }, { benefitCategoryId: 1, priority: 2 }, { benefitCategoryId: 4, priority: 3 }] });
  addService(state, type1.id, { name: 'Абонемент на месяц', benefits: [{ benefitCategoryId: 1, priority: 1 }, { benefitCategoryId: 3, priority: 2 }] });
  addService(state, type2.id, { name: 'Посещение музея', benefits: [{ benefitCategoryId: 4, priority: 1 }, { benefitCategoryId: 1, priority: 2 }] });
  addService(state, type2.id, { name: 'Посещение театра', benefits: [{ benefitCategoryId: 2, priority: 1 }, { benefitCategoryId: 1, priority: 2 }] });
  addService(state, type3.id, { name: 'Скидка на лекарства', benefits: [{ benefitCategoryId: 4, priority: 1 }, { benefitCategoryId: 2, priority: 2 }] });
  addService(state, type3.id, { name: 'Скидка на оптику', benefits: [{ benefitCategoryId: 4, priority: 1 }, { benefitCategoryId: 1, priority: 2 }] });

  const { found, noBenefit, inactive, expired } = DEMO.holders;
  createHolder(state, {
    snils: found.snils, benefitCategoryIds: [1, 4],
    ecsCards: [{ clientCode: found.clientCode }], socialCards: [{ cardNumber: found.cardNumber, cardSeries: found.cardSeries }],
  });
  createHolder(state, {
    snils: noBenefit.snils, benefitCategoryIds: [5],
    ecsCards: [{ clientCode: noBenefit.clientCode }], socialCards: [{ cardNumber: noBenefit.cardNumber, cardSeries: noBenefit.cardSeries }],
  });
  createHolder(state, {
    snils: inactive.snils, benefitCategoryIds: [1, 4],
    ecsCards: [{ clientCode: inactive.clientCode, status: 'inactive' }],
    socialCards: [{ cardNumber: inactive.cardNumber, cardSeries: inactive.cardSeries, status: 'inactive' }],
  });
  createHolder(state, {
    snils: expired.snils, benefitCategoryIds: [1, 4],
    ecsCards: [{ clientCode: expired.clientCode }],
    socialCards: [{ cardNumber: expired.cardNumber, cardSeries: expired.cardSeries, expiresOn: expired.expiresOn }],
  });
  state.serviceStartedAt = new Date(ctx.clock.now()).toISOString();
  const { id, confirmedAt } = DEMO.historicTransaction;
  state.transactions[id] = {
    id, status: 'confirmed', organizationId: type1.id, terminalId: type1.terminals[0], serviceId: 1, clientId: found.clientId,
    benefitCategoryId: 1, createdAt: confirmedAt, expiresAt: confirmedAt, confirmedAt, discountedPrice: 100.0, pinned: true,
  };
  state.nextId.transaction = DEMO.firstTransactionId;
}

interface EcsDemoHolder { clientCode: string; cardNumber: string; cardSeries: string; snils: string }
export interface EcsDemoOrganization {
  organizationId: number;
  connectionType: 1 | 2 | 3;
  name: string;
  /** OAuth client credentials for POST …/connect/token. */
  clientId: string;
  clientSecret: string;
  terminals: number[];
  services: Array<{ id: number; name: string }>;
}

/** The ECS part of the demo world as data: what the banner, GET /__admin/demo and the clients read. */
export interface EcsDemoCredentials {
  /** ECS base URL, e.g. http://localhost:8080/ecs */
  baseUrl: string;
  tokenUrl: string;
  scope: string;
  /** One organization per connection type (Appendix 2). */
  organizations: { type1: EcsDemoOrganization; type2: EcsDemoOrganization; type3: EcsDemoOrganization };
  /** Holders: with a benefit, 01 no benefit, 02 not found, 05 card inactive, 05 social card expired. */
  holders: { found: EcsDemoHolder; noBenefit: EcsDemoHolder; unknown: EcsDemoHolder; inactive: EcsDemoHolder; expired: EcsDemoHolder };
  /** 07 and 08: a terminal and a service no demo organization has. */
  unknownTerminalId: number;
  unknownServiceId: number;
}

const holderIds = ({ clientCode, cardNumber, cardSeries, snils }: EcsDemoHolder): EcsDemoHolder => ({ clientCode, cardNumber, cardSeries, snils });

export function ecsDemoCredentials(state: EcsState, baseUrl: string): EcsDemoCredentials | undefined {
  const demoIds = Object.values(DEMO.organizations).map((o) => o.id);
  if (!demoIds.every((id) => state.organizations[id])) return undefined;
  const base = `${baseUrl}/ecs`;
  const organization = (id: number): EcsDemoOrganization => {
    const o = state.organizations[id]!;
    return {
      organizationId: o.id,
      connectionType: o.connectionType as 1 | 2 | 3,
      name: o.shortName,
      clientId: o.clientId!,
      clientSecret: o.clientSecret!,
      terminals: Object.values(state.terminals).filter((t) => t.organizationId === o.id).map((t) => t.id),
      services: Object.values(state.services).filter((s) => s.organizationId === o.id).map((s) => ({ id: s.id, name: s.name })),
    };
  };
  const { found, noBenefit, unknown, inactive } = DEMO.holders;
  return {
    baseUrl: base,
    tokenUrl: `${base}/connect/token`,
    scope: 'ECS.WebAPI OrganizationAPI',
    organizations: { type1: organization(DEMO.organizations.type1.id), type2: organization(DEMO.organizations.type2.id), type3: organization(DEMO.organizations.type3.id) },
    holders: { found: holderIds(found), noBenefit: holderIds(noBenefit), unknown: holderIds(unknown), inactive: holderIds(inactive), expired: holderIds(DEMO.holders.expired) },
    unknownTerminalId: DEMO.unknownTerminalId,
    unknownServiceId: DEMO.unknownServiceId,
  };
}

/** The banner's lines, written from the data above. */
export function describeEcsDemo(state: EcsState, baseUrl: string): DemoSection | undefined {
  const demo = ecsDemoCredentials(state, baseUrl);
  if (!demo) return undefined;
  const base = demo.baseUrl;
  const orgLines = Object.values(demo.organizations).flatMap((o): Array<[string, string]> => [
    [`type ${o.connectionType}: ${o.name}`, `client_id ${o.clientId}, client_secret ${o.clientSecret}, organization ${o.organizationId}`],
    [`  terminals / services`, `${o.terminals.join(', ')} / ${o.services.map((s) => `${s.id} ${s.name}`).join('; ')}`],
  ]);
  const ids = (h: EcsDemoHolder) => `clientCode ${h.clientCode} | card ${h.cardNumber} series ${h.cardSeries} | SNILS ${h.snils}`;
  const { found, noBenefit, unknown, inactive } = demo.holders;
  return {
    title: 'ECS web service (Yakutia), seed 004 Appendices 2, 7, 9',
    lines: [
      ['token', `POST ${demo.tokenUrl}  (form: client_id, client_secret, grant_type=client_credentials, scope=${demo.scope})`],
      ['methods', `POST ${base}/api/CheckClientBenefits, ConfirmTransaction, GetOrganizationServices, GetTransactions`],
      ['discovery', `${base}/.well-known/openid-configuration`],
      ...orgLines,
      ['benefit found', ids(found)],
      ['01 no benefit', ids(noBenefit)],
      ['02 not found', ids(unknown)],
      ['05 card inactive', ids(inactive)],
      ['05 card expired', `${ids(demo.holders.expired)} (social card expired ${DEMO.holders.expired.expiresOn})`],
      ['acceptant type 1', `${DEMO.acceptantType1.id}: the bank's own software, no web-service credentials (§1.4)`],
      ['06 no processing centre', `PUT ${base}/control/v1/processing-centre {"online":false}`],
      ['07 participant unknown', `organizationTerminalId ${demo.unknownTerminalId}, or an excluded organization's token`],
      ['08 service not found', `serviceId ${demo.unknownServiceId}`],
      ['magic 01–08', `clientCode ${MAGIC_VALUES.clientCode('0N')} | SNILS ${MAGIC_VALUES.clientSnils('0N')} | card 0N series MAGIC`],
      ['contradictions', `simulatorOptions.ecs.contradictions: strict (default) or lenient; list at GET ${base}/control/v1/contradictions`],
    ],
  };
}
