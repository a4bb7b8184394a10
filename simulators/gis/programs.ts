// The program catalogue of GIS ES (seed 000 §3.4.4). MODELED: the real list of programs is not public;
// these entries only show the two kinds the guide describes — available to all (connect at once) and
// by approval (the Treasury reviews an application). Change the catalogue here and nowhere else.
import { GisErrors } from './errors.js';

export type ProgramAccess = 'PUBLIC' | 'BY_APPROVAL';

export interface Program {
  code: string;
  name: string;
  description: string;
  access: ProgramAccess;
  validFrom: string;
  validTo: string;
}

export const PROGRAM_CATALOGUE: readonly Program[] = [
  {
    code: 'ES-TSR',
    name: 'Технические средства реабилитации',
    description: 'Электронный сертификат на приобретение технических средств реабилитации (ТСР) и протезно-ортопедических изделий',
    access: 'PUBLIC',
    validFrom: '2022-01-01',
    validTo: '2030-12-31',
  },
  {
    code: 'ES-SCHOOL',
    name: 'Школьная форма',
    description: 'Электронный сертификат на школьную и спортивную форму для детей из многодетных семей (модельная программа)',
    access: 'PUBLIC',
    validFrom: '2024-01-01',
    validTo: '2030-12-31',
  },
  {
    code: 'ES-SANATORIUM',
    name: 'Санаторно-курортное лечение',
    description: 'Электронный сертификат на санаторно-курортные услуги (модельная программа, подключение по согласованию)',
    access: 'BY_APPROVAL',
    validFrom: '2024-01-01',
    validTo: '2030-12-31',
  },
  {
    code: 'ES-SPORT',
    name: 'Адаптивный спорт',
    description: 'Электронный сертификат на спортивное оборудование для адаптивного спорта (модельная программа, подключение по согласованию)',
    access: 'BY_APPROVAL',
    validFrom: '2025-01-01',
    validTo: '2030-12-31',
  },
  {
    code: 'ES-PILOT-2023',
    name: 'Пилотная программа 2023 года',
    description: 'Электронный сертификат пилотного проекта 2023 года (модельная программа; срок действия истёк, подключить нельзя)',
    access: 'PUBLIC',
    validFrom: '2023-01-01',
    validTo: '2023-12-31',
  },
];

export const findProgram = (code: string): Program | undefined => PROGRAM_CATALOGUE.find((p) => p.code === code);

/** The calendar day in Moscow (UTC+3, no daylight saving) at an instant: the days of validFrom/validTo are Moscow days (MODELED). */
export const moscowDay = (instant: string): string => new Date(Date.parse(instant) + 3 * 3_600_000).toISOString().slice(0, 10);

/** §3.4.4: a program is connected (at once, or by approving the application) only within its period of validity, both days included. */
export function checkProgramValid(program: Program, now: string): void {
  const today = moscowDay(now);
  if (today < program.validFrom || today > program.validTo) {
    throw GisErrors.PROGRAM_NOT_VALID({ programCode: program.code, validFrom: program.validFrom, validTo: program.validTo, today });
  }
}
