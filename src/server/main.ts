import { loadConfig } from '../core/config.ts';
import { isHamdelError } from '../core/errors.ts';
import { createHamdel } from './hamdel.ts';
import { ensureRedis } from './redis-launcher.ts';

/** `npm start`: reads the settings, makes sure Redis answers, and serves until SIGINT or SIGTERM. */
async function main(): Promise<void> {
  const config = loadConfig();
  // A Sentinel-managed or Cluster Redis is the operator's to run: only a single local one is started here.
  const localRedis =
    config.REDIS_MODE === 'single'
      ? await ensureRedis(config.REDIS_URL, {
          autostart: config.REDIS_AUTOSTART,
          dataDir: config.DATA_DIR,
          log: (msg) => console.log(msg),
        })
      : undefined;
  const hamdel = await createHamdel(config);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    hamdel.readiness.setDraining();
    hamdel.app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000).unref();
    try {
      await hamdel.close();
      await localRedis?.stop();
    } finally {
      clearTimeout(force);
    }
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  const url = await hamdel.listen();
  const shown = url.replace('0.0.0.0', 'localhost').replace('[::]', 'localhost');
  hamdel.app.log.info(`hamdel is up: the demo shop with the chat widget is at ${shown}`);
}

main().catch((error: unknown) => {
  if (isHamdelError(error)) {
    console.error(`hamdel cannot start [${error.code}]: ${error.message}`);
  } else {
    console.error('hamdel cannot start:', error);
  }
  process.exit(1);
});
