// The queue's message format: one message per document, a single field `doc` holding the
// Document's fields as a JSON object {"text", "url", "title", "published", "published_source",
// "source", "external_id"} (`text` required, the others optional strings). The document id is not
// carried: the worker recomputes it from the text (the content hash that makes writes idempotent).
#pragma once

#include <string>
#include <string_view>

#include "mosaic/document.h"
#include "mosaic/status.h"

namespace mosaic::queue {

inline constexpr const char* kDocField = "doc";

std::string EncodeDocument(const Document& doc);

// InvalidInput naming the problem ("not JSON", "no text", ...) for a message no retry can fix.
Result<Document> DecodeDocument(std::string_view json);

}  // namespace mosaic::queue
