#pragma once
// The statistics of improvement verification: is the change between a "before" and an
// "after" sample beyond noise? Pure functions, no I/O.

#include <cstdint>
#include <string>

namespace loopdesk {

struct TestResult {
  double statistic = 0;  // z or t; positive when "after" is larger
  double p_value = 1;    // two-sided
  double df = 0;         // degrees of freedom (Welch), 0 for z
  bool valid = false;    // false when a sample is too small or has no variance
  std::string why;       // why not valid
};

// Two-proportion z-test (pooled) of x1/n1 against x2/n2. Invalid when a sample is empty or
// the pooled proportion is 0 or 1 (no variance).
TestResult TwoProportionZTest(int64_t x1, int64_t n1, int64_t x2, int64_t n2);

// Welch's unequal-variance t-test from sample means and (unbiased) variances. Invalid when
// a sample has fewer than 2 values or both variances are 0.
TestResult WelchTTest(double mean1, double var1, int64_t n1, double mean2, double var2,
                      int64_t n2);

// Two-sided p-value of a standard normal statistic.
double NormalTwoSidedP(double z);
// Two-sided p-value of Student's t with `df` degrees of freedom.
double StudentTwoSidedP(double t, double df);

}  // namespace loopdesk
