#pragma once

#include "core/workspace/FeedConfig.h"

#include <QByteArray>
#include <QJsonObject>

namespace feeddeck::workspace {

// The workspace file form of one feed: every known key (defaults written out, so users see
// what they can change) plus every unknown key kept in `extra`.
[[nodiscard]] QJsonObject toJson(const FeedConfig &feed);

// The workspace file form of one alert rule: every known key (cooldown_s, enabled and severity
// written out even at their defaults), window_s when set, note when not empty, then `extra`.
[[nodiscard]] QJsonObject toJson(const alert::AlertRule &rule);

// The whole workspace file; parseWorkspace(toJsonBytes(w)) gives back an equal Workspace.
[[nodiscard]] QJsonObject toJson(const Workspace &workspace);

// Indented UTF-8 JSON with "version" first and each feed's id, name, protocol and url first,
// so a file saved by FeedDeck stays easy to read and edit by hand.
[[nodiscard]] QByteArray toJsonBytes(const Workspace &workspace);

} // namespace feeddeck::workspace
