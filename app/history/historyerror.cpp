#include "historyerror.h"

#include <utility>

namespace siliang::history {

HistoryError::HistoryError(ErrorKind kind, QString message, int sqliteCode)
    : kind_(kind),
      message_(std::move(message)),
      sqliteCode_(sqliteCode),
      utf8_(message_.toUtf8()) {}

}  // namespace siliang::history
