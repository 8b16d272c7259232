#pragma once
// Keyset pagination of the list use cases: a page size from the request (default 50, at most
// 500), one row more asked of the store, and the page cut from it with the cursor of its last
// row when there is more.

#include <utility>
#include <vector>

#include "app/inputs.h"

namespace loopdesk {

inline int ClampPageLimit(int limit) { return limit <= 0 ? 50 : (limit > 500 ? 500 : limit); }

// `rows` fetched with limit + 1: the first `limit` of them, next_cursor = id_of(last) when the
// store had more.
template <typename T, typename IdOf>
Page<T> PageOf(std::vector<T> rows, int limit, IdOf id_of) {
  Page<T> page;
  if (static_cast<int>(rows.size()) > limit) {
    rows.resize(limit);
    page.next_cursor = id_of(rows.back());
  }
  page.items = std::move(rows);
  return page;
}

}  // namespace loopdesk
