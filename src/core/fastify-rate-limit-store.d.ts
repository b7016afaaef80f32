// Types for @fastify/rate-limit's Redis store, imported by deep path: the package types only its plugin.
declare module '@fastify/rate-limit/store/RedisStore.js' {
  import type { Cluster, Redis } from 'ioredis';

  class RedisStore {
    constructor(
      continueExceeding: boolean,
      exponentialBackoff: boolean,
      redis: Redis | Cluster,
      key?: string,
    );
    incr(
      key: string,
      callback: (error: Error | null, result: { current: number; ttl: number } | null) => void,
      timeWindow: number,
      max: number,
    ): void;
    /** The counter as it is, without counting (0 when there is none). */
    read(
      key: string,
      callback: (error: Error | null, result: { current: number; ttl: number } | null) => void,
    ): void;
  }
  export default RedisStore;
}
