import fastifyCookie from '@fastify/cookie';
import Fastify, { type FastifyInstance, type InjectOptions, type LightMyRequestResponse } from 'fastify';
import type { Redis } from 'ioredis';
import { expect } from 'vitest';
import { AuditLog } from '../../../src/core/audit-log.ts';
import { ManualClock } from '../../../src/core/clock.ts';
import { registerAgentAuth } from '../../../src/agents/auth-routes.ts';
import { RedisPresence, type AgentUnavailable } from '../../../src/agents/presence.ts';
import { RedisAgentStore } from '../../../src/agents/redis-agent-store.ts';
import { agentKeys } from '../../../src/agents/agent-keys.ts';
import { signedInAgent } from '../../../src/agents/request-agent.ts';
import { RedisSessions } from '../../../src/agents/sessions.ts';
import { connectRedis, deleteKeys, randomPrefix } from '../../helpers/redis.ts';

export const ADMIN_PW = 'admin password 123';
export const AGENT_PW = 'agent password 123';
export const JSON_HEADERS = { 'content-type': 'application/json' };

/**
 * A Fastify app with @fastify/cookie and the agent auth plugin on real Redis under a random prefix, a
 * manual clock, an admin "boss" and an agent "sara", a page route /agent/inbox behind requireAgent, and the
 * audit log the admin routes write to.
 */
export interface AuthFixture {
  readonly app: FastifyInstance;
  readonly redis: Redis;
  /** The random key prefix of this fixture's keys. */
  readonly prefix: string;
  readonly clock: ManualClock;
  readonly store: RedisAgentStore;
  readonly sessions: RedisSessions;
  readonly presence: RedisPresence;
  readonly audit: AuditLog;
  /** Records that the agent holds a chat, in the set the handoff queue writes. */
  holdChat(agentId: string, conversationId: string): Promise<void>;
  /** Every `unavailable` event the presence emitted. */
  readonly events: AgentUnavailable[];
  login(id: string, password: string, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  /** Signs in and returns the session token from the cookie. */
  tokenOf(id: string, password: string): Promise<string>;
  /** A request carrying the session cookie. */
  as(token: string, options: InjectOptions): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export async function startAuthFixture(): Promise<AuthFixture> {
  const redis = connectRedis();
  const prefix = randomPrefix();
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  const store = new RedisAgentStore({ redis, prefix, clock, hashCost: { memoryCost: 4096, timeCost: 1 } });
  const sessions = new RedisSessions({ redis, prefix, clock });
  const presence = new RedisPresence({ redis, prefix, clock });
  const events: AgentUnavailable[] = [];
  presence.on({ unavailable: (e) => void events.push(e) });
  const app = Fastify();
  await app.register(fastifyCookie);
  const audit = new AuditLog({ redis, prefix, clock, retentionDays: 30 });
  const { requireAgent } = await registerAgentAuth(app, { store, sessions, presence, audit });
  app.get(
    '/agent/inbox',
    { preHandler: requireAgent('agent', { redirectTo: '/agent/login' }) },
    async (request) => ({
      hello: signedInAgent(request).name,
    }),
  );
  await app.ready();
  await store.create({ id: 'boss', name: 'Boss', role: 'admin', languages: ['en'], password: ADMIN_PW });
  await store.create({ id: 'sara', name: 'سارا', languages: ['fa'], password: AGENT_PW });

  const login = (id: string, password: string, headers: Record<string, string> = {}) =>
    app.inject({
      method: 'POST',
      url: '/api/agent/login',
      headers: { ...JSON_HEADERS, ...headers },
      payload: { id, password },
    });
  return {
    app,
    redis,
    prefix,
    clock,
    store,
    sessions,
    presence,
    audit,
    events,
    async holdChat(agentId, conversationId) {
      await redis.sadd(agentKeys(prefix).chats(agentId), conversationId);
    },
    login,
    async tokenOf(id, password) {
      const response = await login(id, password);
      expect(response.statusCode).toBe(200);
      const cookie = response.cookies.find((c) => c.name === 'hamdel_session');
      if (!cookie) throw new Error('no session cookie');
      return cookie.value;
    },
    as: (token, options) => app.inject({ ...options, cookies: { hamdel_session: token } }),
    async close() {
      await app.close();
      await deleteKeys(redis, prefix);
      redis.disconnect();
    },
  };
}
