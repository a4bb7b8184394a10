// The program catalogue of GIS ES (seed 000 §3.4.4). MODELED: the real list of programs is not public;
// these entries only show the two kinds the guide describes — available to all (connect at once) and
// by approval (the Treasury reviews an application). Change the catalogue here and nowhere else.

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
];

export const findProgram = (code: string): Program | undefined => PROGRAM_CATALOGUE.find((p) => p.code === code);
