// Name keys: how the store decides that two per-document entities are the same real-world entity.
//
// NameKey folds the spelling differences that never distinguish two names: Unicode compatibility
// forms, case, diacritics ("Lukašenka" = "Lukasenka"), punctuation and spacing ("al-Qaeda" = "Al
// Qaeda"), and a leading English article ("the Wagner Group" = "Wagner Group"). It does not
// transliterate between scripts or merge spelling variants (Aleksey / Alexei): that is the entity
// issue's job (issue 6), which replaces this function; the store only calls EntityKeys.
//
// EntityKeys lists the keys an entity is looked up by, best first: a geocoded place by its
// gazetteer id, a person by the romanisation-proof given-name + surname key (link/name_keys.h),
// then the canonical name, then multi-word aliases (a one-word alias such as a
// surname alone is too ambiguous to join documents on). A "geo:" key is authoritative: the store
// looks a geocoded entity up by it alone (two places may share a name), and registers the other
// keys so that later ungeocoded mentions of the name still join it. Pure functions, thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "mosaic/docgraph.h"

namespace mosaic::store {

std::string NameKey(std::string_view name);
// NameKey's general path, through ICU, for any text; NameKey takes it for non-ASCII names.
std::string NameKeyUnicode(std::string_view name);

std::vector<std::string> EntityKeys(const Entity& entity);

}  // namespace mosaic::store
