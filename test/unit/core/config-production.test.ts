import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/core/config.ts';
import { isHamdelError } from '../../../src/core/errors.ts';

const SAFE = {
  NODE_ENV: 'production',
  ALLOWED_ORIGINS: 'https://shop.example',
  HTTP_CHANNEL_TOKEN: 'a-random-token-of-32-characters!!',
};

/** The CONFIG_INVALID the settings stop with: its message and the variables it names. */
function refusal(env: Record<string, string>): { message: string; variables: unknown } {
  try {
    loadConfig(env);
  } catch (error) {
    if (!isHamdelError(error, 'CONFIG_INVALID')) throw error;
    return { message: error.message, variables: error.context.variables };
  }
  throw new Error('the settings were accepted');
}

describe('safe defaults for production', () => {
  it('keeps development friendly: no settings at all start on localhost', () => {
    const config = loadConfig({});
    expect(config.NODE_ENV).toBe('development');
    expect(config.ALLOWED_ORIGINS).toEqual(['*']);
    expect(loadConfig({ HTTP_CHANNEL_TOKEN: 'sixteen-chars-ok' }).HTTP_CHANNEL_TOKEN).toBe(
      'sixteen-chars-ok',
    );
  });

  it('accepts production settings that name the sites and carry long secrets', () => {
    expect(loadConfig(SAFE).ALLOWED_ORIGINS).toEqual(['https://shop.example']);
  });

  it('refuses any origin, whether given or by default, saying what to set', () => {
    for (const env of [{ ...SAFE, ALLOWED_ORIGINS: '*' }, { NODE_ENV: 'production' }]) {
      const { message, variables } = refusal(env);
      expect(variables).toEqual(['ALLOWED_ORIGINS']);
      expect(message).toMatch(
        /ALLOWED_ORIGINS=.*must list the sites that embed the widget.*NODE_ENV=production/,
      );
    }
  });

  it('refuses an HTTP channel token shorter than 32 characters, without repeating it', () => {
    const { message, variables } = refusal({ ...SAFE, HTTP_CHANNEL_TOKEN: 'only-twenty-chars-xx' });
    expect(variables).toEqual(['HTTP_CHANNEL_TOKEN']);
    expect(message).toContain('at least 32 characters');
    expect(message).toContain('HTTP_CHANNEL_TOKEN=(hidden)');
    expect(message).not.toContain('only-twenty-chars-xx');
  });

  it("reads further integrators' tokens, and refuses a bad list or a short token without repeating it", () => {
    const tokens = 'shop:a-random-token-of-32-characters!!, crm:another-token-of-32-characters!!';
    expect(loadConfig({ ...SAFE, HTTP_CHANNEL_TOKENS: tokens }).HTTP_CHANNEL_TOKENS).toEqual([
      { name: 'shop', token: 'a-random-token-of-32-characters!!' },
      { name: 'crm', token: 'another-token-of-32-characters!!' },
    ]);
    for (const bad of [
      'shop',
      'default:a-random-token-of-32-characters!!',
      'Shop Name:token-token-token-token',
    ]) {
      const { message, variables } = refusal({ HTTP_CHANNEL_TOKENS: bad });
      expect(variables).toEqual(['HTTP_CHANNEL_TOKENS']);
      expect(message).toContain('name:token pairs');
      expect(message).not.toContain('token-token');
    }
    const short = refusal({ ...SAFE, HTTP_CHANNEL_TOKENS: 'shop:only-twenty-chars-xx' });
    expect(short.variables).toEqual(['HTTP_CHANNEL_TOKENS']);
    expect(short.message).not.toContain('only-twenty-chars-xx');
  });

  it('refuses Slack over HTTP without its signing secret, and Telegram webhooks without theirs', () => {
    const slack = refusal({ ...SAFE, SLACK_BOT_TOKEN: 'xoxb-1' });
    expect(slack.variables).toEqual(['SLACK_SIGNING_SECRET']);
    expect(slack.message).toMatch(/Signing Secret/);
    expect(loadConfig({ ...SAFE, SLACK_BOT_TOKEN: 'xoxb-1', SLACK_MODE: 'socket' }).SLACK_MODE).toBe(
      'socket',
    );
    const telegram = refusal({
      ...SAFE,
      TELEGRAM_BOT_TOKEN: '123456789:AAHabcdefghijklmnopqrstuvwxyz',
      TELEGRAM_MODE: 'webhook',
    });
    expect(telegram.variables).toEqual(['TELEGRAM_WEBHOOK_SECRET']);
  });

  it('names every problem at once', () => {
    const { variables } = refusal({
      NODE_ENV: 'production',
      HTTP_CHANNEL_TOKEN: 'x'.repeat(20),
      SLACK_BOT_TOKEN: 'xoxb-1',
    });
    expect(variables).toEqual(['ALLOWED_ORIGINS', 'HTTP_CHANNEL_TOKEN', 'SLACK_SIGNING_SECRET']);
  });

  it('reads the rate limits, 0 meaning none', () => {
    expect(loadConfig({})).toMatchObject({
      API_RATE_LIMIT_PER_MINUTE: 300,
      HTTP_CHANNEL_RATE_LIMIT_PER_MINUTE: 600,
      LOGIN_RATE_LIMIT_PER_MINUTE: 10,
      WEBSOCKET_UPGRADES_PER_MINUTE: 120,
      CUSTOMER_MESSAGES_PER_MINUTE: 60,
      CUSTOMER_HELLOS_PER_MINUTE: 60,
      CUSTOMER_TYPING_PER_MINUTE: 120,
    });
    expect(loadConfig({ LOGIN_RATE_LIMIT_PER_MINUTE: '0' }).LOGIN_RATE_LIMIT_PER_MINUTE).toBe(0);
    expect(() => loadConfig({ API_RATE_LIMIT_PER_MINUTE: '-1' })).toThrow(/API_RATE_LIMIT_PER_MINUTE/);
  });
});
