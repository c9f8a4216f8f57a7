#pragma once

#include <QString>

namespace feeddeck::app::settings {

// The window's choices (QSettings) live beside the workspace, in ~/.config/feeddeck/, so one
// folder holds everything FeedDeck keeps: QSettings finds it by these names.
[[nodiscard]] QString organizationName();
[[nodiscard]] QString applicationName();

// An earlier FeedDeck kept its settings in `configRoot`/FeedDeck/feeddeck.conf. They move
// to `configRoot`/feeddeck/feeddeck.conf once: only when nothing is there yet, and the old
// folder goes when that leaves it empty. Returns what happened for the log: empty when there
// was nothing to move.
[[nodiscard]] QString moveEarlierSettings(const QString &configRoot);

} // namespace feeddeck::app::settings
