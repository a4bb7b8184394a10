// The large FES world of the memory benchmark, built through the FES simulator's own domain actions
// (the same ones its LK FES API, GIS ES events and demo use): merchants with one active point each,
// кассы on those points, Mir cards and certificates bound to them. Deterministic for a given random.
import { generateInn, generateKpp, generateMirPan, generateOgrn } from '../src/data/checksums.js';
import { issueCertificate } from '../simulators/fes/control.js';
import { activatePoint, addCashRegisters, registerMerchant, registerPoint } from '../simulators/fes/lk.js';
import type { Ctx, FesState } from '../simulators/fes/state.js';

export interface WorldSize {
  merchants: number;
  cashRegistersPerMerchant: number;
  cards: number;
  certificatesPerCard: number;
}

/** Issue 7: 100,000 certificates on 50,000 cards and 10,000 кассы. */
export const LARGE_WORLD: WorldSize = { merchants: 1_000, cashRegistersPerMerchant: 10, cards: 50_000, certificatesPerCard: 2 };

const DAY_MS = 24 * 60 * 60_000;
/** TRU kinds the certificates name (valid NNNNNNNNN.NNNNNNNNN codes). */
const TRU_KINDS = Array.from({ length: 20 }, (_, i) => `${300126010 + i * 1000}.${String(i + 1).padStart(9, '0')}`);

export function loadWorld(state: FesState, ctx: Ctx, size: WorldSize = LARGE_WORLD): { certificates: number; cards: number; cashRegisters: number } {
  const rnd = ctx.random;
  const activeFrom = new Date(ctx.clock.now() - DAY_MS).toISOString();
  let cashRegisters = 0;
  for (let m = 0; m < size.merchants; m++) {
    const merchantId = `bench-merchant-${m}`;
    registerMerchant(state, ctx, {
      id: merchantId, inn: generateInn('legal', rnd), kpp: generateKpp(rnd), ogrn: generateOgrn('legal', rnd),
      name: `ООО «Бенчмарк ${m}»`, brand: `Бенчмарк ${m}`, technicalContactEmail: `admin-${m}@bench.poligon.example`,
    }, 'LK');
    const point = registerPoint(state, merchantId, { id: `bench-point-${m}`, name: `Точка ${m}`, address: `г. Якутск, ул. Тестовая, д. ${m + 1}`, onlineShop: false });
    activatePoint(point, activeFrom);
    cashRegisters += addCashRegisters(state, ctx, point, 'POLIGON-TEST-VENDOR', size.cashRegistersPerMerchant).length;
  }
  let certificates = 0;
  for (let c = 0; c < size.cards; c++) {
    const pan = generateMirPan(rnd);
    for (let k = 0; k < size.certificatesPerCard; k++) {
      const kind = TRU_KINDS[(c + k) % TRU_KINDS.length]!;
      issueCertificate(state, ctx, { pan, truKinds: [kind], quantity: 1 + (c % 5), maxUnitPrice: 100_000 * (1 + (c % 50)) });
      certificates++;
    }
  }
  return { certificates, cards: size.cards, cashRegisters };
}
