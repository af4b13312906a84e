/**
 * Tests the conformance suite itself: deliberately broken adapters (one flaw each, in
 * `conformance-broken-adapters.fixture.ts`) are run through it in a child Vitest, and each must
 * fail exactly the tests named after the rules it breaks, while the controls pass everything.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CAPABILITY_NOTES, CONFORMANCE_RULES, type ConformanceRule } from '@rebill-kit/testkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { FLAWS, flawSuiteName, type Flaw } from './conformance-flaws.ts';

/** The rules each flaw must be caught breaking, and nothing else. */
const EXPECTED_FAILURES: Record<Flaw, ConformanceRule[]> = {
  none: [],
  withoutOptionalMethods: [],
  // The history rule saves on a stale revision too: an adapter that applies it records two entries.
  ignoresRevision: ['staleRevision', 'concurrentSaves', 'historyRecordsSave'],
  // Ignores the key and the revision, so the replay is applied a second time.
  appliesReplayedKeyTwice: ['staleRevision', 'idempotency', 'keyReuse', 'concurrentSaves', 'concurrentKey', 'historyRecordsSave'],
  accepts11x: ['atomic', 'outOfRange'],
  acceptsOffStep: ['offStep'],
  acceptsNegativePrice: ['negativePrice'],
  acceptsUnknownProduct: ['unknownProduct'],
  acceptsWrongRuleType: ['wrongRuleType'],
  keepsRevision: ['revisionChanges', 'staleRevision', 'concurrentSaves', 'historyRecordsSave'],
  notAtomic: ['atomic'],
  // A number where the backend stores a string also breaks every comparison with the backend.
  numberMoney: ['snapshotValid', 'decimalStrings', 'backendAgrees', 'saveApplies', 'atomic', 'idempotency', 'historyRecordsSave'],
  losesLedgerPage: ['ledgerComplete'],
  ledgerNumberAmounts: ['decimalStrings', 'ledgerValid'],
  ledgerOldestFirst: ['ledgerOrder'],
  unknownCursorStartsOver: ['ledgerCursor'],
  ignoresAbort: ['abortReads', 'abortSave', 'usageSummaryValid'],
  unsafeRedirectUrl: ['stripeConnect', 'stripeAgrees'],
  forgetsStripeConnection: ['stripeAgrees'],
  unknownStripeStatus: ['stripeStatus', 'stripeAgrees'],
  historyWrongFrom: ['historyRecordsSave'],
  historyCursorStartsOver: ['historyPages'],
  walletRechargeOnByDefault: ['walletValid'],
  walletKeyReuseApplies: ['walletSaves'],
  walletAcceptsTargetAtThreshold: ['walletRejects'],
  usageFractionalQuantity: ['usageSummaryValid'],
  silentSubscribe: ['subscribeFires'],
  unsubscribeIgnored: ['unsubscribe'],
  // Issue 13 #7: passed all 20 rules before the concurrency rules existed.
  lostUpdate: ['concurrentSaves'],
  doubleApplyKey: ['concurrentSaves', 'concurrentKey'],
  unclaimedKey: ['concurrentKey'],
  replaysDifferentChange: ['keyReuse'],
  // Issue 13 #8: every rule that reads a validation error's fields, each with a message saying what to fix.
  malformedFields: ['atomic', 'outOfRange', 'offStep', 'negativePrice', 'unknownProduct', 'wrongRuleType', 'keyReuse', 'ledgerCursor'],
  overridesCursorStartsOver: ['overridesPages'],
  overrideChangesPricing: ['overrideApplies'],
  overrideAcceptsOffStep: ['overrideValidated'],
  // Ignoring the key, the replay applies again and the reused key is taken for a new override.
  overrideReplayAppliesTwice: ['overrideIdempotency'],
};

interface JsonReport {
  testResults: Array<{ assertionResults: Array<{ ancestorTitles: string[]; title: string; status: string; failureMessages: string[] }> }>;
}

const root = fileURLToPath(new URL('..', import.meta.url));
const results = new Map<string, { failed: string[]; passed: string[]; messages: string[] }>();

beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'rebill-kit-conformance-'));
  const output = join(dir, 'report.json');
  // The child must not think it runs inside this Vitest worker.
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('VITEST')));
  try {
    await new Promise<void>((resolve, reject) => {
      execFile(
        process.execPath,
        [join(root, 'node_modules/vitest/vitest.mjs'), 'run', '--config', 'test/conformance-fixture.config.ts', '--reporter=json', `--outputFile=${output}`],
        { cwd: root, env, timeout: 60_000 },
        // Exit code 1 is expected: the broken adapters fail. A missing report is the real failure.
        (error, _stdout, stderr) => (error && error.killed ? reject(new Error(`child vitest timed out\n${stderr}`)) : resolve()),
      );
    });
    const report = JSON.parse(await readFile(output, 'utf8')) as JsonReport;
    for (const assertion of report.testResults.flatMap((file) => file.assertionResults)) {
      const suite = assertion.ancestorTitles[0] ?? '';
      const entry = results.get(suite) ?? { failed: [], passed: [], messages: [] };
      (assertion.status === 'passed' ? entry.passed : entry.failed).push(assertion.title);
      entry.messages.push(...assertion.failureMessages);
      results.set(suite, entry);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}, 60_000);

function resultOf(flaw: Flaw) {
  const result = results.get(`${flawSuiteName(flaw)} keeps the RebillingAdapter contract`);
  if (!result) throw new Error(`The child run has no suite for ${flaw}; found ${[...results.keys()].join(', ')}`);
  return result;
}

describe('the conformance suite catches broken adapters', () => {
  for (const flaw of FLAWS) {
    const expected = EXPECTED_FAILURES[flaw].map((rule) => CONFORMANCE_RULES[rule]);
    const title = expected.length === 0 ? `passes the control adapter [${flaw}]` : `fails [${flaw}] on exactly: ${EXPECTED_FAILURES[flaw].join(', ')}`;
    it(title, () => {
      expect(resultOf(flaw).failed.sort()).toEqual([...expected].sort());
    });
  }

  it('issue 13 #8: malformed fields fail each rule with a message naming the fix, never a TypeError', () => {
    const { messages } = resultOf('malformedFields');
    expect(messages).toHaveLength(EXPECTED_FAILURES.malformedFields.length);
    for (const message of messages) {
      expect(message).toContain("fields must be an array of { path, message } objects (core's FieldError)");
      expect(message).not.toMatch(/Cannot read properties|is not a function|TypeError/);
    }
  });

  it('issue 13 #7: the concurrency failures tell the author how to fix them', () => {
    const [lost] = resultOf('lostUpdate').messages;
    expect(lost).toContain('exactly one may apply, but 8 were told they did');
    expect(lost).toContain('check the revision in the write itself');
    const doubled = resultOf('doubleApplyKey').messages.join('\n');
    expect(doubled).toContain('Claim the key before applying');
  });

  it('catches a break of every rule with at least one broken adapter', () => {
    const caught = new Set(Object.values(EXPECTED_FAILURES).flat());
    expect(Object.keys(CONFORMANCE_RULES).filter((rule) => !caught.has(rule as ConformanceRule))).toEqual([]);
  });

  it('reports absent optional methods as a passing capability test instead of skipping silently', () => {
    const { passed } = resultOf('withoutOptionalMethods');
    expect(passed).toContain(CAPABILITY_NOTES.noLedger);
    expect(passed).toContain(CAPABILITY_NOTES.noSubscribe);
    expect(passed).toContain(CAPABILITY_NOTES.noPriceHistory);
    expect(passed).toContain(CAPABILITY_NOTES.noWallet);
    expect(passed).toContain(CAPABILITY_NOTES.noOverrides);
    expect(passed).not.toContain(CONFORMANCE_RULES.overrideApplies);
    expect(resultOf('none').passed).toContain(CONFORMANCE_RULES.overrideApplies);
    expect(passed).toContain(CAPABILITY_NOTES.noUsageSummary);
    expect(passed).not.toContain(CONFORMANCE_RULES.ledgerComplete);
    expect(passed).not.toContain(CONFORMANCE_RULES.subscribeFires);
    expect(resultOf('none').passed).toContain(CONFORMANCE_RULES.ledgerComplete);
  });
});
