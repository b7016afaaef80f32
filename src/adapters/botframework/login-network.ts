/**
 * How the bot's token requests reach the login service when it is not Microsoft's public one (a private
 * cloud, a TLS-inspecting proxy, the tests' fake): HTTPS trusting the system's certificate authorities and
 * the ones in BOTFRAMEWORK_LOGIN_CA_FILE. MSAL calls it (`system.networkClient`) with its own requests.
 */
import https from 'node:https';
import { rootCertificates } from 'node:tls';

/** MSAL's network interface (@azure/msal-common INetworkModule), written out so nothing else imports MSAL. */
export interface LoginNetwork {
  sendGetRequestAsync<T>(url: string, options?: LoginRequest, timeout?: number): Promise<LoginResponse<T>>;
  sendPostRequestAsync<T>(url: string, options?: LoginRequest): Promise<LoginResponse<T>>;
}
interface LoginRequest {
  headers?: Record<string, string>;
  body?: string;
}
interface LoginResponse<T> {
  headers: Record<string, string>;
  body: T;
  status: number;
}

const TIMEOUT_MS = 15_000;

/** A network client for MSAL that also trusts `extraCa` (PEM, one or more certificates). */
export function loginNetwork(extraCa: string): LoginNetwork {
  const ca = [...rootCertificates, extraCa];
  const send = <T>(method: string, url: string, options: LoginRequest = {}, timeout = TIMEOUT_MS) =>
    new Promise<LoginResponse<T>>((resolve, reject) => {
      const request = https.request(url, { method, headers: options.headers, ca, timeout }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const headers: Record<string, string> = {};
          for (const [name, value] of Object.entries(response.headers)) {
            if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
          }
          try {
            resolve({ headers, body: JSON.parse(text) as T, status: response.statusCode ?? 0 });
          } catch {
            reject(new Error(`the login service answered ${response.statusCode ?? '?'} without JSON`));
          }
        });
      });
      request.on('timeout', () => request.destroy(new Error(`no answer from ${url} in ${timeout} ms`)));
      request.on('error', reject);
      if (options.body !== undefined) request.write(options.body);
      request.end();
    });
  return {
    sendGetRequestAsync: (url, options, timeout) => send('GET', url, options, timeout),
    sendPostRequestAsync: (url, options) => send('POST', url, options),
  };
}
