// sql.hpp — the server's names for the core's statement layer (shared/include/yishi/sql.hpp).
#pragma once
#include "yishi/sql.hpp"

namespace yishi::server {
using core::Query;           // one use of a prepared statement
using core::StatementCache;  // a connection's prepared statements
}  // namespace yishi::server
