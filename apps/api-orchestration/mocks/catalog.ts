// Shared demo data of the four mock internal APIs.
export const USERS: Record<string, { id: string; name: string; tier: 'basic' | 'silver' | 'gold'; points: number }> = {
  u1001: { id: 'u1001', name: 'Ada Lovelace', tier: 'gold', points: 1840 },
  u2002: { id: 'u2002', name: 'Grace Hopper', tier: 'silver', points: 420 },
  u3003: { id: 'u3003', name: 'Alan Turing', tier: 'basic', points: 15 },
};

export const CARTS: Record<string, Array<{ sku: string; qty: number }>> = {
  u1001: [
    { sku: 'SCARF-01', qty: 1 },
    { sku: 'GLOVE-07', qty: 2 },
  ],
  u2002: [],
  u3003: [{ sku: 'HAT-03', qty: 1 }],
};

export const PRODUCTS: Record<string, { name: string; eur: number }> = {
  'SCARF-01': { name: 'Wool scarf', eur: 39.9 },
  'GLOVE-07': { name: 'Leather gloves', eur: 24.5 },
  'HAT-03': { name: 'Felt hat', eur: 55 },
  'SOCK-11': { name: 'Merino socks', eur: 12 },
  'BOOT-02': { name: 'Winter boots', eur: 129 },
};

export const RATES: Record<string, number> = { EUR: 1, GBP: 0.85, USD: 1.08 };

export function sendJson(res: import('node:http').ServerResponse, status: number, body: unknown, cacheControl: string): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': cacheControl });
  res.end(JSON.stringify(body));
}
