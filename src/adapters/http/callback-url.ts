import { BlockList, isIP } from 'node:net';
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { HamdelError } from '../../core/errors.ts';

/**
 * What an integrator may register as a conversation's callback. In production (`allowInsecure` false)
 * only `https://` to a public address: not loopback, private, link-local, carrier-grade NAT, multicast or
 * unspecified, written as an address or as `localhost`; and `guardedLookup` checks the resolved address
 * again at each connection, so a name that resolves to a private address later (DNS rebinding) is
 * refused too. The URL of the setting HTTP_CHANNEL_CALLBACK_URL is the operator's own and may be internal.
 */
const PRIVATE = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
  ['224.0.0.0', 3],
] as const) {
  PRIVATE.addSubnet(net, bits, 'ipv4');
}
for (const [net, bits] of [
  ['::', 127],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  PRIVATE.addSubnet(net, bits, 'ipv6');
}

/** True when the address is one a production callback may not reach. */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return PRIVATE.check(address, 'ipv4');
  if (family !== 6) return false;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1]) return PRIVATE.check(mapped[1], 'ipv4');
  return PRIVATE.check(address, 'ipv6');
}

/** Checks an integrator's callback URL; throws CALLBACK_URL_INVALID saying why. */
export function checkCallbackUrl(raw: string, allowInsecure: boolean): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new HamdelError('CALLBACK_URL_INVALID', 'callbackUrl is not a URL');
  }
  if (url.username || url.password) {
    throw new HamdelError('CALLBACK_URL_INVALID', 'callbackUrl may not carry a user name or password');
  }
  if (url.protocol !== 'https:' && !(allowInsecure && url.protocol === 'http:')) {
    throw new HamdelError('CALLBACK_URL_INVALID', 'callbackUrl must be an https:// URL');
  }
  if (allowInsecure) return url;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host.endsWith('.localhost') || isPrivateAddress(host)) {
    throw new HamdelError('CALLBACK_URL_INVALID', 'callbackUrl must point to a public address');
  }
  return url;
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/** A `lookup` for http(s).request that refuses names resolving to a private address (see above). */
export function guardedLookup(hostname: string, options: object, callback: LookupCallback): void {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    const refused = addresses.find((a) => isPrivateAddress(a.address));
    if (refused) {
      const denied = Object.assign(new Error(`${hostname} resolves to a private address`), {
        code: 'CALLBACK_ADDRESS_REFUSED',
      });
      return callback(denied, []);
    }
    if ((options as { all?: boolean }).all) return callback(null, addresses);
    const first = addresses[0];
    return first ? callback(null, first.address, first.family) : callback(new Error('no address'), []);
  });
}
