#pragma once

#include "app/editor/WorkspaceSource.h"
#include "app/shell/CommandLine.h"

namespace feeddeck::app::shell {

// `feeddeck relay`: the workspace's feeds headless on the network thread with a relay::Relay
// beside them, until SIGINT, SIGTERM or --duration; --stats gains the relay's "relay" object.
[[nodiscard]] int runRelay(const CliOptions &options, const editor::ChosenWorkspace &chosen);

} // namespace feeddeck::app::shell
