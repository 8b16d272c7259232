#pragma once
// The NDJSON import format (API.md "Import format") decoded into app/import.h records, and
// the reader shared by `loopdesk import` and POST /api/v1/import.

#include <functional>
#include <optional>
#include <string_view>

#include "app/import.h"

namespace loopdesk::http {

// Decodes one line. Errors name the field ("events[2].at: must be an ISO 8601 ...").
// Unknown keys are ignored (exports from other tools carry more than loopdesk needs).
// Tries FastDecodeImportLine first, then DecodeImportLineGeneric.
Result<ImportRecord> DecodeImportLine(std::string_view line, int line_no);
// The reference decoder: nlohmann + FieldReader; decides every error message.
Result<ImportRecord> DecodeImportLineGeneric(std::string_view line, int line_no);
// One pass without a JSON tree (import_fast.cc) for well-formed lines; nullopt whenever it
// is not sure (then the generic decoder decides). `line` must be valid UTF-8.
std::optional<ImportRecord> FastDecodeImportLine(std::string_view line, int line_no);

// Feeds every non-blank line of `text` (the whole NDJSON document, or a chunk of whole lines
// starting at line `first_line`) to `importer`: decode errors are recorded with their line.
// Returns the number of lines consumed; a store failure stops the import and is returned.
Result<int> ImportNdjson(std::string_view text, int first_line, Importer& importer);

}  // namespace loopdesk::http
