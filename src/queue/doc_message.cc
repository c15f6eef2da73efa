#include "queue/doc_message.h"

#include <nlohmann/json.hpp>

namespace mosaic::queue {

std::string EncodeDocument(const Document& doc) {
  nlohmann::json j;
  j["text"] = doc.text;
  auto put = [&](const char* name, const std::string& v) {
    if (!v.empty()) j[name] = v;
  };
  put("url", doc.url);
  put("title", doc.title);
  put("published", doc.published);
  put("published_source", doc.published_source);
  put("source", doc.source);
  put("external_id", doc.external_id);
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Result<Document> DecodeDocument(std::string_view json) {
  auto j = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  // The parser also refuses invalid UTF-8 in strings.
  if (j.is_discarded()) return Status::InvalidInput("message is not JSON (or not UTF-8)");
  if (!j.is_object()) return Status::InvalidInput("message is not a JSON object");
  Document d;
  auto get = [&](const char* name, std::string* out) -> Status {
    auto it = j.find(name);
    if (it == j.end() || it->is_null()) return Status::Ok();
    if (!it->is_string())
      return Status::InvalidInput(std::string("`") + name + "` is not a string");
    *out = it->get<std::string>();
    return Status::Ok();
  };
  MOSAIC_RETURN_IF_ERROR(get("text", &d.text));
  if (d.text.empty()) return Status::InvalidInput("message has no `text`");
  if (d.text.find('\0') != std::string::npos) return Status::InvalidInput("`text` has a NUL byte");
  MOSAIC_RETURN_IF_ERROR(get("url", &d.url));
  MOSAIC_RETURN_IF_ERROR(get("title", &d.title));
  MOSAIC_RETURN_IF_ERROR(get("published", &d.published));
  MOSAIC_RETURN_IF_ERROR(get("published_source", &d.published_source));
  MOSAIC_RETURN_IF_ERROR(get("source", &d.source));
  MOSAIC_RETURN_IF_ERROR(get("external_id", &d.external_id));
  d.id = ContentId(d.text);
  return d;
}

}  // namespace mosaic::queue
