// Every word the reports and the run console print, in Russian (default) and English (`--lang en`).
export type Lang = 'ru' | 'en';

const STRINGS = {
  reportTitle: { ru: 'Протокол испытаний', en: 'Test report' },
  fesProtocolTitle: { ru: 'ПРОТОКОЛ ИСПЫТАНИЙ', en: 'TEST PROTOCOL' },
  fesProtocolSubtitle: {
    ru: 'программного обеспечения кассы на соответствие протоколу взаимодействия с ФЭС НСПК (электронные сертификаты)',
    en: 'of cash-register software for conformance with the FES NSPK protocol (electronic certificates)',
  },
  genericProtocolSubtitle: { ru: 'результаты прогона набора проверок Poligon', en: 'results of a Poligon scenario pack run' },
  modeledNote: {
    ru: 'Проверки выполнены на песочнице Poligon. Части протокола, не описанные в открытых источниках (пути, заголовки, алгоритм MAC, коды ответов), смоделированы — см. документацию проекта.',
    en: 'Checks were run against the Poligon sandbox. Parts of the protocol no public source describes (paths, headers, MAC algorithm, response codes) are modeled; see the project documentation.',
  },
  sut: { ru: 'Объект испытаний', en: 'System under test' },
  vendor: { ru: 'Разработчик', en: 'Vendor' },
  product: { ru: 'Продукт', en: 'Product' },
  productVersion: { ru: 'Версия продукта', en: 'Product version' },
  sutId: { ru: 'ID кассы / участника', en: 'Cash register ID / participant' },
  organization: { ru: 'Организация', en: 'Organization' },
  bank: { ru: 'Банк', en: 'Bank' },
  operator: { ru: 'Оператор', en: 'Operator' },
  notGiven: { ru: 'не указано', en: 'not given' },
  playedBy: { ru: 'Кто делал вызовы', en: 'Who made the calls' },
  'playedBy.vendor': { ru: 'ПО разработчика (объект испытаний)', en: "the vendor's software (the system under test)" },
  'playedBy.reference-client': {
    ru: 'эталонный клиент Poligon — демонстрация: ПО разработчика не испытывалось',
    en: "Poligon's reference client — a demonstration: the vendor's software was not tested",
  },
  'playedBy.sandbox': {
    ru: 'симулятор песочницы Poligon отвечал на вызовы Poligon — демонстрация: система разработчика не испытывалась',
    en: "the Poligon sandbox's own simulator answered Poligon's calls — a demonstration: the vendor's system was not tested",
  },
  notice: {
    ru: 'Предсертификационная репетиция на песочнице Poligon. Это не документ НСПК или банка и не результат их испытаний.',
    en: 'A pre-certification rehearsal on the Poligon sandbox. This is not an NSPK or bank document, nor the result of their tests.',
  },
  demoTitle: { ru: 'ДЕМОНСТРАЦИЯ', en: 'DEMONSTRATION' },
  'demoPassed.reference-client': {
    ru: 'ДЕМОНСТРАЦИЯ: все проверки пройдены эталонным клиентом Poligon; соответствие ПО разработчика не оценивалось',
    en: "DEMONSTRATION: every case passed with Poligon's reference client playing the system; the vendor's software was not assessed",
  },
  'demoFailed.reference-client': {
    ru: 'ДЕМОНСТРАЦИЯ: эталонный клиент Poligon прошёл не все проверки; соответствие ПО разработчика не оценивалось',
    en: "DEMONSTRATION: Poligon's reference client did not pass every case; the vendor's software was not assessed",
  },
  'demoPassed.sandbox': {
    ru: 'ДЕМОНСТРАЦИЯ: все проверки пройдены симулятором песочницы; система разработчика не испытывалась',
    en: "DEMONSTRATION: every case passed against the sandbox's own simulator; the vendor's system was not tested",
  },
  'demoFailed.sandbox': {
    ru: 'ДЕМОНСТРАЦИЯ: симулятор песочницы прошёл не все проверки; система разработчика не испытывалась',
    en: "DEMONSTRATION: the sandbox's own simulator did not pass every case; the vendor's system was not tested",
  },
  actDemo: {
    ru: 'ДЕМОНСТРАЦИЯ: вызовы делала не система «Организации» и «Банка», а {who}. Акт не подлежит подписанию.',
    en: 'DEMONSTRATION: the calls were made not by the systems of «the Organization» and «the Bank» but by {who}. The Act is not to be signed.',
  },
  'actWho.reference-client': { ru: 'эталонная система Poligon', en: "Poligon's reference ticket system" },
  'actWho.sandbox': { ru: 'Poligon против собственного симулятора ЕЦС', en: 'Poligon against its own ECS simulator' },
  implementationAt: { ru: 'Реализация «{simulator}» под испытанием', en: 'Implementation of “{simulator}” under test' },
  fesProfile: { ru: 'Профиль протокола ФЭС', en: 'FES protocol profile' },
  fesProfileModeled: {
    ru: 'встроенный, смоделированный (открытые источники не описывают транспорт ФЭС)',
    en: 'built-in, modeled (no public source describes the FES transport)',
  },
  fesProfileServed: { ru: '{name}, SHA-256 {sha256}', en: '{name}, SHA-256 {sha256}' },
  fesProfilePublished: { ru: 'прочитан у проверяемой песочницы: {url}', en: 'read from the target sandbox: {url}' },
  restsOn: { ru: 'На чём основан вердикт', en: 'What the verdict rests on' },
  restsOnCounts: {
    ru: 'проверок на первоисточниках и публичных сведениях: {sources}; на смоделированных соглашениях{fesProfile}: {modeled}{unstated}',
    en: 'checks resting on the sources and the public record: {sources}; on modeled conventions{fesProfile}: {modeled}{unstated}',
  },
  restsOnFesProfile: { ru: ' (в т. ч. профиле транспорта ФЭС)', en: ' (the FES transport profile among them)' },
  restsOnUnstated: { ru: '; без указанного основания: {n}', en: '; with no basis stated: {n}' },
  packStarted: { ru: 'Начало набора', en: 'Pack started' },
  packFinished: { ru: 'Окончание набора', en: 'Pack finished' },
  runInfo: { ru: 'Сведения о прогоне', en: 'Run' },
  runId: { ru: 'Идентификатор прогона', en: 'Run id' },
  tool: { ru: 'Инструмент', en: 'Tool' },
  pack: { ru: 'Набор проверок', en: 'Pack' },
  packVersion: { ru: 'версия', en: 'version' },
  packHash: { ru: 'SHA-256 файла набора', en: 'SHA-256 of the pack file' },
  date: { ru: 'Дата', en: 'Date' },
  started: { ru: 'Начало', en: 'Started' },
  finished: { ru: 'Окончание', en: 'Finished' },
  target: { ru: 'Стенд', en: 'Target' },
  embedded: { ru: 'встроенная песочница Poligon', en: 'embedded Poligon sandbox' },
  seed: { ru: 'Зерно генерации данных', en: 'Data seed' },
  summary: { ru: 'Итог', en: 'Summary' },
  verdict: { ru: 'Вердикт', en: 'Verdict' },
  total: { ru: 'Всего проверок', en: 'Cases' },
  passed: { ru: 'пройдено', en: 'passed' },
  failed: { ru: 'не пройдено', en: 'failed' },
  error: { ru: 'ошибка выполнения', en: 'error' },
  skipped: { ru: 'пропущено', en: 'skipped' },
  interrupted: { ru: 'прервано', en: 'interrupted' },
  advisoryCount: { ru: 'рекомендаций', en: 'advisory notes' },
  advisoryCountTitle: { ru: 'Рекомендаций', en: 'Advisory notes' },
  notChosen: { ru: 'не выбрана для этого прогона (--case)', en: 'not chosen for this run (--case)' },
  observeSkipped: { ru: 'режим наблюдения пропущен (--skip-observe)', en: 'observe mode skipped (--skip-observe)' },
  notStarted: { ru: 'не начата: прогон прерван', en: 'not started: the run was interrupted' },
  interruptedHere: { ru: 'прогон прерван во время этого шага', en: 'the run was interrupted during this step' },
  interruptedRun: { ru: 'Прогон прерван оператором: отчёты содержат то, что успело выполниться.', en: 'The run was interrupted by the operator: the reports hold what ran.' },
  carriedFrom: { ru: 'перенесено из прогона {runId}', en: 'carried over from run {runId}' },
  resumedFrom: { ru: 'Продолжение прогона {runId}: пройденные там проверки перенесены, остальные выполнены заново.', en: 'Resumes run {runId}: the cases that passed there are carried over, the others ran again.' },
  'not-covered': { ru: 'не покрыто', en: 'not covered' },
  overallPassed: { ru: 'СООТВЕТСТВУЕТ: все проверки пройдены', en: 'PASSED: every case passed' },
  overallFailed: { ru: 'НЕ СООТВЕТСТВУЕТ: есть непройденные проверки', en: 'FAILED: some cases did not pass' },
  cases: { ru: 'Проверки', en: 'Cases' },
  caseId: { ru: 'ID', en: 'ID' },
  caseNo: { ru: '№', en: 'No.' },
  caseTitle: { ru: 'Проверка', en: 'Case' },
  requirements: { ru: 'Требования', en: 'Requirements' },
  preconditions: { ru: 'Предусловия', en: 'Preconditions' },
  expected: { ru: 'Ожидалось', en: 'Expected' },
  actual: { ru: 'Получено', en: 'Actual' },
  reason: { ru: 'Причина', en: 'Reason' },
  step: { ru: 'Шаг', en: 'Step' },
  steps: { ru: 'Шаги', en: 'Steps' },
  instructions: { ru: 'Действие оператора', en: 'Operator action' },
  reproduce: { ru: 'Воспроизвести', en: 'Reproduce' },
  traffic: { ru: 'Журнал обмена', en: 'Traffic log' },
  trafficRefs: { ru: 'Записи журнала', en: 'Traffic entries' },
  request: { ru: 'Запрос', en: 'Request' },
  response: { ru: 'Ответ', en: 'Response' },
  state: { ru: 'Состояние', en: 'State' },
  journal: { ru: 'Журнал', en: 'Journal' },
  duration: { ru: 'Длительность', en: 'Duration' },
  namespace: { ru: 'пространство имён', en: 'namespace' },
  playedByDriver: { ru: 'шаги наблюдения выполнял', en: 'observe steps played by' },
  playedByDriverTitle: { ru: 'Шаги наблюдения выполнял', en: 'Observe steps played by' },
  'driver.harness-webhook': { ru: 'стенд разработчика по адресу {name}', en: 'vendor harness at {name}' },
  'driver.harness-command': { ru: 'стенд разработчика, команда {name}', en: 'vendor harness, command {name}' },
  'driver.reference-client': { ru: 'эталонный клиент Poligon', en: 'Poligon reference client' },
  'driver.console': { ru: 'оператор за консолью', en: 'a person at the console' },
  coverage: { ru: 'Покрытие требований', en: 'Requirement coverage' },
  requirement: { ru: 'Требование', en: 'Requirement' },
  source: { ru: 'Источник', en: 'Source' },
  coveredBy: { ru: 'Проверки', en: 'Covered by' },
  notCoveredCount: { ru: 'Требований каталога без проверок в этом прогоне: {n}', en: 'Catalogue requirements no case of this run covers: {n}' },
  integrity: { ru: 'Целостность', en: 'Integrity' },
  integrityNote: {
    ru: 'SHA-256 данных прогона (run.json): {json}; журнала обмена (traffic.har): {har}.',
    en: 'SHA-256 of the run data (run.json): {json}; of the traffic log (traffic.har): {har}.',
  },
  manifestNote: {
    ru: 'Все файлы отчёта перечислены с хешами SHA-256 в manifest.json, манифест подписан ключом Ed25519 с отпечатком {fingerprint}. Проверка: poligon report verify <папка> --public-key <файл открытого ключа>.',
    en: 'Every report file is listed with its SHA-256 in manifest.json, signed with the Ed25519 key of fingerprint {fingerprint}. Check with: poligon report verify <folder> --public-key <public key file>.',
  },
  publicKey: { ru: 'Открытый ключ подписи', en: 'Public signing key' },
  keyFingerprint: { ru: 'Отпечаток ключа подписи', en: 'Signing key fingerprint' },
  rerenderNote: {
    ru: 'Повторная отрисовка прогона {runId} из папки {dir} ({at}); исходная папка не изменялась, эта подписана как повторная отрисовка.',
    en: 'A re-rendering of run {runId} from the folder {dir} ({at}); the source folder was not touched, this one is signed as a re-rendering.',
  },
  pageOf: { ru: 'стр. {n} из {total}', en: 'page {n} of {total}' },
  secretsMasked: { ru: 'Секреты (ключи, токены, пароли) в отчёте замаскированы.', en: 'Secrets (keys, tokens, passwords) are masked in this report.' },
  signatures: { ru: 'Подписи', en: 'Signatures' },
  testedBy: { ru: 'Испытания провёл', en: 'Tested by' },
  signature: { ru: '(подпись)', en: '(signature)' },
  fullName: { ru: '(ФИО)', en: '(full name)' },
  // The Act of test trials, Appendix 3 of the ECS regulation (seed 004), reproduced word for word in Russian.
  actAppendix: { ru: 'ПРИЛОЖЕНИЕ 3', en: 'APPENDIX 3' },
  actTitle: { ru: 'АКТ', en: 'ACT' },
  actSubtitle: { ru: 'тестовых испытаний по подключению к ЕЦС', en: 'of test trials of the connection to the ECS' },
  actCity: { ru: 'город {city}', en: 'city of {city}' },
  actDefaultCity: { ru: 'Якутск', en: 'Yakutsk' },
  actDefaultBank: { ru: 'Название Уполномоченного Банка', en: 'Name of the Authorized Bank' },
  actDefaultOrganization: { ru: 'Название организации', en: 'Name of the organization' },
  actPreamble: {
    ru: 'Настоящим протоколом «{org}» и «{bank}», совместно именуемые «Стороны», подтверждают, что во исполнение «Регламент по обеспечению информационного взаимодействия уполномоченного Банка с иными участниками единого цифрового сервиса при обслуживании социальных карт и карт единого цифрового сервиса»:',
    en: 'By this protocol «{org}» and «{bank}», together «the Parties», confirm that, pursuant to the «Regulation on information exchange between the Authorized Bank and other participants of the unified digital service in servicing social cards and cards of the unified digital service»:',
  },
  actPoint1: { ru: '1. В рамках тестирования подтверждена корректность взаимодействия «Сторон».', en: '1. The testing confirmed the correct interaction of «the Parties».' },
  actPoint2: {
    ru: '2. Стороны пришли к соглашению о вводе в действие информационного обмена, определенного в Регламенте по обеспечению информационного взаимодействия уполномоченного Банка с иными участниками единого цифрового сервиса при обслуживании социальных карт и карт единого цифрового сервиса',
    en: '2. The Parties agreed to put into operation the information exchange defined in the Regulation on information exchange between the Authorized Bank and other participants of the unified digital service in servicing social cards and cards of the unified digital service',
  },
  actNotConfirmed: {
    ru: 'ВНИМАНИЕ: испытания не пройдены ({failed#не пройдена|не пройдены|не пройдено} {failed} {failed#проверка|проверки|проверок} из {total}), корректность взаимодействия не подтверждена. Акт не подлежит подписанию до успешного повторного прогона (см. Приложение).',
    en: 'WARNING: the trials did not pass ({failed} of {total} {total#case|cases} failed); correct interaction is not confirmed. The Act is not to be signed until a successful rerun (see the Annex).',
  },
  actFromOrganization: { ru: 'Со стороны «Организации»', en: 'For «the Organization»' },
  actFromBank: { ru: 'Со стороны «{bank}»:', en: 'For «{bank}»:' },
  actAnnex: { ru: 'Приложение к Акту тестовых испытаний: протокол проверок', en: 'Annex to the Act of test trials: case protocol' },
  actBasis: {
    ru: 'Основание: прогон {runId} набора «{pack}» версии {version}; {passed#пройдена|пройдены|пройдено} {passed} {passed#проверка|проверки|проверок} из {total}.',
    en: 'Basis: run {runId} of the pack «{pack}» version {version}; {passed} of {total} {total#case|cases} passed.',
  },
  // Checks: every checked expectation with what was expected and what was received
  checks: { ru: 'Проверенные ожидания', en: 'Checked expectations' },
  checkWhere: { ru: 'Что проверялось', en: 'What was checked' },
  basis: { ru: 'Основание', en: 'Basis' },
  evidence: { ru: 'Доказательства (записи журнала)', en: 'Evidence (traffic entries)' },
  'check.passed': { ru: 'выполнено', en: 'held' },
  'check.failed': { ru: 'не выполнено', en: 'did not hold' },
  'check.advisory': { ru: 'рекомендация', en: 'advisory' },
  // Russian rules are nouns, so that «ожидался/ожидалась/ожидалось» agrees with the first (RULE_GENDER)
  'rule.present': { ru: 'наличие', en: 'present' },
  'rule.absent': { ru: 'отсутствие', en: 'absent' },
  'rule.equals': { ru: '= {arg}', en: '= {arg}' },
  'rule.notEquals': { ru: '≠ {arg}', en: '≠ {arg}' },
  'rule.matches': { ru: 'соответствие {arg}', en: 'matching {arg}' },
  'rule.oneOf': { ru: 'одно из {arg}', en: 'one of {arg}' },
  'rule.contains': { ru: 'вхождение {arg}', en: 'containing {arg}' },
  'rule.gte': { ru: '≥ {arg}', en: '≥ {arg}' },
  'rule.lte': { ru: '≤ {arg}', en: '≤ {arg}' },
  'rule.length': { ru: 'длина {arg}', en: 'of length {arg}' },
  'rule.type': { ru: 'тип {arg}', en: 'of type {arg}' },
  'rule.status': { ru: 'HTTP {arg}', en: 'HTTP {arg}' },
  'rule.schema': { ru: 'соответствие схеме {arg}', en: 'a match with schema {arg}' },
  'rule.schemaRule': { ru: 'по схеме: {arg}', en: 'by the schema: {arg}' },
  'rule.errorCode': { ru: '{arg}', en: 'error code {arg}' },
  'rule.call': { ru: 'вызов {arg}', en: 'a call {arg}' },
  'rule.within': { ru: 'не дольше {arg} мс', en: 'within {arg} ms' },
  // what a JSON Schema asked for, as the sandbox's schema registry says it (src/engine/schemas.ts describeExpected)
  'schema.type': { ru: 'тип {type}', en: 'type {type}' },
  'schema.required': { ru: 'наличие поля "{field}"', en: 'field "{field}" to be present' },
  'schema.additional': { ru: 'только поля, перечисленные в схеме', en: 'no fields other than those the schema lists' },
  'schema.enum': { ru: 'одно из {values}', en: 'one of {values}' },
  'schema.pattern': { ru: 'строка, соответствующая {pattern}', en: 'a string matching {pattern}' },
  'schema.format': { ru: 'формат {format}', en: 'format {format}' },
  'schema.minLength': { ru: 'не менее {n} {n#символа|символов|символов}', en: 'at least {n} characters' },
  'schema.maxLength': { ru: 'не более {n} {n#символа|символов|символов}', en: 'at most {n} characters' },
  'schema.number': { ru: 'число {comparison} {limit}', en: 'a number {comparison} {limit}' },
  'schema.minItems': { ru: 'не менее {n} {n#элемента|элементов|элементов}', en: 'at least {n} items' },
  'schema.maxItems': { ru: 'не более {n} {n#элемента|элементов|элементов}', en: 'at most {n} items' },
  'schema.multipleOf': { ru: 'число, кратное {n}', en: 'a multiple of {n}' },
  absentValue: { ru: '(отсутствует)', en: '(absent)' },
  schemaValid: { ru: 'тело соответствует', en: 'a matching body' },
  nothingCame: { ru: '(вызова не было)', en: '(no call came)' },
  milliseconds: { ru: '{n} мс', en: '{n} ms' },
  'basis.regulation': { ru: 'регламент', en: 'regulation' },
  'basis.public-record': { ru: 'открытые материалы', en: 'public record' },
  'basis.seed': { ru: 'исходный документ', en: 'source document' },
  'basis.modeled': { ru: 'смоделировано Poligon', en: 'modeled by Poligon' },
  checksHeld: { ru: 'выполнено {n} {n#ожидание|ожидания|ожиданий} из {total}', en: '{n} of {total} {total#expectation|expectations} held' },
  noChecks: { ru: 'без проверяемых ожиданий', en: 'no checked expectations' },
  stepReason: { ru: 'шаг {n} «{title}»: {what}', en: 'step {n} “{title}”: {what}' },
  // where a check looked: the part of the exchange and the field
  'where.status': { ru: 'статус ответа', en: '{part} status' },
  'where.time': { ru: 'время ответа', en: '{part} time' },
  'where.errorCode': { ru: 'код ошибки', en: '{part} errorCode' },
  'where.header': { ru: '{part}, заголовок {name}', en: '{part} header {name}' },
  continued: { ru: 'продолжение', en: 'continued' },
  checkLine: { ru: '{where}: {expectedVerb} {expected}; получено {received}', en: '{where}: expected {expected}; received {received}' },
  'expectedVerb.m': { ru: 'ожидался', en: 'expected' },
  'expectedVerb.f': { ru: 'ожидалась', en: 'expected' },
  'expectedVerb.n': { ru: 'ожидалось', en: 'expected' },
  failureLine: { ru: '{where}: ожидалось: {expected}; получено: {received}', en: '{where}: expected {expected}; received {received}' },
  unfilled: { ru: '{name}: нет значения', en: '{name}: no value' },
  advisories: { ru: 'Рекомендации (смоделированные проверки реализации вне песочницы)', en: 'Advice (modeled checks of an implementation outside the sandbox)' },
  // Console
  consoleRunning: { ru: 'Набор {pack}: {n} {n#проверка|проверки|проверок}', en: 'Pack {pack}: {n} {n#case|cases}' },
  consoleOperator: { ru: 'ОПЕРАТОР', en: 'OPERATOR' },
  consoleAddress: { ru: '(адрес для системы: {url})', en: '(address for the system: {url})' },
  consoleInterrupting: { ru: 'Прерывание: ожидание остановлено, пишу отчёты о выполненном (ещё раз Ctrl-C — выйти сразу)…', en: 'Interrupting: waits stopped, writing the reports of what ran (Ctrl-C again to quit at once)…' },
  consoleSigned: { ru: 'Манифест подписан ключом {fingerprint} ({file})', en: 'Manifest signed with key {fingerprint} ({file})' },
  consoleReports: { ru: 'Отчёты: {dir}', en: 'Reports: {dir}' },
  // What the engine and the runner say (checks' received values, step errors, reasons): the engine writes the
  // English text with engineMessage, the reports word it in their language with engineText. {n} is a number.
  'engine.noAnswer': { ru: 'нет ответа за {n} мс', en: 'no answer within {n} ms' },
  'engine.connectionFailed': { ru: 'соединение не установлено: {reason}', en: 'connection failed: {reason}' },
  'engine.noMatchingCall': { ru: 'подходящий вызов не пришёл в песочницу за {n} мс', en: 'no matching call reached the sandbox within {n} ms' },
  'engine.stateAsExpected': { ru: 'состояние соответствует ожиданиям', en: 'state as expected' },
  'engine.driverDoneNoCall': {
    ru: 'драйвер ответил «done» на {action}, но подходящий вызов ({call}) в песочницу не пришёл',
    en: 'the driver answered «done» to {action}, but no matching call ({call}) reached the sandbox',
  },
  'engine.driverFailedNoCall': {
    ru: 'драйвер ответил «failed» на {action} ({reason}), и подходящий вызов ({call}) в песочницу не пришёл',
    en: 'the driver answered «failed» to {action} ({reason}), and no matching call ({call}) reached the sandbox',
  },
  'engine.driverSilentNoCall': { ru: '{reason}, и подходящий вызов ({call}) в песочницу не пришёл', en: '{reason}, and no matching call ({call}) reached the sandbox' },
  'engine.driverSilent': { ru: 'драйвер ({driver}) не ответил к сроку ({n} мс)', en: 'the driver ({driver}) did not answer by its deadline ({n} ms)' },
  'engine.driverCannot': { ru: 'драйвер не может выполнить {action}: {reason}', en: 'the driver cannot do {action}: {reason}' },
  'engine.answerOutsideProtocol': {
    ru: 'ответ стенда не соответствует schemas/driver/answer.json ({where}): {shown}',
    en: "the harness's answer is not one of schemas/driver/answer.json ({where}): {shown}",
  },
  'engine.harnessHttp': { ru: 'стенд по адресу {url} ответил HTTP {status}: {text}', en: 'the harness at {url} answered HTTP {status}: {text}' },
  'engine.harnessNoJson': { ru: 'стенд ({from}) не дал ответа в JSON: {text}', en: 'the harness ({from}) gave no JSON answer: {text}' },
  'engine.harnessDidNotStart': { ru: 'команда стенда {command} не запустилась: {reason}', en: 'the harness command {command} did not start: {reason}' },
  'engine.harnessExited': { ru: 'команда стенда завершилась с кодом {code}{stderr}', en: 'the harness command exited with {code}{stderr}' },
  'engine.harnessStopped': { ru: 'остановлено по истечении срока', en: 'stopped at the deadline' },
  'engine.nothing': { ru: '(ничего)', en: '(nothing)' },
  'engine.needsSandbox': {
    ru: '{what}: нужна песочница Poligon (её admin API), а стенд {root} ею не является',
    en: '{what} needs the Poligon sandbox (its admin API), and the target {root} is not one',
  },
  'engine.needsSandboxSimulator': {
    ru: '{what}: нужен {simulator} песочницы, а здесь это реализация по адресу {url}',
    en: "{what} needs the sandbox's {simulator}, and here it is the implementation at {url}",
  },
  'engine.what.await': { ru: 'шаг await (режим наблюдения)', en: 'an await step (observe mode)' },
  'engine.what.expectState': { ru: 'шаг expect-state', en: 'an expect-state step' },
  'engine.what.controlCall': { ru: 'управляющий вызов к {simulator}', en: 'a control call to {simulator}' },
  'engine.what.adminCall': { ru: 'вызов /__admin', en: 'a call to /__admin' },
  'engine.prepareNamespace': { ru: 'не удалось подготовить пространство имён {namespace}: {reason}', en: 'could not prepare the namespace {namespace}: {reason}' },
  'engine.sandboxOnly': { ru: 'выполняется только на песочнице Poligon ({why}); {elsewhere}', en: 'runs only on the Poligon sandbox ({why}); {elsewhere}' },
  'engine.implementationAt': { ru: '{name} — реализация по адресу {url}', en: '{name} is the implementation at {url}' },
  'engine.targetNotSandbox': { ru: 'стенд {root} не является песочницей Poligon', en: 'the target {root} is not a Poligon sandbox' },
  'engine.captureNothing': { ru: 'сохранение {name}: по адресу {source} значения нет', en: 'capture {name}: nothing at {source}' },
  consoleSummary: {
    ru: 'Итог: пройдено — {passed}, не пройдено — {failed}, ошибок выполнения — {error}, пропущено — {skipped}, прервано — {interrupted}',
    en: 'Summary: {passed} passed, {failed} failed, {error} {error#error|errors}, {skipped} skipped, {interrupted} interrupted',
  },
} as const;

export type StringKey = keyof typeof STRINGS;

/** The grammatical gender of each Russian rule noun above (the rest are neuter: «ожидалось = 108»). */
export const RULE_GENDER: Partial<Record<string, 'm' | 'f'>> = { status: 'm', type: 'm', call: 'm', length: 'f' };

type EngineKey = Extract<StringKey, `engine.${string}` | `driver.${string}`>;

/** What the engine writes for `key` (English, the form run.json keeps); the reports word it with engineText. */
export function engineMessage(key: EngineKey, params: Record<string, string | number> = {}): string {
  return fill('en', STRINGS[key].en, params);
}

/**
 * The English templates of the engine's messages as patterns that read them back: a number `{n}` is digits,
 * a value at the end runs to the line's end, any other is the shortest text that fits. Longest first, so
 * a message that contains a shorter one is read whole.
 */
let enginePatterns: Array<{ key: StringKey; re: RegExp; params: string[] }> | undefined;
function patterns(): NonNullable<typeof enginePatterns> {
  enginePatterns ??= (Object.keys(STRINGS) as StringKey[])
    .filter((key) => key.startsWith('engine.') || key.startsWith('driver.'))
    .map((key) => {
      const template: string = STRINGS[key].en;
      const params: string[] = [];
      const source = template.split(/(\{\w+\})/).map((part, i, all) => {
        const name = /^\{(\w+)\}$/.exec(part)?.[1];
        if (!name) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        params.push(name);
        if (name === 'n') return '(\\d+)';
        return all.slice(i + 1).join('') === '' ? '([^\\n]*)' : '(.+?)';
      }).join('');
      return { key, re: new RegExp(source, 'g'), params, literal: template.replace(/\{\w+\}/g, '').length };
    })
    .sort((a, b) => b.literal - a.literal);
  return enginePatterns;
}

/** What a JSON Schema asked for (the schema registry's English, whole), in `lang`; anything else as it is. */
export function schemaExpectedText(lang: Lang, text: string): string {
  if (lang === 'en') return text;
  for (const key of Object.keys(STRINGS) as StringKey[]) {
    if (!key.startsWith('schema.')) continue;
    const params: string[] = [];
    const source = STRINGS[key].en.split(/(\{\w+\})/).map((part) => {
      const name = /^\{(\w+)\}$/.exec(part)?.[1];
      if (!name) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      params.push(name);
      return name === 'n' ? '(\\d+)' : '(.+)';
    }).join('');
    const m = new RegExp(`^${source}$`, 's').exec(text);
    if (m) return t(lang, key, Object.fromEntries(params.map((p, i) => [p, m[i + 1]!])));
  }
  return text;
}

/** `text` with the engine's messages (engineMessage) worded in `lang`; a message's values are read the same way. */
export function engineText(lang: Lang, text: string): string {
  if (lang === 'en') return text;
  return patterns().reduce((out, { key, re, params }) => out.replace(re, (...m: string[]) =>
    t(lang, key, Object.fromEntries(params.map((p, i) => [p, p === 'n' ? m[i + 1]! : engineText(lang, m[i + 1]!)])))), text);
}

/**
 * A string in `lang` with its `{param}`s filled; `{n#one|few|many}` is the word for the number n in its
 * plural form (Intl.PluralRules: Russian one/few/many, English one/other).
 */
export function t(lang: Lang, key: StringKey, params: Record<string, string | number> = {}): string {
  // English quotes are “…”: the string's own, not those of the values filled in (a name, a received value)
  return lang === 'ru' ? nestQuotes(fill(lang, STRINGS[key].ru, params)) : fill(lang, englishQuotes(STRINGS[key].en), params);
}

function fill(lang: Lang, template: string, params: Record<string, string | number>): string {
  return template
    .replace(/\{(\w+)#([^}]+)\}/g, (m, p: string, forms: string) => (p in params ? plural(lang, Number(params[p]), forms.split('|')) : m))
    .replace(/\{(\w+)\}/g, (m, p: string) => (p in params ? String(params[p]) : m));
}

/** English typography: «…» is “…”. */
const englishQuotes = (text: string): string => text.replace(/«/g, '“').replace(/»/g, '”');

/** `text` in quotes as `lang` writes them: «…» (nested „…“) in Russian, “…” in English. */
export const quoted = (lang: Lang, text: string): string => (lang === 'ru' ? nestQuotes(`«${text}»`) : `“${text}”`);

const PLURAL_RULES = { ru: new Intl.PluralRules('ru'), en: new Intl.PluralRules('en') };
const PLURAL_INDEX: Record<Lang, Partial<Record<Intl.LDMLPluralRule, number>>> = { ru: { one: 0, few: 1, many: 2, other: 1 }, en: { one: 0, other: 1 } };

/** The form of a word for n: forms are ru [one, few, many], en [one, other]. */
export function plural(lang: Lang, n: number, forms: string[]): string {
  return forms[PLURAL_INDEX[lang][PLURAL_RULES[lang].select(n)] ?? forms.length - 1] ?? forms[forms.length - 1]!;
}

/** Russian typography: quotes inside «…» are „…“ (a name like ООО «Ромашка» inside «…» becomes «ООО „Ромашка“»). */
export function nestQuotes(text: string): string {
  let depth = 0;
  let out = '';
  for (const ch of text) {
    if (ch === '«') out += depth++ === 0 ? '«' : '„';
    else if (ch === '»' && depth > 0) out += --depth === 0 ? '»' : '“';
    else out += ch;
  }
  return out;
}

// BGN/PCGN romanization of Russian, the one English maps and atlases use (Якутск → Yakutsk)
const LATIN: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'ë', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k', л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r',
  с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya',
};
const VOWELS = 'аеёиоуыэюяъь';

/** A Russian name in Latin letters (BGN/PCGN: е and ё are ye and yë at a word's start and after a vowel). */
export function romanize(text: string): string {
  let out = '';
  for (const [i, ch] of [...text].entries()) {
    const lower = ch.toLowerCase();
    const prev = i === 0 ? '' : [...text][i - 1]!.toLowerCase();
    let latin = LATIN[lower];
    if (latin === undefined) { out += ch; continue; }
    if ((lower === 'е' || lower === 'ё') && (prev === '' || !/\p{L}/u.test(prev) || VOWELS.includes(prev))) latin = `y${latin}`;
    out += ch === lower ? latin : latin.charAt(0).toUpperCase() + latin.slice(1);
  }
  return out;
}

/** A place name as the report's language writes it. */
export const placeName = (lang: Lang, name: string): string => (lang === 'en' ? romanize(name) : name);

/** The words of a requirement's source and a basis's reference (the catalogue and the packs write them in English). */
const SOURCE_WORDS: Array<[RegExp, string]> = [
  [/\bpublic record \(terminal driver standard\)/g, 'открытые материалы (стандарт драйвера терминала)'],
  [/\bpublic record\b/g, 'открытые материалы'],
  [/\bpublic\b/g, 'открытые материалы'],
  [/\bmodeled\b/g, 'смоделировано'],
  [/\bterms\b/g, 'термины'],
  [/\bseed\b/g, 'исходный документ'],
  [/\bApp\./g, 'Прил.'],
  [/\boperation\b/g, 'операция'],
];

/** A requirement's source or a basis's reference in `lang`: `§2 terms, §4.5, modeled` → `§2 термины, §4.5, смоделировано`. */
export function sourceText(lang: Lang, source: string): string {
  return lang === 'en' ? source : SOURCE_WORDS.reduce((out, [re, ru]) => out.replace(re, ru), source);
}

/**
 * A text of the pack in `lang`. Its translations pair English with Russian: a Russian report prints the
 * Russian of an English text (else its references worded), an English report the English of a Russian one
 * (a title, a demo organization's name), else the text as written.
 */
export function packText(lang: Lang, translations: Record<string, string> | undefined, text: string): string {
  if (lang === 'ru') return translations?.[text] ?? sourceText(lang, text);
  return Object.entries(translations ?? {}).find(([, ru]) => ru === text)?.[0] ?? text;
}

const MONTHS_RU = ['января', 'февраля', 'марта', 'апреля', 'мая', 'июня', 'июля', 'августа', 'сентября', 'октября', 'ноября', 'декабря'];

/** «22» ноября 2026 г. — the date line of the Act, in `timeZone` (the Act's city: Yakutsk for ECS). */
export function actDate(lang: Lang, iso: string, timeZone = 'UTC'): string {
  const d = new Date(iso);
  if (lang === 'en') return d.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone });
  const part = (type: string) => Number(new Intl.DateTimeFormat('en-GB', { timeZone, day: 'numeric', month: 'numeric', year: 'numeric' }).formatToParts(d).find((x) => x.type === type)!.value);
  return `«${String(part('day')).padStart(2, '0')}» ${MONTHS_RU[part('month') - 1]} ${part('year')} г.`;
}

/** The ECS Act is dated where it is signed: Yakutsk (UTC+9), not UTC. */
export const YAKUTSK = 'Asia/Yakutsk';

/** Date and time in UTC, as reports print them. */
export function dateTime(iso: string): string {
  return `${iso.slice(0, 19).replace('T', ' ')} UTC`;
}

export function verdictText(lang: Lang, v: string): string {
  return v in STRINGS ? t(lang, v as StringKey) : v;
}
