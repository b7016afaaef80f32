import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import {
  registerBotFramework,
  type BotFrameworkParts,
} from '../../../src/adapters/botframework/botframework-channel.ts';
import { loadConfig } from '../../../src/core/config.ts';
import { isHamdelError } from '../../../src/core/errors.ts';

const bot = { BOTFRAMEWORK_APP_ID: '11111111-2222-4333-8444-555555555555' };
// Nothing of hamdel is reached before the settings' files are read.
const parts = {} as BotFrameworkParts;

describe('turning the Bot Framework channel on', () => {
  it('does nothing without an app id', () => {
    expect(registerBotFramework(Fastify(), parts, loadConfig({}))).toBeUndefined();
  });

  it('stops start-up, naming the setting, when a file it names cannot be read', () => {
    const settings = [
      { BOTFRAMEWORK_APP_PASSWORD: 'x', BOTFRAMEWORK_LOGIN_CA_FILE: '/nonexistent/ca.pem' },
      { BOTFRAMEWORK_CERT_THUMBPRINT: 'AB'.repeat(20), BOTFRAMEWORK_CERT_KEY_FILE: '/nonexistent/key.pem' },
    ];
    for (const env of settings) {
      let error: unknown;
      try {
        registerBotFramework(Fastify(), parts, loadConfig({ ...bot, ...env }));
      } catch (e) {
        error = e;
      }
      expect(isHamdelError(error, 'CONFIG_INVALID')).toBe(true);
      expect((error as Error).message).toMatch(
        /BOTFRAMEWORK_(LOGIN_CA|CERT_KEY)_FILE="\/nonexistent\/.*": cannot be read/,
      );
    }
  });
});
