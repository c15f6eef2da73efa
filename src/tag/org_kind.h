// Organisation kinds: decides Entity::kind for an organisation name from its words (head words such
// as "Brigade", "Ministry", "Party") and the words around it ("the militia", "news agency").
//
// Kinds: armed_group, government, media, party, international, research, other. The rules are small
// lexicons (lower case) checked in a fixed order, so the result is deterministic and explainable.
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace mosaic::tag {

// `name`: the organisation's tokens; `before`/`after`: up to a few tokens of context on each side.
std::string OrgKind(std::span<const std::string_view> name,
                    std::span<const std::string_view> before,
                    std::span<const std::string_view> after);

}  // namespace mosaic::tag
