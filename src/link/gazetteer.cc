#include "link/gazetteer.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include <cerrno>
#include <cstring>

#include "link/translit.h"

namespace mosaic::link {

uint64_t GazetteerKeyHash(std::string_view key, uint64_t seed) {
  return XXH3_64bits_withSeed(key.data(), key.size(), seed);
}

Result<std::unique_ptr<Gazetteer>> Gazetteer::Load(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    int err = errno;
    std::string m = path + ": " + std::strerror(err);
    return err == ENOENT ? Status::NotFound(m) : Status::IoError(m);
  }
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    int err = errno;
    ::close(fd);
    return Status::IoError(path + ": " + std::strerror(err));
  }
  size_t size = static_cast<size_t>(st.st_size);
  if (size < sizeof(GazetteerHeader)) {
    ::close(fd);
    return Status::Corruption(path + ": too short for a gazetteer");
  }
  void* map = ::mmap(nullptr, size, PROT_READ, MAP_SHARED, fd, 0);
  int err = errno;
  ::close(fd);
  if (map == MAP_FAILED) return Status::IoError(path + ": mmap: " + std::strerror(err));
  std::unique_ptr<Gazetteer> g(new Gazetteer());
  g->map_ = map;
  g->map_size_ = size;
  g->base_ = static_cast<const char*>(map);
  g->size_ = size;
  if (Status s = g->Init(); !s.ok()) return s.WithContext(path);
  return g;
}

Result<std::unique_ptr<Gazetteer>> Gazetteer::FromBytes(std::string bytes) {
  std::unique_ptr<Gazetteer> g(new Gazetteer());
  g->owned_ = std::move(bytes);
  g->base_ = g->owned_.data();
  g->size_ = g->owned_.size();
  if (g->size_ < sizeof(GazetteerHeader)) return Status::Corruption("too short for a gazetteer");
  MOSAIC_RETURN_IF_ERROR(g->Init());
  return g;
}

Gazetteer::~Gazetteer() {
  if (map_ != nullptr) ::munmap(map_, map_size_);
}

Status Gazetteer::Init() {
  header_ = reinterpret_cast<const GazetteerHeader*>(base_);
  if (std::memcmp(header_->magic, kGazetteerMagic, sizeof(kGazetteerMagic)) != 0) {
    return Status::Corruption("not a Mosaic gazetteer (bad magic number)");
  }
  if (header_->version != kGazetteerVersion) {
    return Status::Corruption("gazetteer version " + std::to_string(header_->version) +
                              ", this build reads version " + std::to_string(kGazetteerVersion) +
                              ": recompile it with `mosaic gazetteer compile`");
  }
  auto fits = [&](uint64_t off, uint64_t count, uint64_t elem) {
    return off % 4 == 0 && off <= size_ && count <= (size_ - off) / elem;
  };
  const GazetteerHeader& h = *header_;
  if (!fits(h.records_offset, h.record_count, sizeof(PlaceRecord)) ||
      !fits(h.postings_offset, h.postings_count, sizeof(uint32_t)) ||
      !fits(h.table_offset, h.table_size, sizeof(GazetteerSlot)) ||
      !fits(h.strings_offset, h.strings_size, 1) || h.strings_size == 0 ||
      (h.table_size & (h.table_size - 1)) != 0 || h.table_size == 0) {
    return Status::Corruption("gazetteer sections out of bounds");
  }
  records_ = reinterpret_cast<const PlaceRecord*>(base_ + h.records_offset);
  postings_ = reinterpret_cast<const uint32_t*>(base_ + h.postings_offset);
  table_ = reinterpret_cast<const GazetteerSlot*>(base_ + h.table_offset);
  strings_ = base_ + h.strings_offset;
  if (strings_[h.strings_size - 1] != '\0')
    return Status::Corruption("gazetteer strings unterminated");
  // Validate what lookups dereference, so that a damaged file fails here rather than later. The
  // table check is linear but touches only the slots (tens of MB at most, sequential reads).
  for (uint32_t i = 0; i < h.record_count; ++i) {
    const PlaceRecord& r = records_[i];
    if (r.name >= h.strings_size || r.admin1 >= h.strings_size || r.code >= h.strings_size ||
        (r.region != kNoRecord && r.region >= h.record_count)) {
      return Status::Corruption("gazetteer record " + std::to_string(i) + " out of bounds");
    }
  }
  return Status::Ok();
}

std::span<const uint32_t> Gazetteer::Find(std::string_view key, uint64_t seed) const {
  if (key.empty()) return {};
  uint64_t h = GazetteerKeyHash(key, seed);
  uint64_t mask = header_->table_size - 1;
  for (uint64_t i = h & mask, n = 0; n <= mask; i = (i + 1) & mask, ++n) {
    const GazetteerSlot& s = table_[i];
    if (s.count == 0) return {};
    if (s.hash == h) {
      if (s.begin > header_->postings_count || s.count > header_->postings_count - s.begin) {
        return {};  // damaged slot: treat as absent rather than read out of bounds
      }
      std::span<const uint32_t> out(postings_ + s.begin, s.count);
      for (uint32_t id : out) {
        if (id >= header_->record_count) return {};
      }
      return out;
    }
  }
  return {};
}

Gazetteer::Matches Gazetteer::LookupFolded(std::string_view folded) const {
  Matches m;
  m.records = Find(folded, kExactSeed);
  if (m.records.empty()) {
    std::string loose = LooseKey(folded);
    m.records = Find(loose, kLooseSeed);
    m.loose = !m.records.empty();
  }
  return m;
}

std::span<const uint32_t> Gazetteer::LookupDemonym(std::string_view name) const {
  return Find(FoldKey(name), kDemonymSeed);
}

Gazetteer::Matches Gazetteer::Lookup(std::string_view name) const {
  return LookupFolded(FoldKey(name));
}

std::string Gazetteer::IdOf(const PlaceRecord& r) const {
  if (r.geonames_id != 0) return "geonames:" + std::to_string(r.geonames_id);
  std::string_view code = str(r.code);
  // A US county's code is its FIPS code; other second-level subdivisions have ISO codes.
  if (!code.empty() && std::string_view(r.feature_code) == "ADM2" &&
      code.find('-') == std::string_view::npos) {
    return "fips:" + std::string(code);
  }
  if (!code.empty()) return "iso:" + std::string(code);
  return "";
}

}  // namespace mosaic::link
