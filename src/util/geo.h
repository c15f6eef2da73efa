// Great-circle distance between two points given in degrees, in km: the haversine formula on a
// sphere of the Earth's mean radius (6371 km). Off from the ellipsoid by at most about 0.5%, which
// is far below what place resolution and `events --near` care about. Header-only: a handful of
// arithmetic the callers' loops inline.
#pragma once

#include <algorithm>
#include <cmath>

namespace mosaic::geo {

// The sphere every function here measures on, and degrees to radians.
inline constexpr double kEarthKm = 6371.0, kRad = M_PI / 180;

inline double HaversineKm(double lat1, double lon1, double lat2, double lon2) {
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
  if (std::fabs(lat2 - lat1) * kRad * kEarthKm > km * 1.001 + 1e-9) return false;
  return HaversineKm(lat1, lon1, lat2, lon2) < km;
}

// The smallest latitude/longitude box holding every point within `km` of (lat, lon) on
// HaversineKm's sphere, widened by about a centimetre for rounding: a query's cheap first cut,
// before the exact distance. A circle around a pole, or one whose box would wrap past the
// antimeridian, takes every longitude (lon0 = -180, lon1 = 180). The widest longitude of a circle
// of angular radius r around latitude phi is asin(sin r / cos phi), more than r / cos phi: the
// circle bulges towards the pole.
struct LatLonBox {
  double lat0, lat1, lon0, lon1;
};
inline LatLonBox BoxAround(double lat, double lon, double km) {
  constexpr double kSlack = 1e-7;  // degrees
  const double r = km / kEarthKm;  // radians
  LatLonBox box{std::max(-90.0, lat - r / kRad - kSlack), std::min(90.0, lat + r / kRad + kSlack),
                -180.0, 180.0};
  if (box.lat0 <= -90 || box.lat1 >= 90) return box;
  const double s = std::sin(r) / std::cos(lat * kRad);
  if (!(s < 1)) return box;
  const double dlon = std::asin(s) / kRad + kSlack;
  if (lon - dlon < -180 || lon + dlon > 180) return box;
  box.lon0 = lon - dlon;
  box.lon1 = lon + dlon;
  return box;
}

}  // namespace mosaic::geo
