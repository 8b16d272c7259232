-- The KPI queries of bench/kpi_bench in SQL (PostgreSQL 15 and DuckDB), on the rows that
-- `kpi_bench --dump` writes. @FROM@, @TO@, @FROM90@ and @NOW@ are UTC epoch seconds.
-- Same definitions as docs/metrics.md (FRT p90 = percentile_disc, i.e. nearest rank).
-- (a) the full KPI set by day x channel over the year
SELECT date_trunc('day', to_timestamp(created_at)) AS day, channel,
  count(*) AS tickets,
  avg(CASE WHEN csat IS NOT NULL THEN (CASE WHEN csat >= 4 THEN 1.0 ELSE 0.0 END) END) AS csat,
  100.0 * (count(*) FILTER (WHERE nps >= 9) - count(*) FILTER (WHERE nps <= 6)) / NULLIF(count(nps), 0) AS nps,
  avg(frt_s) AS frt_avg_s,
  percentile_disc(0.9) WITHIN GROUP (ORDER BY frt_s) AS frt_p90_s,
  avg(resolution_s) AS resolution_avg_s,
  count(*) FILTER (WHERE ever_resolved = 1 AND reopens = 0 AND replies = 1) * 1.0 / NULLIF(count(*) FILTER (WHERE ever_resolved = 1), 0) AS fcr,
  count(*) FILTER (WHERE ever_resolved = 1 AND reopens > 0) * 1.0 / NULLIF(count(*) FILTER (WHERE ever_resolved = 1), 0) AS reopen_rate,
  count(*) FILTER (WHERE sla_response = 1) * 1.0 / NULLIF(count(*) FILTER (WHERE sla_response IN (1, 2) OR (sla_response = 3 AND sla_response_due <= @NOW@)), 0) AS sla_response_attainment,
  count(*) FILTER (WHERE sla_resolution = 1) * 1.0 / NULLIF(count(*) FILTER (WHERE sla_resolution IN (1, 2) OR (sla_resolution = 3 AND sla_resolution_due <= @NOW@)), 0) AS sla_resolution_attainment,
  sum(surveys_answered) * 1.0 / NULLIF(sum(surveys_sent), 0) AS survey_response_rate,
  count(*) FILTER (WHERE active = 1) AS backlog,
  sum(transfers) * 1.0 / count(*) AS transfers_per_ticket
FROM facts WHERE created_at >= @FROM@ AND created_at < @TO@
GROUP BY 1, 2 ORDER BY 1, 2;
-- (b) a filtered slice: chat, tier growth, category repair, last 90 days, by week
SELECT date_trunc('week', to_timestamp(created_at)) AS week,
  count(*) AS tickets,
  avg(CASE WHEN csat IS NOT NULL THEN (CASE WHEN csat >= 4 THEN 1.0 ELSE 0.0 END) END) AS csat,
  100.0 * (count(*) FILTER (WHERE nps >= 9) - count(*) FILTER (WHERE nps <= 6)) / NULLIF(count(nps), 0) AS nps,
  avg(frt_s) AS frt_avg_s,
  percentile_disc(0.9) WITHIN GROUP (ORDER BY frt_s) AS frt_p90_s,
  avg(resolution_s) AS resolution_avg_s,
  count(*) FILTER (WHERE ever_resolved = 1 AND reopens = 0 AND replies = 1) * 1.0 / NULLIF(count(*) FILTER (WHERE ever_resolved = 1), 0) AS fcr,
  count(*) FILTER (WHERE ever_resolved = 1 AND reopens > 0) * 1.0 / NULLIF(count(*) FILTER (WHERE ever_resolved = 1), 0) AS reopen_rate,
  count(*) FILTER (WHERE sla_response = 1) * 1.0 / NULLIF(count(*) FILTER (WHERE sla_response IN (1, 2) OR (sla_response = 3 AND sla_response_due <= @NOW@)), 0) AS sla_response_attainment,
  count(*) FILTER (WHERE sla_resolution = 1) * 1.0 / NULLIF(count(*) FILTER (WHERE sla_resolution IN (1, 2) OR (sla_resolution = 3 AND sla_resolution_due <= @NOW@)), 0) AS sla_resolution_attainment,
  sum(surveys_answered) * 1.0 / NULLIF(sum(surveys_sent), 0) AS survey_response_rate,
  count(*) FILTER (WHERE active = 1) AS backlog
FROM facts WHERE created_at >= @FROM90@ AND created_at < @TO@
  AND channel = 'chat' AND tier = 'growth' AND category = 'repair'
GROUP BY 1 ORDER BY 1;
