CREATE TABLE facts (
  ticket_id BIGINT PRIMARY KEY, customer_id BIGINT, created_at BIGINT, channel TEXT, team TEXT,
  agent_id BIGINT, tier TEXT, category TEXT, region TEXT, active INTEGER, ever_resolved INTEGER,
  frt_s INTEGER, resolution_s INTEGER, replies INTEGER, reopens INTEGER, transfers INTEGER,
  sla_response INTEGER, sla_response_due BIGINT, sla_resolution INTEGER,
  sla_resolution_due BIGINT, surveys_sent INTEGER, surveys_answered INTEGER, csat INTEGER,
  nps INTEGER);
