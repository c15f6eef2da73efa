// Great-circle distance between two points given in degrees, in km: the haversine formula on a
// sphere of the Earth's mean radius (6371 km). Off from the ellipsoid by at most about 0.5%, which
// is far below what place resolution and `events --near` care about. Header-only: a handful of
// arithmetic the callers' loops inline.
#pragma once

#include <algorithm>
#include <cmath>

namespace mosaic::geo {

inline double HaversineKm(double lat1, double lon1, double lat2, double lon2) {
  constexpr double kEarthKm = 6371.0, kRad = M_PI / 180;
  const double dlat = (lat2 - lat1) * kRad, dlon = (lon2 - lon1) * kRad;
  const double h =
      std::sin(dlat / 2) * std::sin(dlat / 2) +
      std::cos(lat1 * kRad) * std::cos(lat2 * kRad) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * kEarthKm * std::asin(std::min(1.0, std::sqrt(h)));
}

// HaversineKm(lat1, lon1, lat2, lon2) < km, skipping the trigonometry for points whose latitudes
// alone set them further apart: a great circle between two points spans at least their difference
// in latitude, so the distance is at least kEarthKm * |dlat| (111.19 km per degree). The 1% margin
// keeps the shortcut far from where HaversineKm's rounding could matter, so the answer is exactly
// HaversineKm's (a pair that passes, or has a non-finite coordinate, gets the full formula).
inline bool WithinKm(double lat1, double lon1, double lat2, double lon2, double km) {
  constexpr double kKmPerDegree = 6371.0 * M_PI / 180;
  if (std::abs(lat2 - lat1) * kKmPerDegree > km * 1.01) return false;
  return HaversineKm(lat1, lon1, lat2, lon2) < km;
}

}  // namespace mosaic::geo
