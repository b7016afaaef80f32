import { HttpError, type Transformer } from 'grammy';

export interface TransientRetryOptions {
  /**
   * Retries stop once this much time has gone by since the first try (default 4 s), so a call, and the turn
   * that makes it, waits a few seconds at most for a Telegram that does not answer.
   */
  readonly budgetMs?: number;
  /** The first pause before a retry; each next one is twice as long (default 250 ms). */
  readonly firstDelayMs?: number;
  /** One try is abandoned after this long (default 10 s); long polls (getUpdates) are left alone. */
  readonly attemptTimeoutMs?: number;
}

/**
 * A grammY API transformer that tries a call again when it failed on the way: a network error (connection
 * refused or reset, DNS, a proxy's HTML page), a try that took longer than `attemptTimeoutMs`, or a 5xx
 * answer. Pauses grow 250 ms, 500 ms, 1 s, 2 s… and stop within `budgetMs`; then the last failure is
 * returned (an answer) or thrown (an HttpError). 429 answers are left to auto-retry (installed inside this),
 * and getUpdates to @grammyjs/runner, which retries its own polls.
 *
 * A message whose answer was lost on the way may have reached Telegram: retrying it can show it twice, which
 * is better than not showing it at all.
 */
export function retryTransient(options: TransientRetryOptions = {}): Transformer {
  const budgetMs = options.budgetMs ?? 4_000;
  const firstDelayMs = options.firstDelayMs ?? 250;
  const attemptTimeoutMs = options.attemptTimeoutMs ?? 10_000;
  return async (prev, method, payload, signal) => {
    if (method === 'getUpdates') return prev(method, payload, signal);
    const started = Date.now();
    let delay = firstDelayMs;
    for (;;) {
      // grammY types its signal with the abort-controller shim; at run time it is Node's own AbortSignal.
      const attempt = AbortSignal.timeout(attemptTimeoutMs);
      const combined = (
        signal ? AbortSignal.any([signal as unknown as AbortSignal, attempt]) : attempt
      ) as typeof signal;
      let failure: { readonly thrown: unknown } | { readonly answer: Awaited<ReturnType<typeof prev>> };
      try {
        const answer = await prev(method, payload, combined);
        if (answer.ok || answer.error_code < 500) return answer;
        failure = { answer };
      } catch (error) {
        if (!(error instanceof HttpError) || signal?.aborted) throw error;
        failure = { thrown: error };
      }
      if (Date.now() - started + delay > budgetMs) {
        if ('answer' in failure) return failure.answer;
        throw failure.thrown;
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay *= 2;
    }
  };
}
