/**
 * Numbered, append-only migrations. Never edit one that has shipped: add the next number.
 * `migrate()` applies the missing ones in one transaction under an advisory lock, so any number
 * of processes may start at once; every applied number is recorded in `<schema>.migrations`.
 * The committed `schema.sql` is what they produce (checked by `schema.test.ts`).
 */
import { type Database, quoteSchema } from './db.js';

export interface Migration {
  id: number;
  name: string;
  /** Statements run in order, inside the migration transaction; `s` is the quoted schema. */
  statements: (s: string) => string[];
}

const PRODUCTS = `('sms', 'email', 'lightningDomains', 'phoneNumbers', 'listings')`;

export const MIGRATIONS: readonly Migration[] = [
  {
    id: 1,
    name: 'prices, wallets, ledger, idempotency keys, stripe connection',
    statements: (s) => [
      // One row per platform account (the owner). Tenancy is by account_id in every table.
      `CREATE TABLE ${s}.accounts (
        account_id text PRIMARY KEY CHECK (length(account_id) BETWEEN 1 AND 255),
        revision bigint NOT NULL DEFAULT 1 CHECK (revision >= 1),
        sms_segment_rule text NOT NULL DEFAULT 'flat-160' CHECK (sms_segment_rule IN ('flat-160', 'carrier')),
        created_at timestamptz NOT NULL
      )`,
      // The owner's rule per product; a product without a row has the default rule.
      `CREATE TABLE ${s}.prices (
        account_id text NOT NULL REFERENCES ${s}.accounts (account_id),
        product text NOT NULL CHECK (product IN ${PRODUCTS}),
        rule_type text NOT NULL CHECK (rule_type IN ('multiplier', 'fixed')),
        value numeric NOT NULL CHECK (value >= 0),
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (account_id, product)
      )`,
      // Every applied change, with the You Pay of that moment (the catalog may change later).
      `CREATE TABLE ${s}.price_history (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        account_id text NOT NULL REFERENCES ${s}.accounts (account_id),
        revision bigint NOT NULL,
        product text NOT NULL CHECK (product IN ${PRODUCTS}),
        actor text,
        at timestamptz NOT NULL,
        from_rule_type text NOT NULL CHECK (from_rule_type IN ('multiplier', 'fixed')),
        from_value numeric NOT NULL,
        to_rule_type text NOT NULL CHECK (to_rule_type IN ('multiplier', 'fixed')),
        to_value numeric NOT NULL CHECK (to_value >= 0),
        you_pay numeric NOT NULL CHECK (you_pay >= 0)
      )`,
      `CREATE INDEX price_history_account_product ON ${s}.price_history (account_id, product, id DESC)`,
      // OneBalance wallets: sub_account_id '' is the account's main wallet. Never below zero.
      `CREATE TABLE ${s}.wallets (
        account_id text NOT NULL CHECK (length(account_id) BETWEEN 1 AND 255),
        sub_account_id text NOT NULL CHECK (length(sub_account_id) <= 255),
        balance numeric NOT NULL DEFAULT 0 CHECK (balance >= 0),
        PRIMARY KEY (account_id, sub_account_id)
      )`,
      `CREATE TABLE ${s}.ledger (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        account_id text NOT NULL,
        sub_account_id text NOT NULL,
        at timestamptz NOT NULL,
        used_at timestamptz,
        type text NOT NULL CHECK (type IN ('funds_added', 'usage', 'refund', 'adjustment')),
        product text CHECK (product IN ${PRODUCTS}),
        quantity integer CHECK (quantity >= 0),
        amount numeric NOT NULL,
        balance_after numeric NOT NULL CHECK (balance_after >= 0),
        description text NOT NULL,
        idempotency_key text NOT NULL,
        FOREIGN KEY (account_id, sub_account_id) REFERENCES ${s}.wallets (account_id, sub_account_id)
      )`,
      `CREATE INDEX ledger_wallet_newest ON ${s}.ledger (account_id, sub_account_id, at DESC, id DESC)`,
      // One effect per (account, kind, key): the unique key makes a concurrent second caller wait
      // for the first to commit, then replay its result.
      `CREATE TABLE ${s}.idempotency_keys (
        account_id text NOT NULL,
        scope text NOT NULL CHECK (scope IN ('pricing', 'charge', 'funds')),
        idempotency_key text NOT NULL CHECK (length(idempotency_key) BETWEEN 1 AND 255),
        fingerprint text NOT NULL,
        result jsonb NOT NULL,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL CHECK (expires_at > created_at),
        PRIMARY KEY (account_id, scope, idempotency_key)
      )`,
      `CREATE TABLE ${s}.stripe_connections (
        account_id text PRIMARY KEY REFERENCES ${s}.accounts (account_id),
        status text NOT NULL CHECK (status IN ('disconnected', 'pending', 'connected')),
        account_name text,
        sync_customers_as text CHECK (sync_customers_as IN ('people', 'businesses')),
        updated_at timestamptz NOT NULL
      )`,
    ],
  },
  {
    id: 2,
    name: 'add-on purchases, owner notifications, Stripe events, connected account ids',
    statements: (s) => [
      `ALTER TABLE ${s}.stripe_connections ADD COLUMN connected_account_id text`,
      `CREATE UNIQUE INDEX stripe_connections_connected_account ON ${s}.stripe_connections (connected_account_id)`,
      // core's addon-purchase state machine, persisted. Never active without both charges.
      `CREATE TABLE ${s}.addon_purchases (
        account_id text NOT NULL REFERENCES ${s}.accounts (account_id),
        id text NOT NULL CHECK (length(id) BETWEEN 1 AND 64),
        idempotency_key text NOT NULL CHECK (length(idempotency_key) BETWEEN 1 AND 255),
        sub_account_id text NOT NULL CHECK (length(sub_account_id) BETWEEN 1 AND 255),
        product text NOT NULL CHECK (product IN ('phoneNumbers', 'listings')),
        country text CHECK (country ~ '^[A-Z]{2}$'),
        status text NOT NULL CHECK (status IN ('charging-sub-account', 'charging-owner', 'awaiting-owner-payment', 'active', 'declined', 'refunding', 'refunded')),
        currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        sub_amount numeric NOT NULL CHECK (sub_amount > 0),
        owner_amount numeric NOT NULL CHECK (owner_amount > 0),
        connected_account_id text NOT NULL,
        sub_charge_id text,
        owner_charge_id text,
        owner_attempt integer NOT NULL CHECK (owner_attempt >= 1),
        sub_refund_id text,
        decline_payer text CHECK (decline_payer IN ('sub-account', 'owner')),
        decline_code text,
        decline_message text,
        refund_deadline timestamptz,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (account_id, id),
        UNIQUE (account_id, idempotency_key),
        CONSTRAINT addon_purchases_active_after_both_charges CHECK (status <> 'active' OR (sub_charge_id IS NOT NULL AND owner_charge_id IS NOT NULL)),
        CONSTRAINT addon_purchases_refund_of_a_charge CHECK (status NOT IN ('refunding', 'refunded') OR sub_charge_id IS NOT NULL)
      )`,
      `CREATE INDEX addon_purchases_due ON ${s}.addon_purchases (refund_deadline) WHERE status = 'awaiting-owner-payment'`,
      `CREATE INDEX addon_purchases_in_flight ON ${s}.addon_purchases (updated_at) WHERE status IN ('charging-sub-account', 'charging-owner', 'refunding')`,
      `CREATE INDEX addon_purchases_sub_account ON ${s}.addon_purchases (account_id, sub_account_id, created_at DESC)`,
      // The owner's outbox: one row per declined owner attempt, however often it is reported.
      `CREATE TABLE ${s}.notifications (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        account_id text NOT NULL,
        type text NOT NULL CHECK (type IN ('owner-charge-declined')),
        purchase_id text NOT NULL,
        attempt integer NOT NULL CHECK (attempt >= 1),
        message text NOT NULL,
        created_at timestamptz NOT NULL,
        UNIQUE (account_id, purchase_id, attempt, type),
        FOREIGN KEY (account_id, purchase_id) REFERENCES ${s}.addon_purchases (account_id, id)
      )`,
      `CREATE INDEX notifications_account_newest ON ${s}.notifications (account_id, id DESC)`,
      // One row per applied webhook event: a duplicate delivery finds it and does nothing.
      `CREATE TABLE ${s}.stripe_events (
        event_id text PRIMARY KEY CHECK (length(event_id) BETWEEN 1 AND 255),
        type text NOT NULL,
        received_at timestamptz NOT NULL
      )`,
    ],
  },
  {
    id: 3,
    name: "the owner's wallet settings, auto-recharge top-ups, their notifications",
    statements: (s) => [
      // The main wallet's settings; an account without a row has DEFAULT_WALLET_SETTINGS (off).
      `CREATE TABLE ${s}.wallet_settings (
        account_id text PRIMARY KEY REFERENCES ${s}.accounts (account_id),
        low_balance_threshold numeric CHECK (low_balance_threshold >= 0),
        auto_recharge_enabled boolean NOT NULL,
        threshold numeric NOT NULL CHECK (threshold >= 0),
        target numeric NOT NULL,
        monthly_cap numeric NOT NULL CHECK (monthly_cap >= 0),
        updated_at timestamptz NOT NULL,
        CONSTRAINT wallet_settings_target_above_threshold CHECK (target > threshold)
      )`,
      // One row per threshold crossing: its id is the top-up's idempotency key, its amount is
      // reserved against the month's cap (while charging or once succeeded) before the card is charged.
      `CREATE TABLE ${s}.auto_recharges (
        id bigint GENERATED ALWAYS AS IDENTITY,
        account_id text NOT NULL REFERENCES ${s}.accounts (account_id),
        month date NOT NULL CHECK (extract(day FROM month) = 1),
        status text NOT NULL CHECK (status IN ('charging', 'succeeded', 'declined', 'skipped')),
        amount numeric NOT NULL CHECK (amount >= 0),
        currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        charge_id text,
        message text,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (account_id, id),
        CONSTRAINT auto_recharges_charge_has_amount CHECK (status = 'skipped' OR amount > 0)
      )`,
      `CREATE INDEX auto_recharges_month ON ${s}.auto_recharges (account_id, month)`,
      `CREATE INDEX auto_recharges_in_flight ON ${s}.auto_recharges (updated_at) WHERE status = 'charging'`,
      // Wallet settings saves share the idempotency table. Migration 4 (built beside this one)
      // redefines the same check: both list every scope, so either order leaves all of them.
      `ALTER TABLE ${s}.idempotency_keys DROP CONSTRAINT idempotency_keys_scope_check`,
      `ALTER TABLE ${s}.idempotency_keys ADD CONSTRAINT idempotency_keys_scope_check CHECK (scope IN ('pricing', 'charge', 'funds', 'wallet', 'override'))`,
      // A failed top-up notifies the owner through the same outbox, once per crossing.
      `ALTER TABLE ${s}.notifications ALTER COLUMN purchase_id DROP NOT NULL`,
      `ALTER TABLE ${s}.notifications ADD COLUMN auto_recharge_id bigint`,
      `ALTER TABLE ${s}.notifications DROP CONSTRAINT notifications_type_check`,
      `ALTER TABLE ${s}.notifications ADD CONSTRAINT notifications_type_check CHECK (type IN ('owner-charge-declined', 'auto-recharge-failed'))`,
      `ALTER TABLE ${s}.notifications ADD CONSTRAINT notifications_one_subject CHECK (
        (type = 'owner-charge-declined' AND purchase_id IS NOT NULL AND auto_recharge_id IS NULL)
        OR (type = 'auto-recharge-failed' AND purchase_id IS NULL AND auto_recharge_id IS NOT NULL))`,
      `ALTER TABLE ${s}.notifications ADD CONSTRAINT notifications_auto_recharge_fkey
        FOREIGN KEY (account_id, auto_recharge_id) REFERENCES ${s}.auto_recharges (account_id, id)`,
      `CREATE UNIQUE INDEX notifications_one_per_auto_recharge ON ${s}.notifications (account_id, auto_recharge_id) WHERE auto_recharge_id IS NOT NULL`,
    ],
  },
  {
    id: 4,
    name: 'sub-accounts with names, per-sub-account price overrides',
    statements: (s) => [
      // The host's sub-accounts, registered by account.upsertSubAccount. "C" collation: the
      // picker's order (name, then id) is byte order, the same on every server and in keyset paging.
      `CREATE TABLE ${s}.sub_accounts (
        account_id text NOT NULL REFERENCES ${s}.accounts (account_id),
        sub_account_id text COLLATE "C" NOT NULL CHECK (length(sub_account_id) BETWEEN 1 AND 255),
        name text COLLATE "C" NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (account_id, sub_account_id)
      )`,
      `CREATE INDEX sub_accounts_by_name ON ${s}.sub_accounts (account_id, name, sub_account_id)`,
      // One sub-account's own rule for one product; its type is always the product's.
      `CREATE TABLE ${s}.price_overrides (
        account_id text NOT NULL,
        sub_account_id text COLLATE "C" NOT NULL,
        product text NOT NULL CHECK (product IN ${PRODUCTS}),
        rule_type text NOT NULL CHECK (rule_type IN ('multiplier', 'fixed')),
        value numeric NOT NULL CHECK (value >= 0),
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (account_id, sub_account_id, product),
        CONSTRAINT price_overrides_rule_type_of_product CHECK ((rule_type = 'fixed') = (product IN ('lightningDomains', 'listings'))),
        FOREIGN KEY (account_id, sub_account_id) REFERENCES ${s}.sub_accounts (account_id, sub_account_id)
      )`,
      // saveOverride's idempotency keys share the one table under their own scope.
      `ALTER TABLE ${s}.idempotency_keys DROP CONSTRAINT idempotency_keys_scope_check`,
      `ALTER TABLE ${s}.idempotency_keys ADD CONSTRAINT idempotency_keys_scope_check CHECK (scope IN ('pricing', 'charge', 'funds', 'wallet', 'override'))`,
    ],
  },
  {
    id: 5,
    name: 'active add-on purchases by account and time, for the usage summary',
    statements: (s) => [
      `CREATE INDEX addon_purchases_active_recent ON ${s}.addon_purchases (account_id, created_at DESC) WHERE status = 'active'`,
    ],
  },
  {
    id: 6,
    name: 'idempotency keys by expiry, for pruneExpiredKeys',
    statements: (s) => [`CREATE INDEX idempotency_keys_expiry ON ${s}.idempotency_keys (expires_at)`],
  },
];

/** Advisory lock key for one schema's migrations (a 64-bit hash of its name). */
const LOCK_SQL = `SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`;

/**
 * Applies every migration not yet recorded, in order, in one transaction. Idempotent; safe to
 * run from many processes at once (they queue on the advisory lock).
 * @returns the ids applied by this call (empty when the schema was up to date).
 */
export async function migrate(db: Database, schema: string, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  const s = quoteSchema(schema);
  return db.transaction(async (tx) => {
    await tx.query(LOCK_SQL, [`rebill-kit:migrations:${schema}`]);
    await tx.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
    await tx.query(
      `CREATE TABLE IF NOT EXISTS ${s}.migrations (
        id integer PRIMARY KEY,
        name text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`,
    );
    const { rows } = await tx.query<{ id: number }>(`SELECT id FROM ${s}.migrations`);
    const done = new Set(rows.map((row) => Number(row.id)));
    const applied: number[] = [];
    for (const migration of [...migrations].sort((a, b) => a.id - b.id)) {
      if (done.has(migration.id)) continue;
      for (const statement of migration.statements(s)) await tx.query(statement);
      await tx.query(`INSERT INTO ${s}.migrations (id, name) VALUES ($1, $2)`, [migration.id, migration.name]);
      applied.push(migration.id);
    }
    return applied;
  });
}
