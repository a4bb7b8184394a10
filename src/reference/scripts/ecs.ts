// The reference ticket system carrying out the ecs.* driver actions (schemas/driver/action.json) of the
// observe-mode cases (ts-*) of scenarios/ecs-type-{1,2,3}.yaml. Renewing an expired token and retrying a
// call the bank left unanswered happen inside its calls, as a real ticket system does them.
import type { ActionPlayer } from '../driver.js';
import { ReferenceTicketSystem, type EcsAnswer, type HolderId } from '../ecs-ticket-system.js';

interface TicketSession {
  system?: ReferenceTicketSystem;
  /** Benefit checks answered, by transaction id: what a confirmation repeats. */
  checks: Map<number, EcsAnswer>;
}

type Configure = { ecsUrl?: string; clientId?: string; clientSecret?: string };

export const ecsActions: ActionPlayer<TicketSession> = {
  session: () => ({ checks: new Map() }),
  async perform(action, s, env) {
    const settings = action.configure as Configure | undefined;
    if (settings) {
      if (!settings.clientId || !settings.clientSecret) throw new Error('the ticket system needs client_id and client_secret');
      s.system = new ReferenceTicketSystem({ baseUrl: settings.ecsUrl ?? env.url('ecs'), clientId: settings.clientId, clientSecret: settings.clientSecret, now: env.now });
    }
    const system = s.system;
    if (!system) throw new Error('the ticket system is not configured: the case\'s first action must configure it');
    switch (action.do) {
      case 'ecs.start': return system.accessToken();
      case 'ecs.listServices': return system.getOrganizationServices();
      case 'ecs.checkBenefit': {
        const answer = await system.checkClientBenefits({ serviceId: action.serviceId as number, organizationTerminalId: action.terminalId as number, ...(action.holder as HolderId) });
        if (answer.status === 200) s.checks.set(answer.body.transactionId as number, answer);
        return answer;
      }
      case 'ecs.confirm': {
        const check = s.checks.get(action.transactionId as number);
        if (!check) throw new Error(`the ticket system checked no benefit with transaction ${String(action.transactionId)}`);
        return system.confirmTransaction({ clientId: check.body.clientId, benefitCategoryId: check.body.benefits[0].benefitCategory.id, transactionId: check.body.transactionId });
      }
      default: throw new Error(`the reference ticket system has no action ${action.do}`);
    }
  },
};
