#include "domain/verify_stats.h"

#include <cmath>

namespace loopdesk {

namespace {

// Continued fraction of the regularized incomplete beta function (Lentz's method).
double BetaContinuedFraction(double a, double b, double x) {
  constexpr int kMaxIter = 300;
  constexpr double kEps = 1e-14, kTiny = 1e-300;
  const double qab = a + b, qap = a + 1, qam = a - 1;
  double c = 1, d = 1 - qab * x / qap;
  if (std::fabs(d) < kTiny) d = kTiny;
  d = 1 / d;
  double h = d;
  for (int m = 1; m <= kMaxIter; ++m) {
    const int m2 = 2 * m;
    double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = 1 + aa / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1 / d;
    h *= d * c;
    aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = 1 + aa / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1 / d;
    const double del = d * c;
    h *= del;
    if (std::fabs(del - 1) < kEps) break;
  }
  return h;
}

// I_x(a, b), the regularized incomplete beta function.
double RegularizedBeta(double a, double b, double x) {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const double ln_front =
      std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) + a * std::log(x) + b * std::log1p(-x);
  const double front = std::exp(ln_front);
  if (x < (a + 1) / (a + b + 2)) return front * BetaContinuedFraction(a, b, x) / a;
  return 1 - front * BetaContinuedFraction(b, a, 1 - x) / b;
}

}  // namespace

double NormalTwoSidedP(double z) { return std::erfc(std::fabs(z) / std::sqrt(2.0)); }

double StudentTwoSidedP(double t, double df) {
  if (df <= 0) return 1;
  return RegularizedBeta(df / 2, 0.5, df / (df + t * t));
}

TestResult TwoProportionZTest(int64_t x1, int64_t n1, int64_t x2, int64_t n2) {
  TestResult r;
  if (n1 <= 0 || n2 <= 0) {
    r.why = "a sample is empty";
    return r;
  }
  const double p1 = static_cast<double>(x1) / n1, p2 = static_cast<double>(x2) / n2;
  const double pooled = static_cast<double>(x1 + x2) / static_cast<double>(n1 + n2);
  const double se = std::sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2));
  if (se <= 0) {
    r.why = "no variance: every case has the same outcome";
    return r;
  }
  r.statistic = (p2 - p1) / se;
  r.p_value = NormalTwoSidedP(r.statistic);
  r.valid = true;
  return r;
}

TestResult WelchTTest(double mean1, double var1, int64_t n1, double mean2, double var2,
                      int64_t n2) {
  TestResult r;
  if (n1 < 2 || n2 < 2) {
    r.why = "each sample needs at least 2 values";
    return r;
  }
  const double a = var1 / n1, b = var2 / n2;
  if (a + b <= 0) {
    r.why = "no variance: every value is the same";
    return r;
  }
  r.statistic = (mean2 - mean1) / std::sqrt(a + b);
  r.df = (a + b) * (a + b) / (a * a / (n1 - 1) + b * b / (n2 - 1));
  r.p_value = StudentTwoSidedP(r.statistic, r.df);
  r.valid = true;
  return r;
}

}  // namespace loopdesk
