#pragma once
// The demo data generator: a deterministic, true-to-life history of a service organisation —
// agents in four teams, customers in every tier with orders and assets, and `days` of
// tickets on all channels with their conversations, call transcripts, internal notes,
// transfers, collaboration tasks, on-hold periods, reopenings and closings. Everything is
// written through the use cases of Operations (never the store directly) with historical
// timestamps, so the event log, the timelines and every derived index look as if the
// organisation had really worked that way until `now`.
//
// The conversations are written for the engines that come later: some agents are careless
// (forbidden phrases, no greeting, no closing), some customers' mood drops right after such
// a reply, some tickets end "resolved" with an unhappy last customer message, some customers
// complain again and again, and one incident (a firmware release breaking a smart lock)
// makes a category spike when the window is long enough (≥ 21 days).

#include <cstdint>
#include <functional>

#include "app/service.h"

namespace loopdesk {

struct DemoOptions {
  uint64_t seed = 20261123;
  int customers = 200;          // 4 … 1,000,000
  int agents = 30;              // 4 … 10,000 (the bootstrap admin is not among them)
  int days = 90;                // 1 … 3,650 days of tickets, ending at `now`
  double tickets_per_day = 70;  // mean daily volume (weekdays more, weekends less), ≥ 0
};

// What was written. On failure it holds what the committed batches wrote.
struct DemoSummary {
  int agents = 0;
  int customers = 0;
  int orders = 0;
  int assets = 0;
  int tickets = 0;
  int messages = 0;     // public replies, customer messages and internal notes
  int transcripts = 0;  // call transcripts (phone tickets)
  int tasks = 0;        // collaboration tasks created
  int transfers = 0;    // hand-overs between agents or teams
  int reopened = 0;     // tickets reopened by the customer after resolution
};

// Generates the demo data into the store behind `svc`, which must hold no customer yet
// (agents may exist, e.g. the bootstrap admin, but none with a demo e-mail address;
// otherwise kConflict and nothing is written).
//
// Deterministic: the same `opt` and `now` give the same data (same ids in a fresh store),
// with any standard library — std::mt19937_64 with hand-written distributions. Reads no
// clock, file or network. Every operation carries its historical time: customers, orders
// and assets reach back two years, tickets cover the last `opt.days` days in Asia/Shanghai
// (UTC+8) local days, and no time is later than `now`. Operations run in global time order,
// so the event log is ordered by time as well as by seq; tickets whose story would continue
// after `now` simply stop there (recent tickets are new, open, pending or on hold).
//
// Writes in several transactions through `svc.RunBatch`: one or more setup batches (agents,
// customers, orders and assets before the ticket window) and then one per local day. A
// failing batch stops the run; earlier batches stay committed and the error names the
// batch. `progress(done, total)` is called after each committed batch, counting steps
// (operations), on the calling thread. `out` may be null.
//
// Errors: kInvalidArgument for options out of range; kConflict when the store is not empty;
// otherwise whatever an operation or the store reports.
Status GenerateDemoData(Service& svc, TimeMs now, const DemoOptions& opt, DemoSummary* out,
                        const std::function<void(int done, int total)>& progress = {});

}  // namespace loopdesk
