#pragma once
// Great-circle distance on a spherical Earth, for field-service routing (DESIGN.md §1 D).
// Pure arithmetic; angles in degrees at the API, kilometres out.

#include "domain/entities.h"

namespace loopdesk {

// Mean Earth radius (IUGG), km. The spherical model is within ~0.5 % of the ellipsoid, far
// below what matters for "which engineer is nearest".
inline constexpr double kEarthRadiusKm = 6371.0088;

// Great-circle distance between two points in km (the haversine formula). Latitudes and
// longitudes in degrees; out-of-range values are not rejected, they wrap as the trigonometry
// does. Symmetric; 0 for equal points.
double HaversineKm(GeoPoint a, GeoPoint b);

// A point as a unit vector on the sphere. Routing precomputes these once per agent so a
// distance costs a few multiplications and one asin instead of four trig calls.
struct UnitVec {
  double x = 0;
  double y = 0;
  double z = 0;
};

UnitVec ToUnitVec(GeoPoint p);

// Squared straight-line (chord) distance between two unit vectors; monotone in the
// great-circle distance.
inline double ChordSq(const UnitVec& a, const UnitVec& b) {
  const double dx = a.x - b.x, dy = a.y - b.y, dz = a.z - b.z;
  return dx * dx + dy * dy + dz * dz;
}

// Great-circle km from a squared chord. Identical to HaversineKm: the haversine term
// sin²(Δφ/2) + cos φ1 cos φ2 sin²(Δλ/2) equals (chord / 2)².
double ChordSqToKm(double chord_sq);

}  // namespace loopdesk
