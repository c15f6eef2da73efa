#include "util/geo.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace mosaic::geo {
namespace {

// CloserThanKm is HaversineKm(...) < km, its latitude shortcut included: random pairs over the
// globe, pairs near each other, at the poles and across the date line, at the thresholds the place
// resolver uses and at distances just around them.
TEST(GeoTest, CloserThanKmIsHaversineBelowKm) {
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> lat(-90, 90), lon(-180, 180), step(-3, 3);
  for (int i = 0; i < 200000; ++i) {
    double a = lat(rng), b = lon(rng);
    double c = i % 2 ? lat(rng) : std::clamp(a + step(rng), -90.0, 90.0);
    double d = i % 2 ? lon(rng) : b + step(rng);
    for (double km : {1.0, 40.0, 250.0, 1000.0}) {
      ASSERT_EQ(CloserThanKm(a, b, c, d, km), HaversineKm(a, b, c, d) < km)
          << a << "," << b << " " << c << "," << d << " " << km;
    }
    // At the distance itself and just above it.
    const double h = HaversineKm(a, b, c, d);
    ASSERT_FALSE(CloserThanKm(a, b, c, d, h));
    ASSERT_TRUE(CloserThanKm(a, b, c, d, std::nextafter(h, 1e9)));
  }
  // Along a meridian the shortcut's bound is the distance itself.
  for (double km : {40.0, 250.0}) {
    const double dlat = km / (6371.0 * M_PI / 180);
    EXPECT_EQ(CloserThanKm(10, 20, 10 + dlat, 20, km), HaversineKm(10, 20, 10 + dlat, 20) < km);
    EXPECT_EQ(CloserThanKm(10, 20, 10 + dlat * 0.999, 20, km),
              HaversineKm(10, 20, 10 + dlat * 0.999, 20) < km);
  }
  const double nan = std::nan("");
  EXPECT_EQ(CloserThanKm(nan, 0, 0, 0, 250), HaversineKm(nan, 0, 0, 0) < 250);
  EXPECT_TRUE(CloserThanKm(89.9, 0, 89.9, 180, 250));   // across the pole
  EXPECT_TRUE(CloserThanKm(0, 179.9, 0, -179.9, 250));  // across the date line
}

}  // namespace
}  // namespace mosaic::geo
