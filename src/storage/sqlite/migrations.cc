#include "storage/sqlite/migrations.h"

#include <string>

namespace loopdesk::sqlite {

namespace {

// Conventions: ids are INTEGER PRIMARY KEY (rowid aliases); times are INTEGER UTC ms;
// enums are their wire names; string lists (tags, skills, languages) and structured
// values (transcript turns, event data) are JSON text; optional values are NULL; optional
// strings are '' (the entities have no "unset" for them). Unique contact columns only
// count non-empty values, hence the partial indexes.
constexpr Migration kMigrations[] = {
    {1, "initial schema", R"sql(
CREATE TABLE customers (
  id          INTEGER PRIMARY KEY,
  external_id TEXT NOT NULL DEFAULT '',
  name        TEXT NOT NULL,
  salutation  TEXT NOT NULL DEFAULT '',
  phone       TEXT NOT NULL DEFAULT '',
  email       TEXT NOT NULL DEFAULT '',
  wechat_id   TEXT NOT NULL DEFAULT '',
  tier        TEXT NOT NULL,
  region      TEXT NOT NULL DEFAULT '',
  lat         REAL,
  lon         REAL,
  tags        TEXT NOT NULL DEFAULT '[]',
  language    TEXT NOT NULL DEFAULT 'zh',
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
);
CREATE UNIQUE INDEX customers_phone ON customers (phone) WHERE phone <> '';
CREATE UNIQUE INDEX customers_email ON customers (email) WHERE email <> '';
CREATE UNIQUE INDEX customers_wechat_id ON customers (wechat_id) WHERE wechat_id <> '';
CREATE UNIQUE INDEX customers_external_id ON customers (external_id) WHERE external_id <> '';
CREATE INDEX customers_tier ON customers (tier, id);

CREATE TABLE orders (
  id          INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers (id),
  number      TEXT NOT NULL DEFAULT '',
  product     TEXT NOT NULL,
  amount      REAL NOT NULL,
  ordered_at  INTEGER NOT NULL,
  created_at  INTEGER NOT NULL
);
CREATE INDEX orders_customer ON orders (customer_id, ordered_at, id);

CREATE TABLE assets (
  id           INTEGER PRIMARY KEY,
  customer_id  INTEGER NOT NULL REFERENCES customers (id),
  product      TEXT NOT NULL,
  serial       TEXT NOT NULL DEFAULT '',
  installed_at INTEGER,
  warranty_end INTEGER,
  created_at   INTEGER NOT NULL
);
CREATE INDEX assets_customer ON assets (customer_id, id);

CREATE TABLE agents (
  id          INTEGER PRIMARY KEY,
  external_id TEXT NOT NULL DEFAULT '',
  name        TEXT NOT NULL,
  email       TEXT NOT NULL DEFAULT '',
  team        TEXT NOT NULL DEFAULT '',
  role        TEXT NOT NULL,
  skills      TEXT NOT NULL DEFAULT '[]',
  languages   TEXT NOT NULL DEFAULT '[]',
  capacity    INTEGER NOT NULL,
  status      TEXT NOT NULL,
  lat         REAL,
  lon         REAL,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
);
CREATE UNIQUE INDEX agents_email ON agents (email) WHERE email <> '';
CREATE INDEX agents_team ON agents (team, id);

CREATE TABLE api_tokens (
  token_hash TEXT PRIMARY KEY,
  agent_id   INTEGER NOT NULL REFERENCES agents (id),
  created_at INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE tickets (
  id                INTEGER PRIMARY KEY,
  external_id       TEXT NOT NULL DEFAULT '',
  customer_id       INTEGER NOT NULL REFERENCES customers (id),
  channel           TEXT NOT NULL,
  subject           TEXT NOT NULL,
  description       TEXT NOT NULL DEFAULT '',
  priority          TEXT NOT NULL,
  category          TEXT NOT NULL DEFAULT '',
  tags              TEXT NOT NULL DEFAULT '[]',
  status            TEXT NOT NULL,
  assignee_id       INTEGER REFERENCES agents (id),
  team              TEXT NOT NULL DEFAULT '',
  created_at        INTEGER NOT NULL,
  updated_at        INTEGER NOT NULL,
  first_response_at INTEGER,
  resolved_at       INTEGER,
  closed_at         INTEGER,
  reopen_count      INTEGER NOT NULL DEFAULT 0,
  transfer_count    INTEGER NOT NULL DEFAULT 0,
  agent_reply_count INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX tickets_external_id ON tickets (external_id) WHERE external_id <> '';
CREATE INDEX tickets_status ON tickets (status, id);
CREATE INDEX tickets_assignee ON tickets (assignee_id, id);
CREATE INDEX tickets_customer ON tickets (customer_id, id);
CREATE INDEX tickets_team ON tickets (team, id);

CREATE TABLE messages (
  id         INTEGER PRIMARY KEY,
  ticket_id  INTEGER NOT NULL REFERENCES tickets (id),
  author     TEXT NOT NULL,
  author_id  INTEGER,
  body       TEXT NOT NULL,
  internal   INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL
);
CREATE INDEX messages_ticket ON messages (ticket_id, id);

CREATE TABLE transcripts (
  id         INTEGER PRIMARY KEY,
  ticket_id  INTEGER NOT NULL REFERENCES tickets (id),
  agent_id   INTEGER REFERENCES agents (id),
  turns      TEXT NOT NULL DEFAULT '[]',
  created_at INTEGER NOT NULL
);
CREATE INDEX transcripts_ticket ON transcripts (ticket_id, id);

CREATE TABLE tasks (
  id          INTEGER PRIMARY KEY,
  ticket_id   INTEGER NOT NULL REFERENCES tickets (id),
  department  TEXT NOT NULL,
  title       TEXT NOT NULL,
  note        TEXT NOT NULL DEFAULT '',
  assignee_id INTEGER REFERENCES agents (id),
  status      TEXT NOT NULL,
  due_at      INTEGER,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
);
CREATE INDEX tasks_ticket ON tasks (ticket_id, id);

CREATE TABLE transfers (
  id            INTEGER PRIMARY KEY,
  ticket_id     INTEGER NOT NULL REFERENCES tickets (id),
  from_agent_id INTEGER REFERENCES agents (id),
  to_agent_id   INTEGER REFERENCES agents (id),
  from_team     TEXT NOT NULL DEFAULT '',
  to_team       TEXT NOT NULL DEFAULT '',
  reason        TEXT NOT NULL DEFAULT '',
  actor         TEXT NOT NULL DEFAULT '',
  at            INTEGER NOT NULL
);
CREATE INDEX transfers_ticket ON transfers (ticket_id, id);

-- The event log. No foreign keys: it is the audit trail and must accept any event the
-- application records (ticket_id / customer_id 0 = not about one).
CREATE TABLE events (
  seq         INTEGER PRIMARY KEY,
  type        TEXT NOT NULL,
  at          INTEGER NOT NULL,
  actor       TEXT NOT NULL,
  ticket_id   INTEGER NOT NULL DEFAULT 0,
  customer_id INTEGER NOT NULL DEFAULT 0,
  data        TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX events_ticket ON events (ticket_id, seq);
)sql"},
    {2, "configuration and SLA state", R"sql(
CREATE TABLE config (
  key        TEXT PRIMARY KEY,
  doc        TEXT NOT NULL,
  updated_at INTEGER NOT NULL
);

CREATE TABLE ticket_sla (
  ticket_id          INTEGER PRIMARY KEY REFERENCES tickets (id),
  policy             TEXT NOT NULL,
  calendar           TEXT NOT NULL,
  first_response_due INTEGER,
  resolution_due     INTEGER,
  paused_ms          INTEGER NOT NULL DEFAULT 0,
  state              TEXT NOT NULL,
  detail             TEXT NOT NULL DEFAULT '{}',
  updated_at         INTEGER NOT NULL
);
CREATE INDEX ticket_sla_state ON ticket_sla (state, resolution_due);

CREATE TABLE sla_notices (
  ticket_id INTEGER NOT NULL REFERENCES tickets (id),
  target    TEXT NOT NULL,
  percent   INTEGER NOT NULL,
  action    TEXT NOT NULL,
  fire_at   INTEGER NOT NULL,
  fired_at  INTEGER,
  PRIMARY KEY (ticket_id, target, percent, action)
);
CREATE INDEX sla_notices_due ON sla_notices (fire_at) WHERE fired_at IS NULL;
)sql"},
    {3, "routing: account managers, dedicated teams, routing reasons", R"sql(
ALTER TABLE customers ADD COLUMN account_manager_id INTEGER;
ALTER TABLE customers ADD COLUMN dedicated_team TEXT NOT NULL DEFAULT '';
ALTER TABLE tickets ADD COLUMN routing_reason TEXT NOT NULL DEFAULT '';
CREATE INDEX tickets_queue ON tickets (team, id) WHERE assignee_id IS NULL;
)sql"},
    {4, "rules", R"sql(
-- doc is the rule's wire form (rules::RuleToValue) as JSON; the columns beside it are
-- copies for listing and ordering. deleted_at set = soft-deleted (kept for the audit trail).
CREATE TABLE rules (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL,
  event      TEXT NOT NULL,
  doc        TEXT NOT NULL,
  enabled    INTEGER NOT NULL DEFAULT 1,
  position   INTEGER NOT NULL DEFAULT 0,
  version    INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  deleted_at INTEGER
);
CREATE INDEX rules_live ON rules (position, id) WHERE deleted_at IS NULL;
)sql"},
    {5, "service commitments: compensations", R"sql(
CREATE TABLE compensations (
  id          INTEGER PRIMARY KEY,
  ticket_id   INTEGER NOT NULL REFERENCES tickets (id),
  customer_id INTEGER NOT NULL REFERENCES customers (id),
  commitment  TEXT NOT NULL,
  target      TEXT NOT NULL,
  type        TEXT NOT NULL,
  amount      REAL NOT NULL DEFAULT 0,
  note        TEXT NOT NULL DEFAULT '',
  status      TEXT NOT NULL,
  decided_by  INTEGER,
  decided_at  INTEGER,
  created_at  INTEGER NOT NULL
);
CREATE UNIQUE INDEX compensations_once ON compensations (ticket_id, commitment);
CREATE INDEX compensations_customer ON compensations (customer_id, id);
)sql"},
    {6, "dynamic SLA: per-ticket target overrides", R"sql(
CREATE TABLE sla_overrides (
  ticket_id INTEGER NOT NULL REFERENCES tickets (id),
  target    TEXT NOT NULL,
  seconds   INTEGER,
  factor    REAL,
  source    TEXT NOT NULL DEFAULT '',
  at        INTEGER NOT NULL,
  PRIMARY KEY (ticket_id, target)
);
)sql"},
    {7, "additive SLA adjustments; schedule rules fired once per ticket", R"sql(
ALTER TABLE sla_overrides ADD COLUMN add_seconds INTEGER;
CREATE TABLE rule_schedule_runs (
  rule_id   INTEGER NOT NULL,
  ticket_id INTEGER NOT NULL REFERENCES tickets (id),
  version   INTEGER NOT NULL,
  fired_at  INTEGER NOT NULL,
  PRIMARY KEY (rule_id, ticket_id)
) WITHOUT ROWID;
)sql"},
    {8, "voice of the customer: surveys, outbox, alerts, complaints, improvements", R"sql(
CREATE TABLE surveys (
  id               INTEGER PRIMARY KEY,
  token            TEXT NOT NULL UNIQUE,
  kind             TEXT NOT NULL,
  ticket_id        INTEGER REFERENCES tickets (id),
  customer_id      INTEGER NOT NULL REFERENCES customers (id),
  channel          TEXT NOT NULL,
  status           TEXT NOT NULL,
  sent_at          INTEGER NOT NULL,
  expires_at       INTEGER NOT NULL,
  answered_at      INTEGER,
  score            INTEGER,
  comment          TEXT NOT NULL DEFAULT '',
  cause            TEXT NOT NULL DEFAULT '',
  reminder_sent_at INTEGER,
  language         TEXT NOT NULL DEFAULT 'zh',
  url              TEXT NOT NULL DEFAULT ''
);
CREATE INDEX surveys_ticket ON surveys (ticket_id, kind, id) WHERE ticket_id IS NOT NULL;
CREATE INDEX surveys_customer ON surveys (customer_id, kind, sent_at);
CREATE INDEX surveys_sent ON surveys (sent_at);
CREATE INDEX surveys_reminder ON surveys (status, sent_at) WHERE reminder_sent_at IS NULL;

CREATE TABLE outbox (
  id              INTEGER PRIMARY KEY,
  channel         TEXT NOT NULL,
  recipient       TEXT NOT NULL DEFAULT '',
  subject         TEXT NOT NULL DEFAULT '',
  body            TEXT NOT NULL,
  purpose         TEXT NOT NULL,
  survey_id       INTEGER REFERENCES surveys (id),
  customer_id     INTEGER NOT NULL REFERENCES customers (id),
  status          TEXT NOT NULL,
  attempts        INTEGER NOT NULL DEFAULT 0,
  last_error      TEXT NOT NULL DEFAULT '',
  created_at      INTEGER NOT NULL,
  next_attempt_at INTEGER NOT NULL,
  sent_at         INTEGER
);
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);

CREATE TABLE alerts (
  id          INTEGER PRIMARY KEY,
  level       INTEGER NOT NULL,
  reason      TEXT NOT NULL,
  ticket_id   INTEGER REFERENCES tickets (id),
  customer_id INTEGER NOT NULL REFERENCES customers (id),
  survey_id   INTEGER REFERENCES surveys (id),
  task_id     INTEGER,
  owner_role  TEXT NOT NULL,
  status      TEXT NOT NULL,
  outcome     TEXT NOT NULL DEFAULT '',
  detail      TEXT NOT NULL DEFAULT '',
  escalations INTEGER NOT NULL DEFAULT 0,
  created_at  INTEGER NOT NULL,
  due_at      INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL,
  resolved_at INTEGER
);
CREATE INDEX alerts_due ON alerts (due_at) WHERE status <> 'resolved' AND level < 3;
CREATE INDEX alerts_customer ON alerts (customer_id, id);
CREATE INDEX alerts_ticket ON alerts (ticket_id, id) WHERE ticket_id IS NOT NULL;

CREATE TABLE complaints (
  ticket_id   INTEGER PRIMARY KEY REFERENCES tickets (id),
  customer_id INTEGER NOT NULL REFERENCES customers (id),
  category    TEXT NOT NULL,
  at          INTEGER NOT NULL
);
CREATE INDEX complaints_customer ON complaints (customer_id, category, at);

CREATE TABLE improvements (
  id         INTEGER PRIMARY KEY,
  doc        TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
)sql"},
    {9, "sign-in: password hashes and browser sessions", R"sql(
CREATE TABLE agent_passwords (
  agent_id   INTEGER PRIMARY KEY REFERENCES agents (id),
  hash       TEXT NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  agent_id   INTEGER NOT NULL REFERENCES agents (id),
  csrf_hash  TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_agent ON sessions (agent_id);
)sql"},
    {10, "text analysis: sentiment of tickets and messages", R"sql(
ALTER TABLE tickets ADD COLUMN sentiment_label TEXT;
ALTER TABLE tickets ADD COLUMN sentiment_score REAL;
ALTER TABLE messages ADD COLUMN sentiment_label TEXT;
ALTER TABLE messages ADD COLUMN sentiment_score REAL;
)sql"},
    {11, "quality inspection: automatic results and manual reviews", R"sql(
CREATE TABLE qa_results (
  ticket_id INTEGER PRIMARY KEY REFERENCES tickets (id),
  score     REAL,
  hidden    INTEGER NOT NULL DEFAULT 0,
  doc       TEXT NOT NULL,
  at        INTEGER NOT NULL
);
CREATE TABLE qa_reviews (
  id          INTEGER PRIMARY KEY,
  ticket_id   INTEGER NOT NULL REFERENCES tickets (id),
  reviewer_id INTEGER NOT NULL,
  doc         TEXT NOT NULL,
  at          INTEGER NOT NULL
);
CREATE INDEX qa_reviews_ticket ON qa_reviews (ticket_id, id);
)sql"},
    {12, "feedback items: classified survey comments and complaints linked to a product", R"sql(
CREATE TABLE feedback_items (
  id          INTEGER PRIMARY KEY,
  source      TEXT NOT NULL,
  source_id   INTEGER NOT NULL,
  ticket_id   INTEGER REFERENCES tickets (id),
  customer_id INTEGER NOT NULL REFERENCES customers (id),
  at          INTEGER NOT NULL,
  cause       TEXT NOT NULL,
  confidence  REAL NOT NULL,
  negative    INTEGER NOT NULL,
  product     TEXT NOT NULL,
  order_id    INTEGER,
  asset_id    INTEGER,
  link        TEXT NOT NULL,
  UNIQUE (source, source_id)
);
CREATE INDEX feedback_items_at ON feedback_items (at);
CREATE INDEX feedback_items_product ON feedback_items (product, at);
-- What the backfill looks for (PendingFeedbackItems), without scanning every ticket.
CREATE INDEX tickets_complaint ON tickets (id) WHERE category = 'complaint';
CREATE INDEX surveys_commented ON surveys (id) WHERE status = 'answered' AND cause <> '';
)sql"},
    {13, "customer reports: automation events by time (partial indexes, small)", R"sql(
CREATE INDEX events_rule_fired ON events (at) WHERE type = 'rule.fired';
CREATE INDEX events_ticket_assigned ON events (at, actor) WHERE type = 'ticket.assigned';
)sql"},
    // The router's start-up load count (CountActiveTicketsOf, once per agent) walked every
    // ticket an agent ever had through tickets_assignee and read each row for its status:
    // 39 s before "listening" with 1 M imported tickets. A partial index of the active tickets
    // answers it from the index alone (status is a column so that the index covers the
    // query); the WHERE must stay textually identical to the
    // query's (unit_of_work.cc) for SQLite to use it. Kept small: closed history leaves it.
    {14, "active tickets per assignee (router start-up)", R"sql(
CREATE INDEX tickets_active_assignee ON tickets (assignee_id, status)
  WHERE status IN ('new', 'open', 'pending', 'on_hold', 'reopened');
)sql"},
    {15, "knowledge base: articles", R"sql(
CREATE TABLE articles (
  id         INTEGER PRIMARY KEY,
  title      TEXT NOT NULL,
  body       TEXT NOT NULL,
  category   TEXT NOT NULL DEFAULT '',
  tags       TEXT NOT NULL DEFAULT '[]',
  language   TEXT NOT NULL DEFAULT 'zh',
  status     TEXT NOT NULL,
  author_id  INTEGER NOT NULL DEFAULT 0,
  version    INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  deleted_at INTEGER
);
CREATE INDEX articles_live ON articles (deleted_at, id);
)sql"},
    {16, "customer status links: one public token per ticket", R"sql(
CREATE TABLE ticket_links (
  ticket_id  INTEGER PRIMARY KEY REFERENCES tickets (id),
  token      TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL
);
)sql"},
    // Indexes a large historical import dropped to build them once at the end
    // (deferred_indexes.h): their exact definitions, so that a store left by a killed import
    // gets them back when it is next opened.
    {17, "historical import: deferred index definitions", R"sql(
CREATE TABLE deferred_indexes (
  name TEXT PRIMARY KEY,
  sql  TEXT NOT NULL
);
)sql"},
};

constexpr const char* kCreateVersionTable = R"sql(
CREATE TABLE IF NOT EXISTS schema_version (
  version    INTEGER PRIMARY KEY,
  name       TEXT NOT NULL,
  applied_at INTEGER NOT NULL
))sql";

// Rolls back when a migration step fails so the connection is usable again.
Status Abort(Connection& conn, Status st) {
  if (conn.InTransaction()) {
    (void)conn.ExecScript("ROLLBACK");
  }
  return st;
}

// applied_at is bookkeeping for operators, so SQLite's clock is fine here.
Status RecordVersion(Connection& conn, const Migration& m) {
  LD_ASSIGN_OR_RETURN(Stmt ins, conn.Prepare("INSERT INTO schema_version (version, name, "
                                             "applied_at) VALUES (?, ?, CAST((julianday('now') "
                                             "- 2440587.5) * 86400000 AS INTEGER))"));
  ins.Bind(m.version).Bind(m.name);
  return ins.Run("record schema version");
}

constexpr bool VersionsAreDense() {
  int expected = 1;
  for (const Migration& m : kMigrations) {
    if (m.version != expected++) {
      return false;
    }
  }
  return true;
}
static_assert(VersionsAreDense(), "migration versions must be 1, 2, 3... in order");

}  // namespace

std::span<const Migration> AllMigrations() { return kMigrations; }

int LatestSchemaVersion() { return kMigrations[std::size(kMigrations) - 1].version; }

Result<int> CurrentSchemaVersion(Connection& conn) {
  LD_ASSIGN_OR_RETURN(
      std::string exists,
      conn.QueryText("SELECT count(*) FROM sqlite_master WHERE name = 'schema_version'"));
  if (exists == "0") {
    return 0;
  }
  LD_ASSIGN_OR_RETURN(std::string v,
                      conn.QueryText("SELECT COALESCE(MAX(version), 0) FROM schema_version"));
  return std::stoi(v);
}

Status Migrate(Connection& conn) {
  const int latest = LatestSchemaVersion();
  for (;;) {
    // BEGIN IMMEDIATE takes the write lock first, so the version read below cannot be raced
    // by another process applying the same migration.
    LD_RETURN_IF_ERROR(conn.ExecScript("BEGIN IMMEDIATE"));
    Status st = conn.ExecScript(kCreateVersionTable);
    if (!st.ok()) {
      return Abort(conn, st);
    }
    auto current = CurrentSchemaVersion(conn);
    if (!current.ok()) {
      return Abort(conn, current.status());
    }
    if (*current > latest) {
      return Abort(conn, Status::Unavailable("database schema version " + std::to_string(*current) +
                                             " is newer than this binary supports (" +
                                             std::to_string(latest) +
                                             "); upgrade loopdesk or open another file"));
    }
    if (*current == latest) {
      return Abort(conn, Status::Ok());  // nothing to do; end the txn
    }
    const Migration& m = kMigrations[*current];  // versions are 1..N without gaps
    st = conn.ExecScript(m.sql);
    if (!st.ok()) {
      return Abort(conn, Status(st.code(), "migration " + std::to_string(m.version) + " (" +
                                               m.name + "): " + st.message()));
    }
    st = RecordVersion(conn, m);
    if (!st.ok()) {
      return Abort(conn, st);
    }
    st = conn.ExecScript("COMMIT");
    if (!st.ok()) {
      return Abort(conn, st);
    }
  }
}

}  // namespace loopdesk::sqlite
