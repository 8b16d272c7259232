#pragma once
// Erlang C: the M/M/N queue behind contact-centre staffing (docs/forecast.md).
//
// Inputs are the offered traffic A in Erlangs (arrivals per hour × mean handle time in hours)
// and N agents. Pure functions, no I/O, thread-safe. erlang_test.cc checks two published
// worked examples: Call Centre Helper, "Erlang C Formula – Made Simple" (100 calls per 30 min,
// AHT 180 s, 80 % in 20 s → A = 10 Erlangs; N = 11: P(wait) 0.6821; 14 agents needed) and
// Westbay Engineers, "The Erlang-C formula" (360 calls per 30 min, 4 min, 55 agents,
// 15 s: P(wait) 0.2387, ASA 8.18 s, service level 84.6 %).

namespace loopdesk::analytics {

// Traffic intensity in Erlangs of `per_hour` arrivals with mean handle time `aht_s` seconds.
double TrafficErlangs(double per_hour, double aht_s);

// Probability that an arrival has to wait (Erlang C formula), computed through the stable
// Erlang B recursion. 1 when n <= a (the queue grows without bound); 0 when a <= 0.
double ErlangCWait(double a, int n);

// Fraction of arrivals answered within `answer_s` seconds with n agents:
// 1 − C(n, A)·exp(−(n − A)·answer_s / aht_s). 0 when n <= a; 1 when a <= 0.
double ErlangServiceLevel(double a, int n, double aht_s, double answer_s);

// Mean wait of all arrivals (ASA) in seconds: C(n, A)·aht_s / (n − A); +inf when n <= a.
double ErlangAsa(double a, int n, double aht_s);

struct StaffingTarget {
  double service_level = 0.8;  // fraction answered within answer_s
  double answer_s = 20;
  double max_occupancy = 0.85;  // A / N must not exceed this
};

struct StaffingResult {
  int agents = 0;
  double service_level = 1;  // achieved with `agents`
  double wait_probability = 0;
  double occupancy = 0;  // A / agents (0 with no agents)
  double erlangs = 0;
};

// The smallest N that meets both the service level and the occupancy cap. No arrivals (or a
// zero handle time) need no agent. Never fails: N is searched upwards from ⌈A⌉ (bounded by
// A / max_occupancy + a margin, which always meets the cap, and the service level as N grows).
StaffingResult AgentsNeeded(double per_hour, double aht_s, const StaffingTarget& target);

}  // namespace loopdesk::analytics
