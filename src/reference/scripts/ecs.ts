// The reference ticket system's part in scenarios/ecs-type-{1,2,3}.yaml: the observe-mode cases (ts-*),
// one act per await step. It uses the demo organization of the pack's connection type.
import { DEMO } from '../../../simulators/ecs/demo.js';
import type { PackScript } from '../driver.js';
import { ReferenceTicketSystem, type EcsAnswer, type HolderId } from '../ecs-ticket-system.js';

interface TicketSession {
  system: ReferenceTicketSystem;
  holder: HolderId;
  check?: EcsAnswer;
}

const ORGANIZATIONS = { 1: DEMO.organizations.type1, 2: DEMO.organizations.type2, 3: DEMO.organizations.type3 } as const;

/** The await after a call the previous act already made (a renewal or a retry happens inside a call). */
const alreadyDone = async () => undefined;

export function ecsScript(connectionType: 1 | 2 | 3): PackScript<TicketSession> {
  const org = ORGANIZATIONS[connectionType];
  const [terminal] = org.terminals;
  const [service] = org.services;
  const check = async (s: TicketSession) => {
    s.check = await s.system.checkClientBenefits({ serviceId: service, organizationTerminalId: terminal, ...s.holder });
    return s.check;
  };
  const confirm = (s: TicketSession) => s.system.confirmTransaction({
    clientId: s.check!.body.clientId, benefitCategoryId: s.check!.body.benefits[0].benefitCategory.id, transactionId: s.check!.body.transactionId,
  });
  const token = (s: TicketSession) => s.system.accessToken();
  return {
    session: (env) => ({
      system: new ReferenceTicketSystem({ baseUrl: env.url('ecs'), clientId: org.clientId, clientSecret: org.clientSecret, now: env.now }),
      holder: connectionType === 2 ? { clientSnils: DEMO.holders.found.snils } : { clientCode: DEMO.holders.found.clientCode },
    }),
    cases: {
      'ts-sale': [token, (s) => s.system.getOrganizationServices(), check, ...(connectionType === 3 ? [] : [confirm])],
      // after the clock jump the system notices the token ran out and asks for a new one before checking
      'ts-token-renewal': [token, check, check, alreadyDone],
      // the dropped check is retried inside the same act
      'ts-outage': [token, check, alreadyDone],
    },
  };
}
