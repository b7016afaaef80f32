/**
 * How the simulated agents work, through the real agent console: they come online at the start of their
 * shift, take a break when they have no chat, take the next chat they can serve while they have room,
 * answer, now and then pass a chat to a colleague of their team or give it back to the line, resolve, and go
 * away at the end of the shift (some still holding chats, which the service then returns to the line).
 * Every action is logged at the simulation's time once the service has done it.
 */
import { AgentDesk, signIn } from './agent-desk.ts';
import { dayStart, shiftDay } from './calendar.ts';
import { agentReplied, resolved } from './customer-journey.ts';
import { AGENT_SAYS } from './phrases.ts';
import type { Agent, World } from './week-world.ts';

const SEC = 1000;
const MIN = 60 * SEC;
const HOUR = 60 * MIN;

/** Where agents sign in. */
export interface DeskAccess {
  readonly baseUrl: string;
  readonly password: string;
}

/** Schedules every shift of the week (and its break) for one agent. */
export function planShifts(world: World, agent: Agent, access: DeskAccess): void {
  const { plan, rand } = agent;
  for (let d = 0; d < world.plan.days; d += 1) {
    const day = shiftDay(world.plan.firstDay, d);
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
    const hours = plan.shift(weekday);
    if (!hours) continue;
    const midnight = dayStart(day, world.plan.timeZone);
    const start = midnight + hours[0] * HOUR + Math.floor(rand() * 10 * MIN);
    const end = midnight + hours[1] * HOUR + Math.floor(rand() * 10 * MIN);
    const pause = start + Math.floor((end - start) * (0.4 + rand() * 0.2));
    world.queue.at(start, () => startShift(world, agent, access));
    world.queue.at(pause, () => takeBreak(world, agent));
    world.queue.at(end, () => endShift(world, agent));
  }
}

async function startShift(world: World, agent: Agent, access: DeskAccess): Promise<void> {
  if (!agent.desk) {
    const cookie = await signIn(access.baseUrl, agent.plan.id, access.password);
    agent.desk = await AgentDesk.open(access.baseUrl, agent.plan.id, cookie);
  }
  agent.ending = false;
  await online(world, agent);
}

async function online(world: World, agent: Agent): Promise<void> {
  await desk(agent).status('online');
  agent.status = 'online';
  world.later((5 + agent.rand() * 30) * SEC, () => poll(world, agent));
}

function desk(agent: Agent): AgentDesk {
  if (!agent.desk) throw new Error(`${agent.plan.id} has no console open`);
  return agent.desk;
}

/** Takes chats while there is room and someone the agent can serve is waiting; then looks again later. */
async function poll(world: World, agent: Agent): Promise<void> {
  if (agent.status !== 'online' || agent.ending) return;
  while (agent.chats.size < agent.plan.capacity && world.servable(agent).length > 0) {
    const result = await desk(agent).takeNext();
    if ('refused' in result) {
      world.log.surprise(`${agent.plan.id}: take-next refused (${result.refused}) with someone in line`);
      break;
    }
    taken(world, agent, result.taken);
  }
  world.later((30 + agent.rand() * 60) * SEC, () => poll(world, agent));
}

function taken(world: World, agent: Agent, conversation: string): void {
  const ticket = world.tickets.get(conversation);
  if (!ticket || ticket.holder !== undefined) {
    throw new Error(`${agent.plan.id} took ${conversation}, which the simulation did not have in line`);
  }
  const packet = desk(agent).packetOf(conversation);
  if (packet?.team !== ticket.subject.team) {
    world.log.surprise(
      `${conversation}: in team ${packet?.team}, the simulation expected ${ticket.subject.team}`,
    );
  }
  const reasons = [...(packet?.reasons ?? [])].sort().join(',');
  if (reasons !== [...ticket.reasons].sort().join(',')) {
    world.log.surprise(
      `${conversation}: reasons ${reasons}, the simulation expected ${ticket.reasons.join(',')}`,
    );
  }
  ticket.holder = agent.plan.id;
  ticket.customer.state = 'agent';
  agent.chats.set(conversation, { ticket, replies: 0, exchanges: 1 + Math.floor(agent.rand() * 4) });
  world.log.add({ kind: 'taken', at: world.now(), conversation, agentId: agent.plan.id });
  world.later((10 + agent.rand() * 110) * SEC, () => chatStep(world, agent, conversation));
}

/** The agent's next move in a chat: another reply, or closing it (resolve, transfer, release). */
async function chatStep(world: World, agent: Agent, conversation: string): Promise<void> {
  const chat = agent.chats.get(conversation);
  if (!chat) return;
  const at = world.now();
  if (chat.replies < chat.exchanges) {
    const language = chat.ticket.subject.language;
    const text = AGENT_SAYS[language][chat.replies % AGENT_SAYS[language].length] ?? '';
    const refused = await desk(agent).act({ type: 'say', conversationId: conversation, text, ref: 'reply' });
    if (refused) throw new Error(`${agent.plan.id} could not reply in ${conversation}: ${refused}`);
    chat.replies += 1;
    world.log.add({ kind: 'reply', at, conversation, agentId: agent.plan.id });
    agentReplied(world, chat.ticket.customer);
    world.later((60 + agent.rand() * 180) * SEC, () => chatStep(world, agent, conversation));
    return;
  }
  const roll = agent.rand();
  if (roll < 0.08 && (await transfer(world, agent, conversation))) return;
  if (roll > 0.94) return release(world, agent, conversation);
  return resolve(world, agent, conversation);
}

async function resolve(world: World, agent: Agent, conversation: string): Promise<void> {
  const chat = agent.chats.get(conversation);
  if (!chat) return;
  const at = world.now();
  const refused = await desk(agent).act({ type: 'resolve', conversationId: conversation });
  if (refused) throw new Error(`${agent.plan.id} could not resolve ${conversation}: ${refused}`);
  agent.chats.delete(conversation);
  world.log.add({ kind: 'resolved', at, conversation, agentId: agent.plan.id });
  resolved(world, chat.ticket.customer, agent.plan.id);
  if (agent.ending && agent.chats.size === 0) await away(agent);
}

/** Passes the chat to an online colleague of the team who speaks the language and has room; false if none. */
async function transfer(world: World, agent: Agent, conversation: string): Promise<boolean> {
  const chat = agent.chats.get(conversation);
  if (!chat) return false;
  const { team, language } = chat.ticket.subject;
  const colleague = [...world.agents.values()].find(
    (a) =>
      a !== agent &&
      a.status === 'online' &&
      !a.ending &&
      a.plan.team === team &&
      a.plan.languages.includes(language) &&
      a.chats.size < a.plan.capacity,
  );
  if (!colleague) return false;
  const at = world.now();
  const to = desk(colleague);
  const from = to.frames.length;
  const refused = await desk(agent).act({
    type: 'transfer',
    conversationId: conversation,
    toAgentId: colleague.plan.id,
  });
  if (refused) {
    world.log.surprise(`${agent.plan.id} could not pass ${conversation} to ${colleague.plan.id}: ${refused}`);
    return false;
  }
  await to.until(
    (f) => f.type === 'chat' && f.chat.conversationId === conversation,
    from,
    `${conversation} passed on`,
  );
  agent.chats.delete(conversation);
  chat.ticket.holder = colleague.plan.id;
  colleague.chats.set(conversation, {
    ticket: chat.ticket,
    replies: 0,
    exchanges: 1 + Math.floor(colleague.rand() * 2),
  });
  world.log.add({
    kind: 'transferred',
    at,
    conversation,
    agentId: agent.plan.id,
    toAgentId: colleague.plan.id,
  });
  world.later((20 + colleague.rand() * 100) * SEC, () => chatStep(world, colleague, conversation));
  return true;
}

/** Gives the chat back to the line (the Release button). */
async function release(world: World, agent: Agent, conversation: string): Promise<void> {
  const chat = agent.chats.get(conversation);
  if (!chat) return;
  const at = world.now();
  const mine = desk(agent);
  const from = mine.frames.length;
  const refused = await mine.act({ type: 'release', conversationId: conversation });
  if (refused) throw new Error(`${agent.plan.id} could not release ${conversation}: ${refused}`);
  await mine.until((f) => f.type === 'chat-closed' && f.conversationId === conversation, from, 'the release');
  backInLine(world, agent, conversation, at);
  if (agent.ending && agent.chats.size === 0) await away(agent);
}

function backInLine(world: World, agent: Agent, conversation: string, at: number): void {
  const chat = agent.chats.get(conversation);
  if (!chat) return;
  agent.chats.delete(conversation);
  chat.ticket.holder = undefined;
  chat.ticket.customer.state = 'waiting';
  world.log.add({ kind: 'released', at, conversation, agentId: agent.plan.id });
}

async function away(agent: Agent): Promise<void> {
  await desk(agent).status('away');
  agent.status = 'away';
}

async function takeBreak(world: World, agent: Agent): Promise<void> {
  if (agent.status !== 'online' || agent.ending || agent.chats.size > 0) return;
  await away(agent);
  world.later((15 + agent.rand() * 15) * MIN, async () => {
    if (agent.status === 'away' && !agent.ending) await online(world, agent);
  });
}

/**
 * The shift is over: no new chats. Some agents finish their chats first; others go away at once, and the
 * service returns their chats to the front of the line (the supervisor's round, within a second here).
 */
async function endShift(world: World, agent: Agent): Promise<void> {
  if (agent.status === 'offline') return;
  agent.ending = true;
  if (agent.chats.size === 0) {
    if (agent.status === 'online') await away(agent);
    return;
  }
  if (agent.rand() < 0.6) return;
  const at = world.now();
  const mine = desk(agent);
  const from = mine.frames.length;
  const held = [...agent.chats.keys()];
  await away(agent);
  for (const conversation of held) {
    await mine.until(
      (f) => f.type === 'chat-closed' && f.conversationId === conversation && f.reason === 'released',
      from,
      `${conversation} back in line`,
    );
    backInLine(world, agent, conversation, at);
  }
}
