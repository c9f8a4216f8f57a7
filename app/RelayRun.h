#pragma once

#include "app/CommandLine.h"
#include "app/WorkspaceSource.h"

namespace feeddeck::app {

// `feeddeck relay`: the workspace's feeds headless on the network thread with a relay::Relay
// beside them, until SIGINT, SIGTERM or --duration; --stats gains the relay's "relay" object.
[[nodiscard]] int runRelay(const CliOptions &options, const ChosenWorkspace &chosen);

} // namespace feeddeck::app
