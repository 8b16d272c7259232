// kpi_bench: the KPI engine over N generated tickets (bench/ticket_gen.h) in memory.
//
//   kpi_bench --n 10000000 --seed 1 [--runs 7] [--dump facts.csv] [--scan] [--verify] [--rebuild]
//
// Times (a) the full KPI set by day × channel over the whole year and (b) a filtered slice
// (channel chat, tier growth, category repair, last 90 days, by week), plus (c)–(f) further
// shapes (by channel, one group, a period cut mid-day, week × channel with a channel filter),
// each the median and best of --runs on one thread, and reports the fact store's size and the
// process RSS. --scan answers from the raw rows only (the engine before pre-aggregates);
// --verify checks every answer against the raw scan; --rebuild times RebuildDerived().
// --dump writes the same rows as CSV for the PostgreSQL and DuckDB runs (bench/kpi_sql.sh).
// Durations are wall-clock (a 24×7 calendar), as the generator has no business calendar.

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <string>

#include "analytics/kpi.h"
#include "bench/ticket_gen.h"

using namespace loopdesk;
using namespace loopdesk::analytics;
using namespace loopdesk::bench;

namespace {

long RssKiB() {
  std::ifstream f("/proc/self/status");
  std::string line;
  while (std::getline(f, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  return -1;
}

TicketFact ToFact(const GenTicket& t) {
  TicketFact f;
  f.ticket_id = t.id;
  f.customer_id = t.customer;
  f.created_at = t.created_ms;
  f.channel = static_cast<Channel>(t.channel);
  f.team = kTeams[t.team];
  f.agent_id = t.agent + 1;
  f.tier = static_cast<Tier>(t.tier);
  f.category = kCategories[t.category];
  f.region = kRegions[t.region];
  f.active = t.active;
  f.ever_resolved = t.ever_resolved;
  if (t.first_reply_ms >= 0) f.frt_s = (t.first_reply_ms - t.created_ms) / 1000;
  if (!t.active && t.resolved_ms >= 0) f.resolution_s = (t.resolved_ms - t.created_ms) / 1000;
  f.replies = t.replies;
  f.reopens = t.reopens;
  // SLA: first response 1 h (chat/wechat 10 min), resolution 24 h.
  const int64_t frt_target = (t.channel == 3 || t.channel == 4) ? 600 : 3600;
  if (f.frt_s)
    f.sla_response = *f.frt_s <= frt_target ? SlaOutcome::kMet : SlaOutcome::kMissed;
  else {
    f.sla_response = SlaOutcome::kRunning;
    f.sla_response_due = t.created_ms + frt_target * 1000;
  }
  if (f.resolution_s)
    f.sla_resolution = *f.resolution_s <= 86400 ? SlaOutcome::kMet : SlaOutcome::kMissed;
  else {
    f.sla_resolution = SlaOutcome::kRunning;
    f.sla_resolution_due = t.created_ms + 86400000;
  }
  if (t.survey_kind) {
    f.surveys_sent = 1;
    f.surveys_answered = t.survey_answered ? 1 : 0;
    if (t.survey_answered) (t.survey_kind == 1 ? f.csat : f.nps) = t.survey_score;
  }
  return f;
}

double ThreadCpuMs() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

struct Timing {
  double wall_median, wall_best, cpu_median, cpu_best;
};

// Wall time and this thread's CPU time (the machine is shared: CPU time is what one core
// spends on the query, wall time adds waiting for a core).
template <typename F>
Timing Time(int runs, F&& f) {
  std::vector<double> wall, cpu;
  for (int i = 0; i < runs; ++i) {
    auto t0 = std::chrono::steady_clock::now();
    double c0 = ThreadCpuMs();
    f();
    cpu.push_back(ThreadCpuMs() - c0);
    wall.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  }
  std::sort(wall.begin(), wall.end());
  std::sort(cpu.begin(), cpu.end());
  return {wall[wall.size() / 2], wall[0], cpu[cpu.size() / 2], cpu[0]};
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"KPI engine benchmark over N generated tickets"};
  int64_t n = 1000000;
  uint64_t seed = 1;
  int runs = 7;
  std::string dump;
  app.add_option("--n", n, "tickets")->capture_default_str();
  app.add_option("--seed", seed, "random seed")->capture_default_str();
  app.add_option("--runs", runs, "timed runs per query")->capture_default_str();
  app.add_option("--dump", dump, "write the rows as CSV to this file");
  bool scan_only = false, verify = false, rebuild = false;
  app.add_flag("--scan", scan_only, "answer from the raw rows only (no pre-aggregates)");
  app.add_flag("--verify", verify, "check every answer against the raw scan");
  app.add_flag("--rebuild", rebuild, "time FactStore::RebuildDerived() after the load");
  CLI11_PARSE(app, argc, argv);

  const int64_t end_ms = 1793491200000;  // 2026-11-01T00:00:00Z
  const int days = 365;
  TicketGenerator gen(seed, n, days, end_ms);
  FactStore store;
  store.Reserve(static_cast<size_t>(n));
  std::ofstream csv;
  if (!dump.empty()) {
    csv.open(dump);
    csv << "ticket_id,customer_id,created_at,channel,team,agent_id,tier,category,region,active,"
           "ever_resolved,frt_s,resolution_s,replies,reopens,transfers,sla_response,"
           "sla_response_due,sla_resolution,sla_resolution_due,surveys_sent,surveys_answered,"
           "csat,nps\n";
  }
  auto t0 = std::chrono::steady_clock::now();
  for (int64_t i = 0; i < n; ++i) {
    TicketFact f = ToFact(gen.Next());
    store.Upsert(f);
    if (csv.is_open()) {
      auto opt = [](const auto& v) { return v ? std::to_string(*v) : std::string(); };
      csv << f.ticket_id << ',' << f.customer_id << ',' << f.created_at / 1000 << ','
          << Name(f.channel) << ',' << f.team << ',' << f.agent_id << ',' << Name(f.tier) << ','
          << f.category << ',' << f.region << ',' << f.active << ',' << f.ever_resolved << ','
          << opt(f.frt_s) << ',' << opt(f.resolution_s) << ',' << f.replies << ',' << f.reopens
          << ',' << f.transfers << ',' << static_cast<int>(f.sla_response) << ','
          << f.sla_response_due / 1000 << ',' << static_cast<int>(f.sla_resolution) << ','
          << f.sla_resolution_due / 1000 << ',' << f.surveys_sent << ',' << f.surveys_answered
          << ',' << opt(f.csat) << ',' << opt(f.nps) << '\n';
    }
  }
  const double load_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  // --rebuild: time FactStore::RebuildDerived() (what a bulk load calls once).
  double rebuild_s = -1;
  if (rebuild) {
    auto r0 = std::chrono::steady_clock::now();
    store.RebuildDerived();
    rebuild_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - r0).count();
  }

  KpiEngine engine(store);
  KpiQuery a;
  a.from = end_ms - int64_t{days} * 86400000;
  a.to = end_ms;
  a.now = end_ms;
  a.group_by = {Dim::kDay, Dim::kChannel};
  a.use_aggregates = !scan_only;
  size_t groups_a = 0;
  Timing ta = Time(runs, [&] { groups_a = engine.Run(a).size(); });

  KpiQuery b = a;
  b.from = end_ms - int64_t{90} * 86400000;
  b.group_by = {Dim::kWeek};
  b.filter.channel = Channel::kChat;
  b.filter.tier = Tier::kGrowth;
  b.filter.category = "repair";
  size_t groups_b = 0;
  int64_t tickets_b = 0;
  Timing tb = Time(runs, [&] {
    auto g = engine.Run(b);
    groups_b = g.size();
    tickets_b = 0;
    for (const auto& x : g) tickets_b += x.kpis.tickets;
  });

  // Further shapes: (c) by channel over the year (each group's exact p90 merges 365 days),
  // (d) the whole year as one group, (e) day × channel over a period that cuts through its
  // first and last day (10:17:23.456 to 15:42:00), (f) week × channel filtered by channel.
  KpiQuery qc = a;
  qc.group_by = {Dim::kChannel};
  KpiQuery qd = a;
  qd.group_by = {};
  KpiQuery qe = a;
  qe.from = a.from + 37043456;
  qe.to = a.to - 86400000 + 56520000;
  KpiQuery qf = a;
  qf.group_by = {Dim::kWeek, Dim::kChannel};
  qf.filter.channel = Channel::kEmail;
  struct Extra {
    const char* name;
    KpiQuery q;
    size_t groups = 0;
    Timing t{};
  } extra[] = {{"(c) by channel, 1 year", qc},
               {"(d) one group, 1 year", qd},
               {"(e) day x channel, edges cut mid-day", qe},
               {"(f) week x channel, channel=email", qf}};
  for (Extra& e : extra) e.t = Time(runs, [&] { e.groups = engine.Run(e.q).size(); });

  // --verify: every query's answer with the pre-aggregates equals the raw scan's, group by
  // group (keys, counts, KPIs, exact p90).
  int mismatches = -1;
  if (verify) {
    mismatches = 0;
    std::vector<KpiQuery> all = {a, b, qc, qd, qe, qf};
    for (KpiQuery q : all) {
      q.use_aggregates = true;
      auto fast = engine.Run(q);
      q.use_aggregates = false;
      auto scan = engine.Run(q);
      if (fast.size() != scan.size()) {
        ++mismatches;
        continue;
      }
      for (size_t i = 0; i < fast.size(); ++i)
        if (fast[i].key != scan[i].key || !(fast[i].counts == scan[i].counts) ||
            !(fast[i].kpis == scan[i].kpis))
          ++mismatches;
    }
  }

  KpiQuery c = a;
  c.group_by = {};
  Kpis total = engine.Run(c)[0].kpis;

  std::printf("tickets: %lld (seed %llu), load into the fact store: %.1f s\n",
              static_cast<long long>(n), static_cast<unsigned long long>(seed), load_s);
  std::printf("fact store: %.1f MiB; process RSS: %.1f MiB\n", store.MemoryBytes() / 1048576.0,
              RssKiB() / 1024.0);
  std::printf(
      "(a) full KPI set by day x channel over %d days: %zu groups; wall median %.1f ms, "
      "best %.1f ms; CPU median %.1f ms, best %.1f ms\n",
      days, groups_a, ta.wall_median, ta.wall_best, ta.cpu_median, ta.cpu_best);
  std::printf(
      "(b) chat+growth+repair, last 90 days, by week: %zu groups, %lld tickets; wall "
      "median %.1f ms, best %.1f ms; CPU median %.1f ms, best %.1f ms\n",
      groups_b, static_cast<long long>(tickets_b), tb.wall_median, tb.wall_best, tb.cpu_median,
      tb.cpu_best);
  for (const Extra& e : extra)
    std::printf(
        "%s: %zu groups; wall median %.1f ms, best %.1f ms; CPU median %.1f ms, best %.1f ms\n",
        e.name, e.groups, e.t.wall_median, e.t.wall_best, e.t.cpu_median, e.t.cpu_best);
  std::printf("answers from: %s\n",
              scan_only ? "raw scan only (--scan)" : "pre-aggregates + edge scan");
  if (rebuild_s >= 0) std::printf("RebuildDerived: %.2f s\n", rebuild_s);
  if (mismatches >= 0)
    std::printf("verify against the raw scan: %d mismatching groups\n", mismatches);
  std::printf(
      "whole year: csat %.4f nps %.2f frt_avg_s %.1f frt_p90_s %.0f fcr %.4f reopen %.4f "
      "sla_resp %.4f sla_res %.4f survey_rr %.4f backlog %lld\n",
      total.csat.value_or(-1), total.nps.value_or(-1), total.frt_avg_s.value_or(-1),
      total.frt_p90_s.value_or(-1), total.fcr.value_or(-1), total.reopen_rate.value_or(-1),
      total.sla_response_attainment.value_or(-1), total.sla_resolution_attainment.value_or(-1),
      total.survey_response_rate.value_or(-1), static_cast<long long>(total.backlog));
  return 0;
}
