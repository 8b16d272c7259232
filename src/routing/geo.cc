#include "routing/geo.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace loopdesk {
namespace {

constexpr double kRadPerDeg = std::numbers::pi / 180.0;

}  // namespace

double HaversineKm(GeoPoint a, GeoPoint b) {
  const double phi1 = a.lat * kRadPerDeg, phi2 = b.lat * kRadPerDeg;
  const double dphi = (b.lat - a.lat) * kRadPerDeg;
  const double dlambda = (b.lon - a.lon) * kRadPerDeg;
  const double s1 = std::sin(dphi / 2), s2 = std::sin(dlambda / 2);
  const double h = s1 * s1 + std::cos(phi1) * std::cos(phi2) * s2 * s2;
  // Rounding can push h a hair above 1 for antipodal points; asin would return NaN.
  return 2 * kEarthRadiusKm * std::asin(std::sqrt(std::clamp(h, 0.0, 1.0)));
}

UnitVec ToUnitVec(GeoPoint p) {
  const double phi = p.lat * kRadPerDeg, lambda = p.lon * kRadPerDeg;
  const double c = std::cos(phi);
  return {c * std::cos(lambda), c * std::sin(lambda), std::sin(phi)};
}

double ChordSqToKm(double chord_sq) {
  const double h = std::clamp(chord_sq / 4, 0.0, 1.0);
  return 2 * kEarthRadiusKm * std::asin(std::sqrt(h));
}

}  // namespace loopdesk
