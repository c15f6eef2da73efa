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

// HaversineKm(...) < km, without the trigonometry for points far apart in latitude: the formula's
// h is at least sin^2(dlat / 2), so its distance is at least the distance along a meridian,
// |dlat| (radians) times the radius. A pair whose meridian distance exceeds km by 0.1% (far more
// than the formula's rounding) is not within km. NaN coordinates fall through to the formula.
inline bool CloserThanKm(double lat1, double lon1, double lat2, double lon2, double km) {
  constexpr double kEarthKm = 6371.0, kRad = M_PI / 180;
  if (std::fabs(lat2 - lat1) * kRad * kEarthKm > km * 1.001 + 1e-9) return false;
  return HaversineKm(lat1, lon1, lat2, lon2) < km;
}

}  // namespace mosaic::geo
