import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ROUTES, STATUS_OF_CODE } from './wire.js';

const document = readFileSync(new URL('../openapi.yaml', import.meta.url), 'utf8');

/** The lines of one path item, from `  /path:` to the next path. */
function pathItem(path: string): string {
  const start = document.indexOf(`\n  ${path}:\n`);
  expect(start, `openapi.yaml documents ${path}`).toBeGreaterThan(0);
  const rest = document.slice(start + 1);
  const next = rest.slice(1).search(/\n {2}\/|\ncomponents:/);
  return rest.slice(0, next + 1);
}

describe('openapi.yaml stays in step with the handler', () => {
  it('documents every route with the methods served', () => {
    const methods: Record<string, string[]> = {
      [ROUTES.pricing]: ['get', 'put'],
      [ROUTES.stripe]: ['get'],
      [ROUTES.stripeConnect]: ['post'],
      [ROUTES.ledger]: ['get'],
      [ROUTES.priceHistory]: ['get'],
      [ROUTES.wallet]: ['get'],
      [ROUTES.walletSettings]: ['put'],
      [ROUTES.overrides]: ['get'],
      [ROUTES.override]: ['put', 'delete'],
      [ROUTES.usageSummary]: ['get'],
    };
    for (const [path, expected] of Object.entries(methods)) {
      const documented = [...pathItem(path).matchAll(/^ {4}(get|put|post|delete|patch):/gm)].map((match) => match[1]);
      expect(documented, path).toEqual(expected);
    }
  });

  it("documents PUT /pricing's preconditions and answers", () => {
    const put = pathItem(ROUTES.pricing).split('\n    put:')[1]!;
    for (const text of ['name: If-Match', 'name: Idempotency-Key', "'412'", "'422'", "'428'", "'413'", "'415'"]) expect(put).toContain(text);
  });

  it('documents the price history page with the fields the contract validates', () => {
    const history = pathItem(ROUTES.priceHistory);
    for (const text of ['name: product', 'name: cursor', 'name: limit', "'422'", "'501'", 'PriceChangePage']) expect(history).toContain(text);
    expect(document).toContain('required: [id, at, actor, product, revision, from, to, youPayAtTheTime]');
  });

  it("documents the wallet's settings save and the fields the contract validates", () => {
    const put = pathItem(ROUTES.walletSettings);
    for (const text of ['name: Idempotency-Key', "'422'", "'501'", 'WalletSettings', 'OwnerWallet']) expect(put).toContain(text);
    expect(document).toContain('required: [currency, balance, rechargedThisMonth, lastRechargeFailure]');
    expect(document).toContain('required: [enabled, threshold, target, monthlyCap]');
  });

  it('documents the overrides routes: paging, the encoded sub-account segment, the idempotency key', () => {
    expect(pathItem(ROUTES.overrides)).toContain('SubAccountOverridesPage');
    const item = pathItem(ROUTES.override);
    for (const text of ['name: subAccountId', 'in: path', 'maxLength: 255', 'encodeURIComponent', 'name: Idempotency-Key', "'422'", "'501'"]) expect(item).toContain(text);
    expect(document).toContain('required: [subAccountId, name, overrides]');
  });

  it('documents the usage summary with the fields the contract validates', () => {
    const usage = pathItem(ROUTES.usageSummary);
    for (const text of ["'501'", 'UsageSummary', 'operationId: loadUsageSummary']) expect(usage).toContain(text);
    expect(document).toContain('required: [from, to, quantities]');
  });

  it('lists every error code in the error body schema', () => {
    expect(document).toContain(`code: { enum: [${Object.keys(STATUS_OF_CODE).join(', ')}] }`);
  });
});
