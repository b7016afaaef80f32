/**
 * A tiny key-value store over localStorage, namespaced per chat server. Private modes and blocked storage
 * throw on access: the widget then keeps working for the page's lifetime with an in-memory map.
 */
export interface KeyValueStore {
  get(key: string): string | undefined;
  set(key: string, value: string): void;
  delete(key: string): void;
}

export function browserStore(namespace: string): KeyValueStore {
  const memory = new Map<string, string>();
  const local = usableLocalStorage();
  const full = (key: string): string => `hamdel:${namespace}:${key}`;
  return {
    get: (key) => {
      try {
        return local?.getItem(full(key)) ?? memory.get(full(key));
      } catch {
        return memory.get(full(key));
      }
    },
    set: (key, value) => {
      memory.set(full(key), value);
      try {
        local?.setItem(full(key), value);
      } catch {
        // Quota or privacy mode: the in-memory copy is enough for this page.
      }
    },
    delete: (key) => {
      memory.delete(full(key));
      try {
        local?.removeItem(full(key));
      } catch {
        // Nothing to do.
      }
    },
  };
}

function usableLocalStorage(): Storage | undefined {
  try {
    const storage = window.localStorage;
    const probe = 'hamdel:probe';
    storage.setItem(probe, '1');
    storage.removeItem(probe);
    return storage;
  } catch {
    return undefined;
  }
}

export function randomId(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  // crypto.randomUUID needs a secure context; plain-http test pages get a random v4-shaped id instead.
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
