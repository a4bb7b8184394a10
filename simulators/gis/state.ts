// GIS ES state: plain JSON (snapshots are JSON copies). Statuses follow seed 000 §3.4.
import type { ProgramStatus } from './machine.js';

export type SellerType = 'LEGAL_ENTITY' | 'INDIVIDUAL' | 'INDIVIDUAL_ENTREPRENEUR';
export type MerchantStatus = 'OPEN' | 'BLOCKED';
export type ContactRole = 'TECHNICAL' | 'ORGANIZATIONAL';
/** Stored point status; ACTIVATED with a future activeFrom still reads TESTED (see machine.pointStatus). */
export type PointStatus = 'CREATED' | 'ON_ACTIVATION' | 'TESTED' | 'ACTIVATED' | 'DISABLED';

export interface Contact {
  id: string;
  role: ContactRole;
  fullName: string;
  email: string;
  phone: string;
  position?: string;
}

export interface ProgramLink {
  status: ProgramStatus;
  rejectionReason?: string;
  /** The application under review, while status is UNDER_REVIEW. */
  applicationId?: string;
}

export interface Merchant {
  id: string;
  inn: string;
  kpp?: string;
  ogrn?: string;
  name: string;
  brand: string;
  sellerType: SellerType;
  status: MerchantStatus;
  blockReason?: string;
  hidden: boolean;
  contacts: Contact[];
  /** Program code → this merchant's link; absent means NOT_CONNECTED. */
  programs: Record<string, ProgramLink>;
  createdAt: string;
  updatedAt: string;
}

export interface Address {
  fiasId: string;
  division: 'MUNICIPAL';
  text: string;
}

export interface Coordinates {
  latitude: string;
  longitude: string;
}

export interface Point {
  id: string;
  merchantId: string;
  name: string;
  address?: Address;
  coordinates?: Coordinates;
  onlineShop: boolean;
  site?: string;
  accessibleForLimitedMobility: boolean;
  goods: string[];
  status: PointStatus;
  activeFrom?: string;
  hidden: boolean;
  cashRegisterIds: string[];
  /** Кассы of the point that passed the production test (§4.6), as LK FES reported them. */
  testedCashRegisterIds: string[];
  createdAt: string;
  updatedAt: string;
}

export type ApplicationKind = 'CONNECT' | 'DISCONNECT';

export interface Application {
  id: string;
  merchantId: string;
  programCode: string;
  kind: ApplicationKind;
  status: 'PENDING' | 'APPROVED' | 'REJECTED';
  reason?: string;
  createdAt: string;
  decidedAt?: string;
}

export interface GisState {
  counters: { merchant: number; point: number; contact: number; application: number };
  merchants: Record<string, Merchant>;
  points: Record<string, Point>;
  applications: Record<string, Application>;
}

export const createGisState = (): GisState => ({
  counters: { merchant: 0, point: 0, contact: 0, application: 0 },
  merchants: {},
  points: {},
  applications: {},
});

export { own } from '../../src/data/records.js';

const ID_PREFIX = { merchant: 'tsp', point: 'pt', contact: 'ct', application: 'app' } as const;

/** Sequential ids, so that the same requests give the same ids in every namespace. */
export function nextId(state: GisState, kind: keyof GisState['counters']): string {
  state.counters[kind] += 1;
  return `${ID_PREFIX[kind]}-${String(state.counters[kind]).padStart(6, '0')}`;
}
