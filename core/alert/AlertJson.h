#pragma once

#include "core/alert/FiredAlert.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <optional>

namespace feeddeck::alert {

// The one line format of a fired alert, shared by `--alerts-jsonl` and the window's alert log:
// {"time":"2026-11-22T22:22:17.818Z","rule":"btc-high","feed":"cb","symbol":"BTC-USD",
//  "field":"price","value":70012.5,"severity":"warning","when":"above","note":"..."}
// A value that is not a number (NaN, infinity) is written as null and read back as NaN.

// One line, ending in '\n'.
[[nodiscard]] QByteArray toJsonLine(const FiredAlert &alert);

// One line as toJsonLine wrote it (a trailing newline is allowed). Nothing on a line that is
// not such an object; `*error` then says what is wrong with it ("not JSON", "no \"rule\"").
[[nodiscard]] std::optional<FiredAlert> parseJsonLine(QByteArrayView line, QString *error);

} // namespace feeddeck::alert
